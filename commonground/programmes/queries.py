"""Reusable reads: programme figures built with a fixed number of queries whatever the size.

Counts of participants that pages publish are in `figures.py`, through disclosure control.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from commonground.programmes.ledger_models import value_expression
from commonground.programmes.models import (
    Cohort,
    Contribution,
    ContributionKind,
    Membership,
    Programme,
)
from commonground.programmes.where import here


def participant_total(programme: Programme) -> int:
    return Membership.objects.participants().filter(programme=programme).count()


def places_offered_by_place(programme: Programme) -> dict[str, int]:
    """The places the programme's cohorts offer (their capacities), by place name: reach's targets.

    System-wide cohorts belong to no place and are left out. One query."""
    return dict(
        Cohort.objects.filter(programme=programme, place__isnull=False)
        .values("place__name")
        .annotate(places=Sum("capacity"))
        .values_list("place__name", "places")
        .order_by("place__name")
    )


def organisations_taking_part(programme: Programme) -> int:
    return (
        Membership.objects.participants()
        .filter(programme=programme)
        .alias(work=here(programme.system_id))
        .filter(work__organisation__isnull=False)
        .values("work__organisation")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class FundingSummary:
    cash: Decimal
    in_kind: Decimal
    participants: int

    @property
    def total(self) -> Decimal:
        return self.cash + self.in_kind

    @property
    def per_participant(self) -> Decimal | None:
        if self.participants == 0:
            return None
        return (self.total / self.participants).quantize(Decimal("0.01"))


def funding_summary(programme: Programme, *, participants: int | None = None) -> FundingSummary:
    """Cash committed and support in kind (`Contribution.value`) over the whole programme."""
    totals = dict(
        Contribution.objects.filter(programme=programme)
        .values("kind")
        .annotate(total=Sum(value_expression()))
        .values_list("kind", "total")
    )
    return FundingSummary(
        cash=Decimal(totals.get(ContributionKind.CASH) or 0).quantize(Decimal("0.01")),
        in_kind=Decimal(totals.get(ContributionKind.IN_KIND) or 0).quantize(Decimal("0.01")),
        participants=participant_total(programme) if participants is None else participants,
    )


def contributions_by_funder(programme: Programme) -> list[dict[str, object]]:
    rows = (
        Contribution.objects.filter(programme=programme)
        .values("funder__name", "kind")
        .annotate(total=Sum(value_expression()))
        .order_by("funder__name", "kind")
    )
    labels = dict(ContributionKind.choices)
    return [
        {
            "funder": row["funder__name"],
            "kind": labels[row["kind"]],
            "total": Decimal(row["total"]).quantize(Decimal("0.01")),
        }
        for row in rows
    ]
