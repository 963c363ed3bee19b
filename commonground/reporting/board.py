"""The system board's view: every programme of a system side by side, and the system as a whole.

Each programme's row is that programme's own report for its board (the same published figures),
so the board shows nothing a programme's pages do not; a total across programmes is shown only
when every figure it adds is shown.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from commonground.programmes.models import Programme, System
from commonground.reporting.build import build_report
from commonground.reporting.evidence import Choice, total
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


def _figure(report: Report, label: str) -> Value:
    return next((h.value for h in report.headlines if h.label == label), None)


def _int(value: Value) -> int | None:
    return value if isinstance(value, int) else None


def _money(value: Value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)


def _first_change(report: Report, key: str) -> Value:
    """The first whole-programme change of a level, as the programme's headline outcome."""
    table = next((t for s in report.sections for t in s.tables if t.key == key), None)
    if table is None:
        return None
    line = next((line for line in table.lines if "(All cohorts," in line.label), None)
    return None if line is None else line.values[3]


def _latest_new_across(report: Report) -> Value:
    table = next((t for s in report.sections for t in s.tables if t.key == "ties-rounds"), None)
    if table is None or not table.lines:
        return None
    return table.lines[-1].values[3]


def board_report(system: System) -> Report:
    programmes = list(Programme.objects.filter(system=system).select_related("system").order_by("-starts_on", "title"))
    reports = [(p, build_report(p, choice=Choice(), board=True)) for p in programmes]
    rows = []
    places: dict[str, list[int | None]] = defaultdict(list)
    for programme, report in reports:
        reached = _int(_figure(report, "Participants reached"))
        completed = _int(_figure(report, "Completed the programme"))
        rows.append(Line(programme.title, (
            reached, completed, _figure(report, "Cost per completer"),
            _money(_figure(report, "Cash committed")), _money(_figure(report, "Support in kind")),
            _first_change(report, "learning-change"), _latest_new_across(report),
        )))
        for line in report.table("reach-place").lines:
            places[line.label].append(_int(line.values[0]))
    reached_all = total(_int(line.values[0]) for line in rows)
    completed_all = total(_int(line.values[1]) for line in rows)
    cash = sum((_money(line.values[3]) for line in rows), Decimal(0))
    in_kind = sum((_money(line.values[4]) for line in rows), Decimal(0))
    columns = (
        Column("Participants reached"), Column("Completed"), Column("Cost per completer", "money"),
        Column("Cash committed", "money"), Column("In kind", "money"),
        Column("Change in the first learning measure", "signed"), Column("New ties across organisations, latest round"),
    )
    sections = (
        Section(
            "programmes", "Programmes of the system", "",
            "Each programme's figures as its own reports publish them. Cost per completer divides the "
            "programme's cash spent and support in kind by its completers.",
            (
                Table("board-programmes", "Programmes side by side", "Programme", columns, tuple(rows),
                      chart=ChartSpec("grouped", (0, 1))),
            ),
        ),
        Section(
            "places", "People reached by place", "Level 0: reach",
            "Participants of every programme by the place of their cohort; a place's total is shown only "
            "when each programme's figure for it is.",
            (
                Table("board-places", "Participants by place, all programmes", "Place", (Column("Participants"),),
                      tuple(Line(place, (total(counts),)) for place, counts in sorted(places.items())),
                      chart=ChartSpec("bar")),
            ),
        ),
    )
    return Report(
        title=f"{system.name}: the board's view of its programmes",
        programme=system.name, system=system.name, funder="",
        funders=tuple(sorted({f for _, r in reports for f in r.funders})),
        period="every programme to date", cohorts=(),
        figures_computed_at=min((r.figures_computed_at for _, r in reports if r.figures_computed_at), default=None),
        headlines=(
            Headline("Programmes", len(programmes)),
            Headline("Participants reached", reached_all),
            Headline("Completed a programme", completed_all),
            Headline("Cash committed", cash, "money"),
            Headline("Support in kind", in_kind, "money"),
        ),
        sections=sections,
    )
