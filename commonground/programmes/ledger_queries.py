"""Reads of the funding ledger, each in a fixed number of queries whatever its length.

A period runs from `starts_on` to `ends_on`, both days included; either may be open. Within one:

- cash committed counts by the date it was committed, cash received by the date it arrived;
- support in kind counts by the sessions it delivered (`Session.delivered_under`, cancelled
  sessions left out): a period holds the share of its value that its sessions in the period are
  of all its sessions, so three module days of four put three quarters of it in the period; with
  no session linked, it counts whole on the date it was given;
- spending counts by its date, and a budget line's remaining money is what was budgeted less
  everything spent up to the period's end.

Sums and counts are made in the database; only the share of a contribution in kind is worked out
here, in `Decimal`, so SQLite and PostgreSQL agree to the penny.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from commonground.accounts.audit import names
from commonground.programmes.ledger_models import (
    PENNY,
    TRACKED,
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerChange,
    LedgerRecord,
    Spend,
    value_expression,
)
from commonground.programmes.models import Programme

ZERO = Decimal("0.00")
SCHEDULED = "scheduled"  # schedule's SessionStatus.SCHEDULED (not cancelled): this app sits below the schedule
MONEY = DecimalField(max_digits=24, decimal_places=2)


@dataclass(frozen=True)
class Period:
    """From `starts_on` to `ends_on`, both included; None at either end leaves it open."""

    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    def holds(self, day: dt.date | None) -> bool:
        if day is None:
            return self.starts_on is None and self.ends_on is None
        return (self.starts_on is None or day >= self.starts_on) and (self.ends_on is None or day <= self.ends_on)

    def q(self, field: str) -> Q:
        """Rows whose `field` (a date, or a date of a related row) falls in the period."""
        condition = Q()
        if self.starts_on is not None:
            condition &= Q(**{f"{field}__gte": self.starts_on})
        if self.ends_on is not None:
            condition &= Q(**{f"{field}__lte": self.ends_on})
        return condition

    @property
    def is_open(self) -> bool:
        return self.starts_on is None and self.ends_on is None


WHOLE = Period()


@dataclass(frozen=True)
class FunderTotals:
    funder: Funder
    cash_committed: Decimal
    cash_received: Decimal
    in_kind: Decimal

    @property
    def total(self) -> Decimal:
        """Cash committed and support in kind: what the funder gives."""
        return self.cash_committed + self.in_kind

    @property
    def outstanding(self) -> Decimal:
        return self.cash_committed - self.cash_received


def _pounds(value: Decimal | int | float | None) -> Decimal:
    return Decimal(value or 0).quantize(PENNY, rounding=ROUND_HALF_UP)


def funder_totals(
    programme: Programme, *, period: Period = WHOLE, funder: Funder | None = None
) -> list[FunderTotals]:
    """Cash committed, cash received and support in kind for the programme, by funder, in the
    period (every funder with a contribution, or only `funder`). Three queries."""
    contributions = Contribution.objects.filter(programme=programme)
    if funder is not None:
        contributions = contributions.filter(funder=funder)
    cash: dict[int, tuple[Any, Any]] = {
        funder_id: (committed, received)
        for funder_id, committed, received in contributions.filter(kind=ContributionKind.CASH)
        .values("funder")
        .annotate(
            committed=Sum("amount_committed", filter=period.q("committed_on")),
            received=Sum("amount_received", filter=period.q("received_on")),
        )
        .values_list("funder", "committed", "received")
        .order_by()
    }
    in_kind: dict[int, Decimal] = {}
    for contribution in _in_kind_shares(contributions, period):
        in_kind[contribution.funder_id] = in_kind.get(contribution.funder_id, ZERO) + contribution.share
    funders = Funder.objects.filter(pk__in={*cash, *in_kind}).order_by("name", "pk")
    return [
        FunderTotals(
            funder=f,
            cash_committed=_pounds(cash.get(f.pk, (None, None))[0]),
            cash_received=_pounds(cash.get(f.pk, (None, None))[1]),
            in_kind=_pounds(in_kind.get(f.pk)),
        )
        for f in funders
    ]


@dataclass(frozen=True)
class _Share:
    funder_id: int
    share: Decimal


def _in_kind_shares(contributions: QuerySet[Contribution], period: Period) -> list[_Share]:
    """Each contribution in kind's share of its value in the period (one query)."""
    delivered = Q(sessions_delivered__status=SCHEDULED)
    rows = (
        contributions.filter(kind=ContributionKind.IN_KIND)
        .annotate(
            worth=value_expression(),
            sessions=Count("sessions_delivered", filter=delivered),
            sessions_in=Count("sessions_delivered", filter=delivered & period.q("sessions_delivered__starts_at__date")),
        )
        .values_list("funder_id", "worth", "given_on", "sessions", "sessions_in")
    )
    shares = []
    for funder_id, worth, given_on, sessions, sessions_in in rows:
        value = _pounds(worth)
        if sessions:
            share = value * sessions_in / sessions
        else:
            share = value if period.is_open or period.holds(given_on) else ZERO
        shares.append(_Share(funder_id, _pounds(share)))
    return shares


@dataclass(frozen=True)
class BudgetRow:
    line: BudgetLine
    spent: Decimal  # in the period
    spent_to_date: Decimal  # up to the period's end

    @property
    def remaining(self) -> Decimal:
        return self.line.amount_budgeted - self.spent_to_date


@dataclass(frozen=True)
class Budget:
    rows: list[BudgetRow]

    @property
    def budgeted(self) -> Decimal:
        return sum((row.line.amount_budgeted for row in self.rows), ZERO)

    @property
    def spent(self) -> Decimal:
        return sum((row.spent for row in self.rows), ZERO)

    @property
    def spent_to_date(self) -> Decimal:
        return sum((row.spent_to_date for row in self.rows), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.budgeted - self.spent_to_date


def budget_against_spend(programme: Programme, *, period: Period = WHOLE) -> Budget:
    """Each budget line with what was spent in the period and what remains at its end. One query."""
    to_date = Period(ends_on=period.ends_on)
    lines = BudgetLine.objects.filter(programme=programme).annotate(
        spent=Coalesce(Sum("spend__amount", filter=period.q("spend__spent_on")), Value(ZERO), output_field=MONEY),
        to_date=Coalesce(Sum("spend__amount", filter=to_date.q("spend__spent_on")), Value(ZERO), output_field=MONEY),
    )
    return Budget([BudgetRow(line, _pounds(line.spent), _pounds(line.to_date)) for line in lines])  # type: ignore[attr-defined]


def spending(programme: Programme, *, period: Period = WHOLE) -> QuerySet[Spend]:
    """The programme's spending entries in the period, newest first, with their budget lines."""
    return (
        Spend.objects.filter(budget_line__programme=programme)
        .filter(period.q("spent_on"))
        .select_related("budget_line")
        .order_by("-spent_on", "-pk")
    )


def contributions(programme: Programme, *, funder: Funder | None = None) -> QuerySet[Contribution]:
    """The programme's contributions with their funder, recipient and the number of sessions each delivered."""
    rows = Contribution.objects.filter(programme=programme)
    if funder is not None:
        rows = rows.filter(funder=funder)
    return (
        rows.select_related("funder", "transfer_recipient")
        .annotate(sessions=Count("sessions_delivered"))
        .order_by("funder__name", "kind", "committed_on", "given_on", "pk")
    )


def funders(programme: Programme) -> QuerySet[Funder]:
    """Every funder of the programme's system, with its organisation and what it gives this programme."""
    return (
        Funder.objects.filter(system_id=programme.system_id)
        .select_related("organisation")
        .annotate(
            given=Count("contributions", filter=Q(contributions__programme=programme)),
            worth=Sum(value_expression("contributions__"), filter=Q(contributions__programme=programme)),
        )
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class TransferOfValue:
    """One row of a commercial funder's disclosure: to which organisation, when, how much, of what nature."""

    contribution: Contribution
    funder: Funder
    recipient: str
    date: dt.date
    value: Decimal
    nature: str


def transfers_of_value(
    programme: Programme, *, funder: Funder | None = None, period: Period = WHOLE
) -> list[TransferOfValue]:
    """The transfers of value commercial funders made through the programme, by date (one query)."""
    rows = (
        Contribution.objects.filter(
            programme=programme, funder__commercial=True, kind=ContributionKind.IN_KIND,
            transfer_recipient__isnull=False,
        )
        .filter(period.q("transfer_date"))
        .select_related("funder", "transfer_recipient")
        .order_by("transfer_date", "pk")
    )
    if funder is not None:
        rows = rows.filter(funder=funder)
    return [
        TransferOfValue(
            contribution=c, funder=c.funder, recipient=c.transfer_recipient.name,  # type: ignore[union-attr]
            date=c.transfer_date, value=_pounds(c.transfer_value), nature=c.get_transfer_nature_display(),  # type: ignore[arg-type]
        )
        for c in rows
    ]


# -- The change history -----------------------------------------------------------------------

FIELD_LABELS: dict[str, dict[str, str]] = {
    record: {name: str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in TRACKED[record]}
    for record, model in (
        (LedgerRecord.FUNDER, Funder),
        (LedgerRecord.CONTRIBUTION, Contribution),
        (LedgerRecord.BUDGET_LINE, BudgetLine),
        (LedgerRecord.SPEND, Spend),
    )
}
FIELD_LABELS[LedgerRecord.CONTRIBUTION]["sessions"] = "sessions delivered"
NOBODY = "Someone no longer here"


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    change: LedgerChange
    by: str
    fields: list[FieldChange]


def history(programme: Programme) -> QuerySet[LedgerChange]:
    """The programme's ledger changes, newest first (page it, then `described`)."""
    return LedgerChange.objects.filter(programme=programme).order_by("-at", "-pk")


def described(changes: Iterable[LedgerChange]) -> list[HistoryRow]:
    """Changes as a page shows them: who made each (one query for the names) and each field's label."""
    changes = list(changes)
    people = names(c.actor_id for c in changes)
    return [
        HistoryRow(
            change=c,
            by=people.get(c.actor_id or 0, NOBODY),
            fields=[
                FieldChange(FIELD_LABELS.get(c.record, {}).get(name, name.replace("_", " ")), *_pair(values))
                for name, values in c.changes.items()
            ],
        )
        for c in changes
    ]


def _pair(values: Sequence[str]) -> tuple[str, str]:
    before, after = [*values, "", ""][:2]
    return str(before), str(after)


def recent_history(programme: Programme, *, limit: int = 10) -> list[HistoryRow]:
    """The latest changes, described (two queries)."""
    return described(history(programme)[:limit])
