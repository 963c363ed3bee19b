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


def _counts_by(programme: Programme, field: str) -> dict[str, int]:
    """Participants of a programme counted by one field, in one grouped query."""
    rows = (
        Membership.objects.participants()
        .filter(programme=programme)
        .values(field)
        .annotate(n=Count("pk"))
        .order_by(field)
        .values_list(field, "n")
    )
    return {str(key): n for key, n in rows}


def participants_by_sector(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    labels = {str(value): str(label) for value, label in Sector.choices}
    labels["None"] = "No organisation recorded"
    return _rows(_counts_by(programme, "person__organisation__sector"), labels, suppressed=suppressed)


def participants_by_sector_family(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    families: dict[str, int] = {}
    for sector, n in _counts_by(programme, "person__organisation__sector").items():
        family = SECTOR_FAMILY.get(sector, SectorFamily.OTHER_PUBLIC) if sector != "None" else "unknown"
        families[str(family)] = families.get(str(family), 0) + n
    labels = {str(value): str(label) for value, label in SectorFamily.choices}
    labels["unknown"] = "No organisation recorded"
    return _rows(families, labels, suppressed=suppressed)


def _labelled(counts: dict[str, int], empty_label: str, *, suppressed: bool) -> list[FigureRow]:
    return [
        FigureRow(label=empty_label if key == "None" else key, count=suppress(n) if suppressed else n)
        for key, n in counts.items()
    ]


def participants_by_place(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    counts = _counts_by(programme, "cohort__place__name")
    return _labelled(counts, "System-wide or not yet placed", suppressed=suppressed)


def participants_by_cohort(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    return _labelled(_counts_by(programme, "cohort__name"), "Not yet placed in a cohort", suppressed=suppressed)


def participants_by_seniority(programme: Programme, *, suppressed: bool = False) -> list[FigureRow]:
    labels = {str(value): str(label) for value, label in Seniority.choices}
    labels[""] = "Not recorded"
    return _rows(_counts_by(programme, "person__seniority"), labels, suppressed=suppressed)


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


def funding_summary(programme: Programme, *, participants: int | None = None) -> FundingSummary:
    totals = dict(
        Contribution.objects.filter(programme=programme)
        .values("kind")
        .annotate(total=Sum(F("units") * F("unit_value")))
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
