"""Reusable reads: programme figures built with a fixed number of queries whatever the size."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Sum

from commonground.accounts.models import Seniority
from commonground.programmes.models import (
    SECTOR_FAMILY,
    Contribution,
    ContributionKind,
    Membership,
    Programme,
    Sector,
    SectorFamily,
)

SMALL_NUMBER = 5  # aggregates from fewer people than this are never shown


@dataclass(frozen=True)
class FigureRow:
    """One line of a figures table; `count` is None when suppressed."""

    label: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


def suppress(count: int) -> int | None:
    """Hide counts under the small-number threshold (zero is shown: it identifies nobody)."""
    return None if 0 < count < SMALL_NUMBER else count


def _rows(counts: dict[str, int], labels: dict[str, str], *, suppressed: bool) -> list[FigureRow]:
    rows = []
    for key, label in labels.items():
        count = counts.get(key, 0)
        if count == 0:
            continue
        rows.append(FigureRow(label=label, count=suppress(count) if suppressed else count))
    return rows


def participant_total(programme: Programme) -> int:
    return Membership.objects.participants().filter(programme=programme).count()


def participants_by_sector(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    counts = dict(
        Membership.objects.participants()
        .filter(programme=programme)
        .values_list("person__organisation__sector")
        .annotate(n=Count("pk"))
        .values_list("person__organisation__sector", "n")
    )
    labels = {str(value): str(label) for value, label in Sector.choices}
    labels["None"] = "No organisation recorded"
    counts = {str(k): v for k, v in counts.items()}
    return _rows(counts, labels, suppressed=suppressed)


def participants_by_sector_family(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    by_sector = dict(
        Membership.objects.participants()
        .filter(programme=programme)
        .values_list("person__organisation__sector")
        .annotate(n=Count("pk"))
        .values_list("person__organisation__sector", "n")
    )
    families: dict[str, int] = {}
    for sector, n in by_sector.items():
        family = SECTOR_FAMILY.get(sector, SectorFamily.OTHER_PUBLIC) if sector else "unknown"
        families[str(family)] = families.get(str(family), 0) + n
    labels = {str(value): str(label) for value, label in SectorFamily.choices}
    labels["unknown"] = "No organisation recorded"
    return _rows(families, labels, suppressed=suppressed)


def participants_by_place(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    rows = (
        Membership.objects.participants()
        .filter(programme=programme)
        .values("cohort__place__name")
        .annotate(n=Count("pk"))
        .order_by("cohort__place__name")
    )
    result = []
    for row in rows:
        label = row["cohort__place__name"] or "System-wide or not yet placed"
        result.append(FigureRow(label=label, count=suppress(row["n"]) if suppressed else row["n"]))
    return result


def participants_by_cohort(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    rows = (
        Membership.objects.participants()
        .filter(programme=programme)
        .values("cohort__name")
        .annotate(n=Count("pk"))
        .order_by("cohort__name")
    )
    return [
        FigureRow(
            label=row["cohort__name"] or "Not yet placed in a cohort",
            count=suppress(row["n"]) if suppressed else row["n"],
        )
        for row in rows
    ]


def participants_by_seniority(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    counts = dict(
        Membership.objects.participants()
        .filter(programme=programme)
        .values_list("person__seniority")
        .annotate(n=Count("pk"))
        .values_list("person__seniority", "n")
    )
    labels = {str(value): str(label) for value, label in Seniority.choices}
    labels[""] = "Not recorded"
    return _rows({str(k): v for k, v in counts.items()}, labels, suppressed=suppressed)


def organisations_taking_part(programme: Programme) -> int:
    return (
        Membership.objects.participants()
        .filter(programme=programme, person__organisation__isnull=False)
        .values("person__organisation")
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


def funding_summary(programme: Programme) -> FundingSummary:
    totals = dict(
        Contribution.objects.filter(programme=programme)
        .values("kind")
        .annotate(total=Sum(F("units") * F("unit_value")))
        .values_list("kind", "total")
    )
    return FundingSummary(
        cash=Decimal(totals.get(ContributionKind.CASH) or 0).quantize(Decimal("0.01")),
        in_kind=Decimal(totals.get(ContributionKind.IN_KIND) or 0).quantize(Decimal("0.01")),
        participants=participant_total(programme),
    )


def contributions_by_funder(programme: Programme) -> list[dict[str, object]]:
    rows = (
        Contribution.objects.filter(programme=programme)
        .values("funder__name", "kind")
        .annotate(total=Sum(F("units") * F("unit_value")))
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
