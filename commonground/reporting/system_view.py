"""The system view: a system's places and programmes together, from their published figures.

Who takes part (participants by place and by type of organisation, organisations and sectors
taking part), completion (each programme's completion rule, `schedule/completion.py`), outcomes
(the evaluation's paired change, whole programme) and ties across places (the relationship
survey's latest whole-programme round) come from each programme's figures as the figure store
keeps them, so the page reads a few stored rows per programme and counts nobody itself.

Every count is a programme's published figure, copied as published (hidden stays hidden), or a
total across programmes shown only when every figure it adds is shown: such a total is the sum of
figures anyone may read, so it gives nothing away and no hidden figure can be worked out from it
by subtraction. Organisations and sectors taking part count organisations, never people. The share
of ties crossing places is the E-I index's other face, (1 + E-I) / 2, shown only when the index is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from commonground.codesign.models import Issue, IssueState, Outcome
from commonground.core import figure_store
from commonground.development import figures as development_figures
from commonground.network import figures as network_figures
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import (
    Cohort,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    SectorFamily,
    System,
)
from commonground.reporting.evidence import CHANGE_COLUMNS, total
from commonground.reporting.report import (
    ChartSpec,
    Column,
    Headline,
    Line,
    Report,
    Section,
    Table,
    Value,
)
from commonground.schedule import stored_figures
from commonground.schedule.attendance_figures import CompletionFigures
from commonground.schedule.models import Session, SessionStatus

WHOLE_PROGRAMME_ROUND = "Whole programme"  # network figures' label for a round of the whole programme
ALL = "All programmes"
NO_PLACE = "System-wide or not yet placed"  # reach's label for cohorts of no place


@dataclass(frozen=True)
class ProgrammeFigures:
    """One programme's published figures, as stored."""

    programme: Programme
    reach: programme_figures.Reach
    completion: CompletionFigures
    evaluation: development_figures.Evaluation
    network: network_figures.NetworkFigures
    outcomes: int  # outcomes recorded by its challenge teams


@dataclass(frozen=True)
class SystemFigures:
    system: System
    places: list[Place]
    programmes: list[ProgrammeFigures]
    organisation_places: dict[int, set[int]]  # organisation → the places it works in
    organisation_sectors: dict[int, str]
    computed: figure_store.Computed | None


def programmes_of(system: System) -> list[Programme]:
    """The system's programmes that have begun recruiting (drafts have nobody yet), newest first."""
    return list(
        Programme.objects.filter(system=system).exclude(status=ProgrammeStatus.DRAFT)
        .select_related("system").order_by("-starts_on", "title", "pk")
    )


def gather(system: System) -> SystemFigures:
    """Every programme's stored figures and the system's places: a fixed number of queries per
    programme (four stored rows), whatever its size."""
    programmes = programmes_of(system)
    outcomes = dict(
        Outcome.objects.filter(issue__programme__in=programmes).values("issue__programme_id")
        .annotate(n=Count("pk")).values_list("issue__programme_id", "n").order_by()
    )
    rows: list[ProgrammeFigures] = []
    stored: list[figure_store.Stored[object]] = []
    for programme in programmes:
        reach = programme_figures.stored_reach(programme)
        _attendance, completion = stored_figures.stored(programme)
        evaluation = development_figures.stored(programme)
        network = network_figures.stored(programme)
        stored += [reach, completion, evaluation, network]
        rows.append(ProgrammeFigures(
            programme, reach.value, completion.value, evaluation.value, network.value, outcomes.get(programme.pk, 0)
        ))
    taking_part = {pk for row in rows for pk in row.reach.organisations}
    organisation_places: dict[int, set[int]] = defaultdict(set)
    for organisation_id, place_id in Organisation.places.through.objects.filter(
        organisation_id__in=taking_part
    ).values_list("organisation_id", "place_id"):
        organisation_places[organisation_id].add(place_id)
    return SystemFigures(
        system=system,
        places=list(Place.objects.filter(system=system).order_by("name", "pk")),
        programmes=rows,
        organisation_places=dict(organisation_places),
        organisation_sectors=dict(
            Organisation.objects.filter(pk__in=taking_part).values_list("pk", "sector").order_by()
        ),
        computed=figure_store.computed(*stored) if stored else None,
    )


# -- The report -----------------------------------------------------------------------------------


def _count(rows: list[programme_figures.FigureRow], label: str) -> int | None:
    """A breakdown's published figure for a label; 0 when the programme has nobody there (no row)."""
    return next((row.count for row in rows if row.label == label), 0)


def _with_total(values: list[int | None]) -> tuple[Value, ...]:
    return (*values, total(values))


def _reach_section(f: SystemFigures) -> Section:
    titles = [row.programme.title for row in f.programmes]
    per_programme = (*(Column(title) for title in titles), Column(ALL))
    place_labels = [place.name for place in f.places]
    place_labels += sorted({r.label for row in f.programmes for r in row.reach.by_place} - set(place_labels))
    family_labels = [str(label) for _, label in SectorFamily.choices] + ["No organisation recorded"]
    family_labels = [
        label for label in family_labels if any(r.label == label for row in f.programmes for r in row.reach.by_family)
    ]
    by_place = tuple(
        Line(label, _with_total([_count(row.reach.by_place, label) for row in f.programmes])) for label in place_labels
    )
    by_family = tuple(
        Line(label, _with_total([_count(row.reach.by_family, label) for row in f.programmes]))
        for label in family_labels
    )
    series = (len(titles),)
    return Section(
        "reach", "Who takes part, by place and programme", "Level 0: reach",
        "Participants of each programme by the place of their cohort and by type of organisation, as each "
        "programme publishes them; a total across programmes is shown only when every figure it adds is "
        "shown. Someone who took part in two programmes counts in each.",
        (
            Table("system-reach-place", "Participants by place and programme", "Place", per_programme, by_place,
                  chart=ChartSpec("bar", series)),
            Table("system-reach-family", "Participants by type of organisation and programme", "Type of organisation",
                  per_programme, by_family),
            Table("system-organisations-place", "Organisations and sectors taking part, by place", "Place",
                  (Column("Organisations taking part"), Column("Sectors taking part")),
                  tuple(Line(place.name, _organisations_in(f, place.pk)) for place in f.places),
                  note="An organisation counts in every place it works in; a sector when any of its "
                       "organisations there takes part."),
            Table("system-organisations-programme", "Organisations and sectors taking part, by programme", "Programme",
                  (Column("Organisations taking part"), Column("Sectors taking part")),
                  tuple(Line(row.programme.title, _organisations_of(f, set(row.reach.organisations)))
                        for row in f.programmes)),
        ),
    )


def _organisations_of(f: SystemFigures, organisation_ids: set[int]) -> tuple[int, int]:
    return len(organisation_ids), len({f.organisation_sectors[pk] for pk in organisation_ids if pk in f.organisation_sectors})


def _organisations_in(f: SystemFigures, place_id: int) -> tuple[int, int]:
    return _organisations_of(f, {pk for pk, places in f.organisation_places.items() if place_id in places})


def _completion_section(f: SystemFigures) -> Section:
    lines = []
    for row in f.programmes:
        line = row.completion.totals
        rule = row.completion.rule.words if row.completion.rule else "no module days scheduled yet"
        if line is None:
            lines.append(Line(row.programme.title, (None, None, None, None, rule)))
        else:
            lines.append(Line(row.programme.title, (line.people, line.completed, line.on_track, line.cannot_complete, rule)))
    if len(lines) > 1:
        lines.append(Line(ALL, (*(total(_int(line.values[i]) for line in lines) for i in range(4)), "")))
    return Section(
        "completion", "Completion", "Level 0: retention",
        "Each programme's own completion rule applied to its registers: completed once every module day is "
        "over, on track while the rule can still be met, and otherwise cannot complete.",
        (
            Table("system-completion", "Completion by programme", "Programme",
                  (Column("Participants"), Column("Completed"), Column("On track"), Column("Cannot complete"),
                   Column("Completion rule", "text")),
                  tuple(lines), chart=ChartSpec("grouped", (1, 2))),
        ),
    )


def _int(value: Value) -> int | None:
    return value if isinstance(value, int) else None


def _outcomes_section(f: SystemFigures) -> Section:
    changes = [
        Line(f"{row.programme.title}: {c.instrument}, {c.dimension} ({c.comparison.lower()})",
             (c.n, c.before, c.after, c.mean, c.low, c.high))
        for row in f.programmes
        for c in row.evaluation.changes
        if c.level in (2, 3) and c.scope in ("All cohorts", WHOLE_PROGRAMME_ROUND)
    ]
    return Section(
        "outcomes", "Outcomes", "Levels 2 to 4: learning, behaviour and results",
        "Paired change in each programme's self-assessments over all its cohorts (each person's baseline "
        "against their own later answers, with the 95% interval), shown only when at least 5 people answered "
        "both; and the outcomes its challenge teams recorded for their local issues.",
        (
            Table("system-change", "Development change by programme", "Measure", CHANGE_COLUMNS, tuple(changes),
                  chart=ChartSpec("change", (3,))),
            Table("system-team-outcomes", "Outcomes recorded by challenge teams", "Programme", (Column("Outcomes"),),
                  tuple(Line(row.programme.title, (row.outcomes,)) for row in f.programmes)),
        ),
    )


def latest_round(network: network_figures.NetworkFigures) -> network_figures.RoundFigures | None:
    """The latest round of the whole programme (rounds come oldest first), or None."""
    whole = [r for r in network.rounds if r.label == WHOLE_PROGRAMME_ROUND]
    return whole[-1] if whole else None


def _share(ei: float | None) -> float | None:
    return None if ei is None else round(100 * (1 + ei) / 2, 1)


def _across(ei: float | None, ties: int | None) -> int | None:
    return None if ei is None or ties is None else round((1 + ei) / 2 * ties)


def _ties_section(f: SystemFigures) -> Section:
    lines = []
    parts: list[tuple[int | None, int | None]] = []
    for row in f.programmes:
        r = latest_round(row.network)
        if r is None:
            lines.append(Line(row.programme.title, ("No survey of the whole programme yet", None, None, None, None)))
            parts.append((None, None))
            continue
        lines.append(Line(row.programme.title, (
            r.kind, r.listed, r.ties, _share(r.ei_place), _share(r.ei_organisation),
        )))
        parts.append((r.ties, _across(r.ei_place, r.ties)))
    if len(lines) > 1:
        ties = total(t for t, _ in parts)
        across = total(a for _, a in parts)
        share = None if ties is None or across is None or ties == 0 else round(100 * across / ties, 1)
        lines.append(Line(ALL, ("", None, ties, share, None)))
    return Section(
        "ties", "Working relationships across places", "Level 4: results",
        "From each programme's latest relationship survey of the whole programme: the working ties people "
        "reported, and the share that cross places and organisations (a tie crosses places when the two work "
        "in different places). A share is shown only when every count it is made of is, from at least 5 people.",
        (
            Table("system-ties", "Ties crossing places, by programme", "Programme",
                  (Column("Survey round", "text"), Column("People listed"), Column("Ties"),
                   Column("Crossing places", "percent"), Column("Crossing organisations", "percent")),
                  tuple(lines), chart=ChartSpec("bar", (3,))),
        ),
    )


def system_report(f: SystemFigures) -> Report:
    """The system view as a report: the page, the CSV and the XLSX draw the same figures."""
    reached = total(row.reach.total for row in f.programmes)
    completed = total(
        row.completion.totals.completed if row.completion.totals else None for row in f.programmes
    )
    organisations = {pk for row in f.programmes for pk in row.reach.organisations}
    return Report(
        title=f"{f.system.name}: the system view", programme=ALL, system=f.system.name, funder="", funders=(),
        period="every programme to date", cohorts=(),
        figures_computed_at=f.computed.at if f.computed else None,
        headlines=(
            Headline("Programmes", len(f.programmes)),
            Headline("Places", len(f.places)),
            Headline("Participants reached", reached),
            Headline("Organisations taking part", _organisations_of(f, organisations)[0]),
            Headline("Sectors taking part", _organisations_of(f, organisations)[1]),
            Headline("Completed a programme", completed),
        ),
        sections=(_reach_section(f), _completion_section(f), _outcomes_section(f), _ties_section(f)),
    )


def csv_rows(report: Report) -> list[tuple[Value, ...]]:
    """Every figure of the report, one a row: section, table, row, column, value ("not shown" when hidden)."""
    rows: list[tuple[Value, ...]] = [("Section", "Table", "Row", "Column", "Value")]
    rows += [("At a glance", "", h.label, "", h.value if h.value is not None else h.text) for h in report.headlines]
    for section in report.sections:
        for table in section.tables:
            for line in table.lines:
                for index, column in enumerate(table.columns):
                    value = line.values[index]
                    rows.append((section.title, table.title, line.label, column.heading,
                                 table.text(line, index) if value is None else value))
    return rows


# -- A place ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceCohort:
    cohort: Cohort
    participants: int | None  # as its programme publishes it


@dataclass(frozen=True)
class PlaceView:
    place: Place
    cohorts: list[PlaceCohort]
    issues: list[Issue]
    events: list[Session]
    computed: figure_store.Computed | None


UPCOMING_EVENTS = 12
LIVE_ISSUES = 50


def place_view(system: System, place: Place, *, now: dt.datetime | None = None) -> PlaceView:
    """A place's own cohorts (with their participants as published) and local issues, beside the
    system-wide events still to come: sessions of the system's programmes open to the whole system."""
    now = now or timezone.now()
    programmes = programmes_of(system)
    cohorts = list(
        Cohort.objects.filter(programme__in=programmes, place=place).select_related("programme")
        .order_by("-starts_on", "name", "pk")
    )
    stored = {pk: programme_figures.stored_reach(p) for p in programmes if (pk := p.pk) in {c.programme_id for c in cohorts}}
    rows = [
        PlaceCohort(c, next((r.count for r in stored[c.programme_id].value.by_cohort if r.label == c.name), 0))
        for c in cohorts
    ]
    issues = list(
        Issue.objects.filter(programme__in=programmes, place=place)
        .exclude(state__in=[IssueState.CLOSED])
        .select_related("programme").order_by("-created_at", "pk")[:LIVE_ISSUES]
    )
    events = list(
        Session.objects.filter(programme__in=programmes, open_to_system=True, ends_at__gte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("programme").order_by("starts_at", "pk")[:UPCOMING_EVENTS]
    )
    return PlaceView(
        place=place, cohorts=rows, issues=issues, events=events,
        computed=figure_store.computed(*stored.values()) if stored else None,
    )
