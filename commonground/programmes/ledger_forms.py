"""A lead's forms for the funding ledger: each reads what was typed and hands `ledger.py` the details;
the writer decides what is allowed and names the field when it is not."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from commonground.core import dates
from commonground.core.forms import StyledFormMixin
from commonground.programmes.ledger import (
    BudgetLineDetails,
    ContributionDetails,
    FunderDetails,
    SpendDetails,
)
from commonground.programmes.ledger_models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    Spend,
    TransferNature,
    ValuationBasis,
)
from commonground.programmes.ledger_queries import WHOLE, Period
from commonground.programmes.models import Organisation, Programme


class PoundsField(forms.DecimalField):
    """An amount in pounds and pence; "£12,345.50" reads as 12345.50."""

    def __init__(self, *, max_digits: int = 12, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_digits=max_digits, decimal_places=2, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "nhsuk-input--width-10"})

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = value.strip().replace(",", "").removeprefix("£").strip()
        return super().to_python(value)


def _name_fields_in_errors(form: forms.BaseForm) -> None:
    """Each error names its field ("Enter the amount committed."), as the error summary links to it."""
    for field in form.fields.values():
        label = str(field.label)
        choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
        field.error_messages["required"] = f"{'Choose' if choose else 'Enter'} the {label.lower()}."
        if isinstance(field, forms.DecimalField):
            pounds = isinstance(field, PoundsField)
            example = "an amount in pounds, such as 12,345" if pounds else "a number, such as 7.5"
            field.error_messages.update(
                invalid=f"{label} must be {example}.",
                max_digits=f"{label} must be smaller.",
                max_whole_digits=f"{label} must be smaller.",
                max_decimal_places=f"{label} must have at most {field.decimal_places} decimal places.",
            )


class _LedgerForm(StyledFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _name_fields_in_errors(self)


class PeriodForm(_LedgerForm):
    """The period the ledger's figures are for; both dates may be left empty."""

    starts_on = dates.DateField(label="From", required=False, help_text="For example, 1 4 2026")
    ends_on = dates.DateField(label="To", required=False, help_text="For example, 31 3 2027")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "To must be the same as or after From.")
        return cleaned

    def period(self) -> Period:
        if not self.is_valid():
            return WHOLE
        return Period(self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on"))


class FunderForm(_LedgerForm):
    name = forms.CharField(label="Name", max_length=200)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Partner organisation",
        help_text="When the funder is one of the system's organisations.",
    )
    charity_number = forms.CharField(label="Charity number", max_length=9, required=False, help_text="For example, 1234567")
    company_number = forms.CharField(label="Company number", max_length=8, required=False, help_text="For example, 01234567")
    org_identifier = forms.CharField(
        label="Organisation identifier", max_length=100, required=False,
        help_text="As 360Giving writes it: GB-CHC-1234567 for a charity, GB-COH-01234567 for a company.",
    )
    commercial = forms.BooleanField(
        label="A commercial partner (its support in kind is a transfer of value to disclose)", required=False
    )

    def __init__(self, *args: Any, programme: Programme, funder: Funder | None = None, **kwargs: Any) -> None:
        if funder is not None:
            kwargs.setdefault("initial", {
                "name": funder.name, "organisation": funder.organisation_id, "charity_number": funder.charity_number,
                "company_number": funder.company_number, "org_identifier": funder.org_identifier,
                "commercial": funder.commercial,
            })
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            system_id=programme.system_id
        ).order_by("name")

    def details(self) -> FunderDetails:
        data = self.cleaned_data
        return FunderDetails(
            name=data["name"], organisation=data.get("organisation"), charity_number=data.get("charity_number", ""),
            company_number=data.get("company_number", ""), org_identifier=data.get("org_identifier", ""),
            commercial=bool(data.get("commercial")),
        )


_BLANK = [("", "Choose…")]


class ContributionForm(_LedgerForm):
    """Cash or support in kind: the page shows every field, and only those of the kind chosen are kept."""

    CASH = ("amount_committed", "committed_on", "amount_received", "received_on", "restrictions")
    IN_KIND = ("what", "valuation_basis", "hours", "hourly_rate", "market_value", "given_on")
    TRANSFER = ("transfer_recipient", "transfer_date", "transfer_value", "transfer_nature")

    funder = forms.ModelChoiceField(queryset=Funder.objects.none(), label="Funder")
    kind = forms.ChoiceField(choices=ContributionKind.choices, label="Kind", widget=forms.RadioSelect)
    description = forms.CharField(label="Description", max_length=300)
    amount_committed = PoundsField(label="Amount committed")
    committed_on = dates.DateField(label="Committed on", required=False)
    amount_received = PoundsField(label="Amount received", help_text="Leave empty until the money arrives.")
    received_on = dates.DateField(label="Received on", required=False)
    restrictions = forms.CharField(
        label="Restrictions", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the money may and may not be spent on.",
    )
    what = forms.CharField(label="What is given", max_length=200, required=False,
                           help_text="For example, facilitation of two module days")
    valuation_basis = forms.ChoiceField(
        choices=ValuationBasis.choices, label="Valued as", required=False, widget=forms.RadioSelect
    )
    hours = forms.DecimalField(label="Hours", max_digits=8, decimal_places=2, required=False)
    hourly_rate = PoundsField(label="Hourly rate")
    market_value = PoundsField(label="Market value")
    given_on = dates.DateField(
        label="Given on", required=False,
        help_text="When it was given, or began. The sessions it delivered date it once they are linked.",
    )
    transfer_recipient = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label="Recipient organisation"
    )
    transfer_date = dates.DateField(label="Date of transfer", required=False)
    transfer_value = PoundsField(label="Value transferred")
    transfer_nature = forms.ChoiceField(
        choices=_BLANK + TransferNature.choices, label="Nature of transfer", required=False
    )

    def __init__(
        self, *args: Any, programme: Programme, contribution: Contribution | None = None, **kwargs: Any
    ) -> None:
        if contribution is not None:
            kwargs.setdefault("initial", {
                name: getattr(contribution, f"{name}_id" if name in ("funder", "transfer_recipient") else name)
                for name in ("funder", "kind", "description", *self.CASH, *self.IN_KIND, *self.TRANSFER)
            })
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = Funder.objects.filter(  # type: ignore[attr-defined]
            system_id=programme.system_id
        ).order_by("name")
        self.fields["transfer_recipient"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            system_id=programme.system_id
        ).order_by("name")

    def group(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def cash_fields(self) -> list[forms.BoundField]:
        return self.group(self.CASH)

    def in_kind_fields(self) -> list[forms.BoundField]:
        return self.group(self.IN_KIND)

    def transfer_fields(self) -> list[forms.BoundField]:
        return self.group(self.TRANSFER)

    def details(self) -> ContributionDetails:
        data = self.cleaned_data
        return ContributionDetails(
            funder=data["funder"], kind=data["kind"], description=data["description"],
            **{name: data.get(name) for name in (*self.CASH, *self.IN_KIND, *self.TRANSFER)
               if name not in ("restrictions", "what", "valuation_basis", "transfer_nature")},
            restrictions=data.get("restrictions") or "", what=data.get("what") or "",
            valuation_basis=data.get("valuation_basis") or "", transfer_nature=data.get("transfer_nature") or "",
        )


class BudgetLineForm(_LedgerForm):
    name = forms.CharField(label="Name", max_length=200, help_text="For example, venues and catering")
    amount_budgeted = PoundsField(label="Amount budgeted", required=True)
    order = forms.IntegerField(
        label="Order", min_value=0, max_value=32767, required=False,
        help_text="Where the line comes in the budget: lower numbers first.",
    )

    def __init__(self, *args: Any, budget_line: BudgetLine | None = None, **kwargs: Any) -> None:
        if budget_line is not None:
            kwargs.setdefault("initial", {
                "name": budget_line.name, "amount_budgeted": budget_line.amount_budgeted, "order": budget_line.order,
            })
        super().__init__(*args, **kwargs)

    def details(self) -> BudgetLineDetails:
        data = self.cleaned_data
        return BudgetLineDetails(name=data["name"], amount_budgeted=data["amount_budgeted"], order=data.get("order") or 0)


class SpendForm(_LedgerForm):
    budget_line = forms.ModelChoiceField(queryset=BudgetLine.objects.none(), label="Budget line")
    spent_on = dates.DateField(label="Date")
    amount = PoundsField(label="Amount", required=True)
    description = forms.CharField(label="Description", max_length=300, help_text="What the money was spent on.")
    paid_to = forms.CharField(label="Paid to", max_length=200, required=False, help_text="The supplier or organisation paid.")

    def __init__(self, *args: Any, programme: Programme, spend: Spend | None = None, **kwargs: Any) -> None:
        if spend is not None:
            kwargs.setdefault("initial", {
                "budget_line": spend.budget_line_id, "spent_on": spend.spent_on, "amount": spend.amount,
                "description": spend.description, "paid_to": spend.paid_to,
            })
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = BudgetLine.objects.filter(programme=programme)  # type: ignore[attr-defined]

    def details(self) -> SpendDetails:
        data = self.cleaned_data
        spent_on: dt.date = data["spent_on"]
        return SpendDetails(
            budget_line=data["budget_line"], spent_on=spent_on, amount=data["amount"],
            description=data["description"], paid_to=data.get("paid_to") or "",
        )
