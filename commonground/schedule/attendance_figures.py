"""Attendance figures as published: the whole programme, by cohort, by sector and by organisation,
protected together by `core.disclosure`.

Each row counts invitations to ended sessions: offered = attended + apologies + absent + not
recorded. Every column of the cohort rows, of the sector rows and of the organisation rows adds
up to the whole-programme row, and each sector's rows to the sum of its organisations'. Cells
from 1 to 4 are hidden, every non-zero cell of a row that stands for fewer than 5 people is
hidden (a handful of people's attendance is theirs; zeros are shown, as everywhere), and so are
enough others that no hidden cell can be
worked out from the rest. The per-person list stays what it is: staff's working list of people,
not an aggregate. Three grouped queries whatever the size.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from commonground.core import publishing
from commonground.core.disclosure import THRESHOLD, Publication, Relation, Table
from commonground.programmes.models import Sector
from commonground.schedule.attendance import FigureLine, attendance_counts, counted
from commonground.schedule.models import Invitation, Reply

COLUMNS = ("attended", "apologies", "absent", "unrecorded")


@dataclass(frozen=True)
class AttendanceFigures:
    totals: list[FigureLine]
    cohorts: list[FigureLine]
    sectors: list[FigureLine]
    organisations: list[FigureLine]
    publication: Publication = field(repr=False)


def _counts(queryset: QuerySet[Invitation], *group: str) -> list[dict[str, object]]:
    return list(counted(queryset, *group))


def attendance_figures(offered: QuerySet[Invitation]) -> AttendanceFigures:
    """The aggregate tables of the attendance page, every count decided once."""
    total = offered.aggregate(**attendance_counts())
    cohorts = _counts(offered, "person__memberships__cohort_id", "person__memberships__cohort__name")
    # By where each person works in the programme's system (`offered_invitations` aliases it `work`).
    organisations = _counts(offered, "work__organisation_id", "work__organisation__name", "work__organisation__sector")
    sector_labels = dict(Sector.choices)

    cells: dict[str, int] = {}
    sensitive: set[str] = set()
    relations: list[Relation] = []
    rows: dict[str, tuple[str, int]] = {}  # row key → (label, people)

    def add_row(key: str, label: str, row: dict[str, object]) -> None:
        people = int(row["people"])  # type: ignore[call-overload]
        rows[key] = (label, people)
        for column in ("offered", *COLUMNS):
            cells[f"{key}.{column}"] = int(row[column])  # type: ignore[call-overload]
            if 0 < people < THRESHOLD:
                sensitive.add(f"{key}.{column}")
        relations.append(Relation(f"{key}.offered", tuple(f"{key}.{c}" for c in COLUMNS)))

    add_row("all", "All", total)
    cohort_keys = []
    for row in cohorts:
        key = f"cohort.{row['person__memberships__cohort_id'] or 'none'}"
        add_row(key, str(row["person__memberships__cohort__name"] or "No cohort"), row)
        cohort_keys.append(key)
    sectors: dict[str, list[str]] = {}
    sector_rows: dict[str, dict[str, object]] = {}
    organisation_keys = []
    for row in organisations:
        key = f"organisation.{row['work__organisation_id'] or 'none'}"
        add_row(key, str(row["work__organisation__name"] or "No organisation recorded"), row)
        organisation_keys.append(key)
        sector = str(row["work__organisation__sector"] or "none")
        sectors.setdefault(sector, []).append(key)
        summed = sector_rows.setdefault(sector, dict.fromkeys(("people", "offered", *COLUMNS), 0))
        for column in summed:
            summed[column] = int(summed[column]) + int(row[column])  # type: ignore[call-overload]
    for sector, members in sectors.items():
        key = f"sector.{sector}"
        add_row(key, str(sector_labels.get(sector, "No organisation recorded")), sector_rows[sector])
        for column in ("offered", *COLUMNS):
            relations.append(Relation(f"{key}.{column}", tuple(f"{m}.{column}" for m in members)))
    for breakdown in (cohort_keys, [f"sector.{s}" for s in sectors]):
        for column in ("offered", *COLUMNS):
            relations.append(Relation(f"all.{column}", tuple(f"{k}.{column}" for k in breakdown)))

    published = publishing.publish(Table(cells=cells, relations=tuple(relations), sensitive=frozenset(sensitive)))

    def line(key: str) -> FigureLine:
        label, people = rows[key]
        offered, attended, apologies, absent, unrecorded = (published.value(f"{key}.{c}") for c in ("offered", *COLUMNS))
        return FigureLine(label, people, offered, attended, apologies, absent, unrecorded)

    return AttendanceFigures(
        totals=[line("all")],
        cohorts=[line(k) for k in cohort_keys],
        sectors=sorted((line(f"sector.{s}") for s in sectors), key=lambda x: x.label),
        organisations=[line(k) for k in organisation_keys],
        publication=published,
    )


def published_replies(session_id: int, counts: dict[str, int]) -> dict[str, int | None]:
    """A session's replies for readers who see no list of people (sponsors): invited, attending,
    apologies, waiting and not replied, with the same disclosure control as every aggregate.
    Staff read the list of invitations itself, so their counts are the list's."""
    kinds = [str(kind) for kind in Reply.values]
    key = f"session.{session_id}"
    cells = {f"{key}.{kind}": counts.get(kind, 0) for kind in kinds}
    cells[f"{key}.all"] = sum(cells.values())
    published = publishing.publish(Table(cells=cells, relations=(Relation(f"{key}.all", tuple(cells)[:-1]),)))
    return {kind: published.value(f"{key}.{kind}") for kind in kinds} | {"all": published.value(f"{key}.all")}
