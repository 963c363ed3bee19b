"""Attendance figures as published: the whole programme, by cohort, by sector and by organisation,
protected together by `core.disclosure`; and completion (`completion_figures`), linked to the
participant figures.

Each row counts invitations to ended sessions: offered = attended + apologies + absent + not
recorded. Every column of the cohort rows, of the sector rows and of the organisation rows adds
up to the whole-programme row, and each sector's rows to the sum of its organisations'. Cells
from 1 to 4 are hidden, every non-zero cell of a row that stands for fewer than 5 people is
hidden (a handful of people's attendance is theirs; zeros are shown, as everywhere), and so are
enough others that no hidden cell can be
worked out from the rest. The per-person list stays what it is: staff's working list of people,
not an aggregate. Three grouped queries whatever the size.
"""

import datetime as dt
from dataclasses import dataclass, field, replace

from django.db.models import QuerySet

from commonground.core import publishing
from commonground.core.disclosure import (
    NEEDED_VALUES,
    THRESHOLD,
    DisclosureError,
    Publication,
    Relation,
    Table,
)
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Programme, Sector
from commonground.schedule.attendance import FigureLine, attendance_counts, counted
from commonground.schedule.completion import (
    CohortCompletion,
    CompletionRule,
    completion,
)
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


STANDINGS = ("completed", "on_track", "cannot_complete")


@dataclass(frozen=True)
class CompletionLine:
    """One row of the completion table: a figure is None when it is not shown, and a row's
    `finished` says whether it counts who completed (module days over) or who is on track."""

    label: str
    people: int | None
    completed: int | None
    on_track: int | None
    cannot_complete: int | None
    finished: bool | None = None  # None: the whole-programme row, which may count both


@dataclass(frozen=True)
class CompletionFigures:
    rule: CompletionRule | None
    totals: CompletionLine | None
    cohorts: list[CompletionLine]
    left_out: list[str]  # cohorts left out of every row (too small to show apart)
    finished: bool  # some cohort's module days are all over: the table counts who completed
    to_come: bool  # some cohort has module days ahead: the table counts who is on track
    ended_without_register: int
    short_cohorts: list[str]
    withheld: bool = False  # nothing could be shown without giving someone's away
    publication: Publication | None = field(default=None, repr=False)


def _too_small(row: CohortCompletion, headline: str) -> bool:
    """Whether a cohort whose people stand in both of its columns is too small to show apart: its
    participants are published, zeros are shown (so each hidden count is known to be at least 1),
    and with 5 people a hidden 1 to 4 would keep only 4 possible values."""
    split = getattr(row, headline) > 0 and row.cannot_complete > 0
    return split and row.people < NEEDED_VALUES + 1


def completion_figures(
    programme: Programme,
    *,
    cohort_ids: set[int] | None = None,
    now: dt.datetime | None = None,
    reach: programme_figures.Reach | None = None,
) -> CompletionFigures:
    """Who completed, who is on track and who cannot complete, for the whole programme (or a
    facilitator's cohorts) and by cohort.

    A cohort whose module days are over counts completed and cannot complete; one with days to
    come, on track and cannot complete; the whole-programme row sums them. Each cohort's two add
    up to its participants as the participant figures publish them (`programmes.figures.reach`),
    and the table is protected together with those figures, so no count under 5 is shown and none
    can be worked out from them or from the rest of this table. Where everyone in a cohort stands
    in one column, that count is the cohort's published participants (the same cell, so it is
    never hidden here when shown there). A cohort too small to show apart (`_too_small`) is left
    out of every row, and said so. `reach` is the participant figures as published (computed now
    when not given)."""
    counts = completion(programme, now=now, cohort_ids=cohort_ids)
    reach = reach or programme_figures.reach(programme)
    known = reach.publication.cells

    def consistent(row: CohortCompletion) -> bool:
        return known.get(programme_figures.cohort_cell(row.cohort_id)) == row.people

    if not all(consistent(row) for row in counts.cohorts):  # someone joined or left between the reads
        counts = completion(programme, now=now, cohort_ids=cohort_ids)
    days = counts.days
    figures = CompletionFigures(
        rule=counts.rule, totals=None, cohorts=[], left_out=[], finished=False, to_come=False,
        ended_without_register=days.ended_without_register, short_cohorts=counts.short_cohorts,
    )
    if counts.rule is None:
        return figures
    rows: list[tuple[CohortCompletion, str]] = []  # each shown cohort and its headline column
    left_out: list[str] = []
    for row in counts.cohorts:
        headline = "completed" if days.finished(row.cohort_id) else "on_track"
        if _too_small(row, headline) or not consistent(row):
            left_out.append(row.label)
        else:
            rows.append((row, headline))
    figures = replace(
        figures,
        left_out=left_out,
        finished=any(headline == "completed" for _, headline in rows),
        to_come=any(headline == "on_track" for _, headline in rows),
    )
    if not rows:
        return figures

    table = publishing.LinkedTable(reach.publication)
    columns: dict[str, list[str]] = {column: [] for column in STANDINGS}
    row_cells: list[dict[str, str]] = []  # per shown cohort: column → cell (a column left out is 0)
    for row, headline in rows:
        people = programme_figures.cohort_cell(row.cohort_id)
        if getattr(row, headline) and row.cannot_complete:
            key = f"completion.cohort.{row.cohort_id or 'none'}"
            cells = {column: table.cell(f"{key}.{column}", getattr(row, column)) for column in (headline, "cannot_complete")}
            table.sum(people, list(cells.values()))
        else:
            cells = {headline if getattr(row, headline) else "cannot_complete": people}
        for column, cell in cells.items():
            columns[column].append(cell)
        row_cells.append(cells)
    for column, parts in columns.items():
        if any(part in table.cells for part in parts):
            table.sum(table.cell(f"completion.all.{column}", sum(table.value(p) for p in parts)), parts)
    try:
        published = table.protect()
    except DisclosureError:  # bounded by what is already published: show none of it
        return replace(figures, withheld=True)

    def total(parts: list[str]) -> int | None:
        values = [published.value(part) for part in parts]
        return None if None in values else sum(v for v in values if v is not None)

    def column_total(column: str) -> int | None:
        own = f"completion.all.{column}"
        return published.value(own) if own in published.cells else total(columns[column])

    everyone = [programme_figures.TOTAL] if cohort_ids is None and not left_out else [
        programme_figures.cohort_cell(row.cohort_id) for row, _ in rows
    ]
    return replace(
        figures,
        totals=CompletionLine(
            "All" if cohort_ids is None and not left_out else "All cohorts shown",
            total(everyone),
            completed=column_total("completed"),
            on_track=column_total("on_track"),
            cannot_complete=column_total("cannot_complete"),
        ),
        cohorts=[
            CompletionLine(
                row.label,
                published.value(programme_figures.cohort_cell(row.cohort_id)),
                **{column: published.value(cells[column]) if column in cells else 0 for column in STANDINGS},
                finished=headline == "completed",
            )
            for (row, headline), cells in zip(rows, row_cells, strict=True)
        ],
        publication=published,
    )
