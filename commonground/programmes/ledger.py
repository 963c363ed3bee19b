"""The funding ledger's one writer: funders, contributions, budget lines and spending.

Every function is keyword-only and runs in one transaction; each change it makes is kept as a
`LedgerChange` row (who, when, which row, and every changed field before and after, as text) in
that same transaction, so a change and its history stand or fall together. Bad input raises a
`ValidationError` whose keys name the fields at fault, and nothing is written.

The rows being changed are read again under a lock (`select_for_update`), so the history's
"before" is what the database held, not what a page showed some minutes earlier. Which sessions
support in kind delivered is the schedule's to write (`schedule/services/delivery.py`); it keeps
its history here through `record_change`.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

from commonground.accounts.models import Person
from commonground.programmes.ledger_models import (
    CASH_FIELDS,
    IN_KIND_FIELDS,
    REGISTER_FIELDS,
    TRACKED,
    TRANSFER_FIELDS,
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerAction,
    LedgerChange,
    LedgerRecord,
    Spend,
    ValuationBasis,
)
from commonground.programmes.models import Organisation, Programme


@dataclass(frozen=True)
class FunderDetails:
    name: str
    organisation: Organisation | None = None
    charity_number: str = ""
    company_number: str = ""
    org_identifier: str = ""
    commercial: bool = False


@dataclass(frozen=True)
class ContributionDetails:
    """A contribution as entered: the fields of the other kind are ignored (and left empty)."""

    funder: Funder
    kind: str
    description: str
    amount_committed: Decimal | None = None
    committed_on: dt.date | None = None
    amount_received: Decimal | None = None
    received_on: dt.date | None = None
    restrictions: str = ""
    what: str = ""
    valuation_basis: str = ""
    hours: Decimal | None = None
    hourly_rate: Decimal | None = None
    market_value: Decimal | None = None
    given_on: dt.date | None = None
    transfer_recipient: Organisation | None = None
    transfer_date: dt.date | None = None
    transfer_value: Decimal | None = None
    transfer_nature: str = ""


@dataclass(frozen=True)
class BudgetLineDetails:
    name: str
    amount_budgeted: Decimal
    order: int = 0


@dataclass(frozen=True)
class SpendDetails:
    budget_line: BudgetLine
    spent_on: dt.date
    amount: Decimal
    description: str
    paid_to: str = ""


# -- History ----------------------------------------------------------------------------------


def as_text(value: Any) -> str:
    """A field's value as the history keeps it: pounds to the penny, ISO dates, names, yes or no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def snapshot(obj: models.Model, record: str) -> dict[str, str]:
    """The tracked fields of a row as text (choices by their label, related rows by name)."""
    values: dict[str, str] = {}
    for name in TRACKED[record]:
        field = obj._meta.get_field(name)
        if getattr(field, "choices", None) and getattr(obj, name):
            values[name] = str(getattr(obj, f"get_{name}_display")())
        else:
            values[name] = as_text(getattr(obj, name))
    return values


def record_change(
    *,
    programme: Programme,
    by: Person | None,
    record: str,
    obj: models.Model,
    action: str,
    before: Mapping[str, str],
    after: Mapping[str, str],
) -> LedgerChange | None:
    """Keep one change to a ledger row with the fields that differ; None when nothing changed."""
    changes = {
        name: [before.get(name, ""), after.get(name, "")]
        for name in dict.fromkeys([*before, *after])
        if before.get(name, "") != after.get(name, "")
    }
    if not changes and action == LedgerAction.CHANGED:
        return None
    return LedgerChange.objects.create(
        programme=programme, actor_id=by.pk if by else None, record=record, object_id=obj.pk,
        label=str(obj)[:300], action=action, changes=changes,
    )


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _checked(obj: models.Model, errors: dict[str, str], *, exclude: tuple[str, ...] = ()) -> None:
    """Our own checks first, then the model's (field lengths, shapes, choices), all at once."""
    try:
        obj.full_clean(exclude=list(exclude), validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, " ".join(messages))
    _refuse(errors)


def _save_and_record(
    *, programme: Programme, by: Person | None, record: str, obj: models.Model, errors: dict[str, str],
    before: Mapping[str, str] | None = None, exclude: tuple[str, ...] = (),
) -> None:
    """Check, save and keep the change: created when there is no `before`, changed otherwise."""
    _checked(obj, errors, exclude=exclude)
    obj.save()
    record_change(
        programme=programme, by=by, record=record, obj=obj,
        action=LedgerAction.CREATED if before is None else LedgerAction.CHANGED,
        before=before or {}, after=snapshot(obj, record),
    )


def _one_line(text: str) -> str:
    return text.strip()


# -- Funders ----------------------------------------------------------------------------------


def _funder_errors(funder: Funder, *, programme: Programme) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not funder.name:
        errors["name"] = "Enter the funder's name."
    elif (
        Funder.objects.filter(system_id=programme.system_id, name__iexact=funder.name).exclude(pk=funder.pk).exists()
    ):
        errors["name"] = f"{funder.name} is already a funder in this system."
    if funder.organisation is not None and funder.organisation.system_id != programme.system_id:
        errors["organisation"] = f"{funder.organisation.name} is not an organisation of this system."
    for prefix, field in REGISTER_FIELDS.items():
        number = getattr(funder, field)
        if funder.org_identifier.startswith(prefix) and number and funder.org_identifier != prefix + number:
            label = getattr(Funder._meta.get_field(field), "verbose_name", field)
            errors["org_identifier"] = f"Organisation identifier must be {prefix}{number}, to match the {label}."
    return errors


def _fill_funder(funder: Funder, details: FunderDetails) -> None:
    funder.name = _one_line(details.name)
    funder.organisation = details.organisation
    funder.charity_number = details.charity_number.strip().upper().replace(" ", "")
    funder.company_number = details.company_number.strip().upper().replace(" ", "")
    funder.org_identifier = details.org_identifier.strip().replace(" ", "")
    funder.commercial = details.commercial


@transaction.atomic
def create_funder(*, programme: Programme, by: Person | None, details: FunderDetails) -> Funder:
    """Add a funder to the programme's system."""
    funder = Funder(system_id=programme.system_id)
    _fill_funder(funder, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.FUNDER, obj=funder,
        errors=_funder_errors(funder, programme=programme), exclude=("system",)
    )
    return funder


@transaction.atomic
def update_funder(*, programme: Programme, by: Person | None, funder: Funder, details: FunderDetails) -> Funder:
    """Change a funder of the programme's system."""
    funder = _locked(Funder.objects.filter(system_id=programme.system_id), funder.pk, "funder")
    before = snapshot(funder, LedgerRecord.FUNDER)
    _fill_funder(funder, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.FUNDER, obj=funder,
        errors=_funder_errors(funder, programme=programme), before=before, exclude=("system",)
    )
    return funder


@transaction.atomic
def delete_funder(*, programme: Programme, by: Person | None, funder: Funder) -> None:
    """Delete a funder with no contributions left (to any programme)."""
    funder = _locked(Funder.objects.filter(system_id=programme.system_id), funder.pk, "funder")
    given = funder.contributions.count()
    if given:
        raise ValidationError(
            {"funder": f"{funder.name} has {given} contribution{'s' if given != 1 else ''} recorded: delete "
             f"{'them' if given != 1 else 'it'} first."}
        )
    record_change(
        programme=programme, by=by, record=LedgerRecord.FUNDER, obj=funder, action=LedgerAction.DELETED,
        before=snapshot(funder, LedgerRecord.FUNDER), after={},
    )
    try:
        with transaction.atomic():
            funder.delete()
    except (ProtectedError, RestrictedError):
        # Something above this app keeps it (a report pack made for the funder, say).
        raise ValidationError({"funder": f"{funder.name} is named on other records, such as report packs."}) from None


# -- Contributions ----------------------------------------------------------------------------


def _fill_contribution(contribution: Contribution, details: ContributionDetails) -> None:
    """Copy the details in, keeping only the fields of the contribution's kind (and the transfer of
    value only for a commercial funder's support in kind)."""
    contribution.funder = details.funder
    contribution.kind = details.kind
    contribution.description = _one_line(details.description)
    cash = details.kind == ContributionKind.CASH
    in_kind = details.kind == ContributionKind.IN_KIND
    transfer = in_kind and details.funder.commercial
    for name in CASH_FIELDS:
        setattr(contribution, name, getattr(details, name) if cash else _empty(name))
    for name in IN_KIND_FIELDS:
        setattr(contribution, name, getattr(details, name) if in_kind else _empty(name))
    if in_kind:
        contribution.what = _one_line(details.what)
        if details.valuation_basis == ValuationBasis.HOURS:
            contribution.market_value = None
        elif details.valuation_basis == ValuationBasis.MARKET:
            contribution.hours = contribution.hourly_rate = None
    for name in TRANSFER_FIELDS:
        setattr(contribution, name, getattr(details, name) if transfer else _empty(name))


def _empty(name: str) -> Any:
    return "" if name in ("restrictions", "what", "valuation_basis", "transfer_nature") else None


def _contribution_errors(contribution: Contribution, *, programme: Programme) -> dict[str, str]:
    errors: dict[str, str] = {}
    funder = contribution.funder
    if funder.system_id != programme.system_id:
        errors["funder"] = f"{funder.name} does not fund programmes of this system."
    if not contribution.description:
        errors["description"] = "Enter a description."
    if contribution.kind == ContributionKind.CASH:
        if contribution.amount_committed is None:
            errors["amount_committed"] = "Enter the amount committed."
        elif contribution.amount_committed <= 0:
            errors["amount_committed"] = "Amount committed must be more than £0."
        if contribution.committed_on is None:
            errors["committed_on"] = "Enter the date the money was committed."
        received, on = contribution.amount_received, contribution.received_on
        if received is not None and on is None:
            errors["received_on"] = "Enter the date the money was received."
        if on is not None and received is None:
            errors["amount_received"] = "Enter the amount received, or leave the date empty."
        if received is not None and received < 0:
            errors["amount_received"] = "Amount received must be £0 or more."
        elif received is not None and contribution.amount_committed is not None and received > contribution.amount_committed:
            errors["amount_received"] = "Amount received must not be more than the amount committed."
    elif contribution.kind == ContributionKind.IN_KIND:
        errors.update(_valuation_errors(contribution))
        if funder.commercial:
            errors.update(_transfer_errors(contribution, programme=programme))
    else:
        errors["kind"] = "Choose cash or in kind."
    return errors


def _valuation_errors(contribution: Contribution) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not contribution.what:
        errors["what"] = "Enter what is given."
    if contribution.given_on is None:
        errors["given_on"] = "Enter the date it was given, or began."
    if contribution.valuation_basis == ValuationBasis.HOURS:
        if contribution.hours is None:
            errors["hours"] = "Enter the hours given."
        elif contribution.hours <= 0:
            errors["hours"] = "Hours must be more than 0."
        if contribution.hourly_rate is None:
            errors["hourly_rate"] = "Enter the hourly rate."
        elif contribution.hourly_rate < 0:
            errors["hourly_rate"] = "Hourly rate must be £0 or more."
    elif contribution.valuation_basis == ValuationBasis.MARKET:
        if contribution.market_value is None:
            errors["market_value"] = "Enter the market value."
        elif contribution.market_value < 0:
            errors["market_value"] = "Market value must be £0 or more."
    else:
        errors["valuation_basis"] = "Choose how it is valued: hours at an hourly rate, or its market value."
    return errors


def _transfer_errors(contribution: Contribution, *, programme: Programme) -> dict[str, str]:
    """A commercial funder's support in kind is a transfer of value, disclosed in full."""
    errors: dict[str, str] = {}
    recipient = contribution.transfer_recipient
    if recipient is None:
        errors["transfer_recipient"] = "Choose the organisation that received it (a commercial funder's support is disclosed)."
    elif recipient.system_id != programme.system_id:
        errors["transfer_recipient"] = f"{recipient.name} is not an organisation of this system."
    if contribution.transfer_date is None:
        errors["transfer_date"] = "Enter the date of the transfer of value."
    if contribution.transfer_value is None:
        errors["transfer_value"] = "Enter the value transferred."
    elif contribution.transfer_value < 0:
        errors["transfer_value"] = "Value transferred must be £0 or more."
    if not contribution.transfer_nature:
        errors["transfer_nature"] = "Choose the nature of the transfer of value."
    return errors


@transaction.atomic
def create_contribution(
    *, programme: Programme, by: Person | None, details: ContributionDetails
) -> Contribution:
    """Record a funder's cash or support in kind for the programme."""
    contribution = Contribution(programme=programme)
    _fill_contribution(contribution, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.CONTRIBUTION, obj=contribution,
        errors=_contribution_errors(contribution, programme=programme), exclude=("programme",)
    )
    return contribution


@transaction.atomic
def update_contribution(
    *, programme: Programme, by: Person | None, contribution: Contribution, details: ContributionDetails
) -> Contribution:
    """Change one of the programme's contributions (cash becomes in kind only once no session is linked)."""
    contribution = _locked(
        Contribution.objects.filter(programme=programme).select_related("funder", "transfer_recipient"),
        contribution.pk, "contribution",
    )
    before = snapshot(contribution, LedgerRecord.CONTRIBUTION)
    _fill_contribution(contribution, details)
    errors = _contribution_errors(contribution, programme=programme)
    delivered = contribution.sessions_delivered.count()  # type: ignore[attr-defined]
    if contribution.kind != ContributionKind.IN_KIND and delivered:
        errors["kind"] = (
            f"It delivered {delivered} session{'s' if delivered != 1 else ''}: unlink "
            f"{'them' if delivered != 1 else 'it'} before making it cash."
        )
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.CONTRIBUTION, obj=contribution,
        errors=errors, before=before, exclude=("programme",)
    )
    return contribution


@transaction.atomic
def delete_contribution(*, programme: Programme, by: Person | None, contribution: Contribution) -> None:
    """Delete one of the programme's contributions; the sessions it delivered are simply unlinked."""
    contribution = _locked(
        Contribution.objects.filter(programme=programme).select_related("funder", "transfer_recipient"),
        contribution.pk, "contribution",
    )
    record_change(
        programme=programme, by=by, record=LedgerRecord.CONTRIBUTION, obj=contribution,
        action=LedgerAction.DELETED, before=snapshot(contribution, LedgerRecord.CONTRIBUTION), after={},
    )
    contribution.delete()


# -- The budget and its spending --------------------------------------------------------------


def _budget_line_errors(line: BudgetLine, *, programme: Programme) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not line.name:
        errors["name"] = "Enter the budget line's name."
    elif BudgetLine.objects.filter(programme=programme, name__iexact=line.name).exclude(pk=line.pk).exists():
        errors["name"] = f"The budget already has a line called {line.name}."
    if line.amount_budgeted is None:
        errors["amount_budgeted"] = "Enter the amount budgeted."
    elif line.amount_budgeted < 0:
        errors["amount_budgeted"] = "Amount budgeted must be £0 or more."
    return errors


def _fill_budget_line(line: BudgetLine, details: BudgetLineDetails) -> None:
    line.name, line.amount_budgeted, line.order = _one_line(details.name), details.amount_budgeted, details.order


@transaction.atomic
def create_budget_line(*, programme: Programme, by: Person | None, details: BudgetLineDetails) -> BudgetLine:
    """Add a line to the programme's budget."""
    line = BudgetLine(programme=programme)
    _fill_budget_line(line, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.BUDGET_LINE, obj=line,
        errors=_budget_line_errors(line, programme=programme), exclude=("programme",)
    )
    return line


@transaction.atomic
def update_budget_line(
    *, programme: Programme, by: Person | None, budget_line: BudgetLine, details: BudgetLineDetails
) -> BudgetLine:
    """Change a line of the programme's budget."""
    line = _locked(BudgetLine.objects.filter(programme=programme), budget_line.pk, "budget_line")
    before = snapshot(line, LedgerRecord.BUDGET_LINE)
    _fill_budget_line(line, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.BUDGET_LINE, obj=line,
        errors=_budget_line_errors(line, programme=programme), before=before, exclude=("programme",)
    )
    return line


@transaction.atomic
def delete_budget_line(*, programme: Programme, by: Person | None, budget_line: BudgetLine) -> None:
    """Delete a budget line with no spending recorded against it."""
    line = _locked(BudgetLine.objects.filter(programme=programme), budget_line.pk, "budget_line")
    entries = line.spend.count()  # type: ignore[attr-defined]
    if entries:
        raise ValidationError(
            {"budget_line": f"{line.name} has {entries} spending entr{'ies' if entries != 1 else 'y'}: "
             "delete them, or move them to another line, first."}
        )
    record_change(
        programme=programme, by=by, record=LedgerRecord.BUDGET_LINE, obj=line, action=LedgerAction.DELETED,
        before=snapshot(line, LedgerRecord.BUDGET_LINE), after={},
    )
    line.delete()


def _spend_errors(spend: Spend, *, programme: Programme) -> dict[str, str]:
    errors: dict[str, str] = {}
    if spend.budget_line.programme_id != programme.pk:
        errors["budget_line"] = "Choose a line of this programme's budget."
    if spend.spent_on is None:
        errors["spent_on"] = "Enter the date of the spending."
    if spend.amount is None:
        errors["amount"] = "Enter the amount spent."
    elif spend.amount <= 0:
        errors["amount"] = "Amount must be more than £0."
    if not spend.description:
        errors["description"] = "Enter what the money was spent on."
    return errors


def _fill_spend(spend: Spend, details: SpendDetails) -> None:
    spend.budget_line, spend.spent_on, spend.amount = details.budget_line, details.spent_on, details.amount
    spend.description, spend.paid_to = _one_line(details.description), _one_line(details.paid_to)


@transaction.atomic
def create_spend(*, programme: Programme, by: Person | None, details: SpendDetails) -> Spend:
    """Record money spent against a line of the programme's budget."""
    spend = Spend()
    _fill_spend(spend, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.SPEND, obj=spend,
        errors=_spend_errors(spend, programme=programme)
    )
    return spend


@transaction.atomic
def update_spend(*, programme: Programme, by: Person | None, spend: Spend, details: SpendDetails) -> Spend:
    """Change a spending entry of the programme's budget."""
    spend = _locked(
        Spend.objects.filter(budget_line__programme=programme).select_related("budget_line"), spend.pk, "spend"
    )
    before = snapshot(spend, LedgerRecord.SPEND)
    _fill_spend(spend, details)
    _save_and_record(
        programme=programme, by=by, record=LedgerRecord.SPEND, obj=spend,
        errors=_spend_errors(spend, programme=programme), before=before
    )
    return spend


@transaction.atomic
def delete_spend(*, programme: Programme, by: Person | None, spend: Spend) -> None:
    """Delete a spending entry of the programme's budget."""
    spend = _locked(
        Spend.objects.filter(budget_line__programme=programme).select_related("budget_line"), spend.pk, "spend"
    )
    record_change(
        programme=programme, by=by, record=LedgerRecord.SPEND, obj=spend, action=LedgerAction.DELETED,
        before=snapshot(spend, LedgerRecord.SPEND), after={},
    )
    spend.delete()


def _locked[M: models.Model](rows: "models.QuerySet[M]", pk: int | None, field: str) -> M:
    """The row, locked for this transaction; a ValidationError naming `field` when it is not one of `rows`."""
    found = rows.select_for_update(of=("self",)).filter(pk=pk).first()
    if found is None:
        raise ValidationError({field: "That is not part of this programme's ledger."})
    return found
