"""An auditor of published counts: what can a reader of every page and export deduce?

`Audit` is the reader's model. Its unknowns are the true counts behind every figure they saw;
each figure shown fixes its unknown, each hidden one is free (a whole number, at least 0), and
the facts any reader knows tie them together: totals are sums of their parts (a place of its
cohorts, a sector family of its sectors, a module of its sessions…) and some counts are at most
others (answers at most the people invited). For every hidden cell it then minimises and
maximises that cell with an integer programme (SCIP, so the bounds are those of whole numbers);
a **leak** is a hidden cell left with fewer than 5 possible values, including a cell hidden on
one page and shown on another. Nothing here knows how the product decides what to hide.

`read_role` walks the figure pages and exports one signed-in person can open, through the real
views and test client, reading the numbers a page shows from its context (reading only what its
template renders) and the numbers an export holds from its CSV or XLSX file. It describes each
figure by what it counts, so the same count met on two pages is one unknown. Per-person lists
that staff work from (registers, the attendance list of people, cohort lists) are not aggregates
and are left out: staff may see those people anyway.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.test import Client
from django.urls import NoReverseMatch, reverse
from openpyxl import load_workbook
from ortools.linear_solver import pywraplp

NEEDED_VALUES = 5
CEILING = 1_000_000  # "no limit" for the solver


@dataclass(frozen=True)
class Finding:
    name: str
    low: int
    high: int | None  # None: no upper limit
    truth: int | None = None

    @property
    def values(self) -> float:
        return float("inf") if self.high is None else self.high - self.low + 1


@dataclass
class AuditResult:
    role: str
    attempts: int
    leaks: list[Finding]
    pages: list[str] = field(default_factory=list)
    shown_small: list[Finding] = field(default_factory=list)  # counts from 1 to 4 in plain sight

    def summary(self) -> str:
        worst = ", ".join(f"{f.name}∈[{f.low},{f.high}]" for f in self.leaks[:6])
        small = f"; {len(self.shown_small)} counts under 5 shown outright" if self.shown_small else ""
        return f"{self.role}: {self.attempts} hidden cells checked, {len(self.leaks)} leaked{': ' + worst if worst else ''}{small}"


class Audit:
    """The reader's model of everything one role can see."""

    def __init__(self) -> None:
        self.shown: dict[str, int] = {}
        self.hidden_somewhere: set[str] = set()
        self.conflicts: list[tuple[str, int, int]] = []
        self.sums: list[tuple[str, tuple[str, ...]]] = []
        self.bounds: list[tuple[tuple[str, ...], str]] = []
        self.extra_targets: set[str] = set()
        self.names: set[str] = set()
        self.truth: dict[str, int] = {}

    def see(self, name: str, value: int | None) -> None:
        """A figure as a page or an export shows it (None: shown as hidden)."""
        self.names.add(name)
        if value is None:
            self.hidden_somewhere.add(name)
            return
        if name in self.shown and self.shown[name] != value:
            self.conflicts.append((name, self.shown[name], value))
        self.shown[name] = value

    def sum(self, total: str, parts: Iterable[str]) -> None:
        parts = tuple(parts)
        self.names.update((total, *parts))
        self.sums.append((total, parts))

    def at_most(self, smalls: Iterable[str] | str, big: str) -> None:
        smalls = (smalls,) if isinstance(smalls, str) else tuple(smalls)
        self.names.update((big, *smalls))
        self.bounds.append((smalls, big))

    def check(self, name: str, truth: int | None = None) -> None:
        """A cell the reader knows exists but never sees (an organisation left off a list)."""
        self.names.add(name)
        self.extra_targets.add(name)
        if truth is not None:
            self.truth[name] = truth

    def targets(self) -> list[str]:
        return sorted(self.hidden_somewhere | self.extra_targets)

    def run(self, role: str = "") -> AuditResult:
        assert not self.conflicts, f"the same figure shown with different values: {self.conflicts}"
        solver = pywraplp.Solver.CreateSolver("SCIP")
        assert solver is not None
        var = {}
        for name in sorted(self.names):
            if name in self.shown:
                var[name] = solver.IntVar(self.shown[name], self.shown[name], name)
            else:
                var[name] = solver.IntVar(0, CEILING, name)
        for total, parts in self.sums:
            solver.Add(var[total] == sum(var[p] for p in parts))
        for smalls, big in self.bounds:
            solver.Add(sum(var[s] for s in smalls) <= var[big])
        leaks = []
        targets = self.targets()
        for name in targets:
            low = self._optimum(solver, var[name], maximise=False, name=name)
            high = self._optimum(solver, var[name], maximise=True, name=name)
            finding = Finding(name, low, None if high >= CEILING else high, self.truth.get(name))
            if finding.values < NEEDED_VALUES:
                leaks.append(finding)
        shown_small = [Finding(n, v, v) for n, v in sorted(self.shown.items()) if 0 < v < NEEDED_VALUES]
        return AuditResult(role=role, attempts=len(targets), leaks=leaks, shown_small=shown_small)

    @staticmethod
    def _optimum(solver: pywraplp.Solver, variable: pywraplp.Variable, *, maximise: bool, name: str) -> int:
        objective = solver.Objective()
        objective.Clear()
        objective.SetCoefficient(variable, 1)
        objective.SetMaximization() if maximise else objective.SetMinimization()
        status = solver.Solve()
        assert status == pywraplp.Solver.OPTIMAL, f"the reader's model has no solution bounding {name} ({status})"
        return round(variable.solution_value())


# -- Reading pages and exports ------------------------------------------------------------------


def number(value: object) -> int | None:
    """A count as shown: None when the cell holds anything but a whole number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value.strip())
    return None


def csv_sheets(text: str) -> dict[str, list[list[str]]]:
    """A CSV of several tables (a title row, a header, rows; a blank row between) by title."""
    sheets: dict[str, list[list[str]]] = {}
    title = None
    for row in csv.reader(io.StringIO(text)):
        if not row or not any(row):
            title = None
            continue
        if title is None:
            title = row[0]
            sheets[title] = []
            continue
        sheets[title].append(row)
    return {t: rows[1:] for t, rows in sheets.items()}  # drop each header


def xlsx_sheets(content: bytes) -> dict[str, list[list[object]]]:
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
        for sheet in workbook.worksheets
    }


def get(client: Client, name: str, *args: object) -> object | None:
    """GET a page by URL name; None when the role may not see it (404) or it does not exist."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    response = client.get(url)
    if response.status_code == 404:
        return None
    assert response.status_code == 200, (name, response.status_code)
    return response


@dataclass
class Structure:
    """What any reader knows of the programme's shape (names, not counts)."""

    programme_id: int
    places: dict[str, list[str]]  # place → its cohorts
    families: dict[str, list[str]]  # family label → sector labels
    sectors: dict[str, list[str]]  # sector label → organisations of the system with that sector
    seniority: list[str]
    rounds: dict[int, dict[str, object]]  # round pk → {"label", "title", "scope", "instrument", "kind", "invited"}
    sessions: dict[int, tuple[str, str]]  # feedback round pk → (module label, partner label)
    changes: dict[tuple[str, str], tuple[int, int]]  # (scope, instrument) → (baseline, later) round pks
    survey_rounds: list[tuple[int, str, str]]  # (pk, scope label, kind label)
    session_ids: list[int]  # sessions whose pages a sponsor may open
    organisation_truth: dict[str, int]  # participants per organisation (to count what a list leaves off)


def read_reach(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    overview = get(client, "programmes:overview", s.programme_id)
    assert overview is not None
    context = overview.context  # type: ignore[attr-defined]
    figures = context.get("lead_figures") or context.get("funder_figures")
    if figures:
        pages.append("overview")
        audit.see("P", number(figures["total"]))

        def table(rows: list[object], prefix: str, labels: Iterable[str]) -> None:
            seen = {}
            for row in rows:
                seen[row.label] = None if row.suppressed else row.count  # type: ignore[attr-defined]
            for label in labels:
                audit.see(f"{prefix}.{label}", seen.get(label, 0))  # a missing row is a zero
            for label in seen:
                assert label in labels, f"unexpected row {label} in {prefix}"

        if "by_place" in figures:
            table(figures["by_place"], "P.place", s.places)
        if "by_cohort" in figures:
            table(figures["by_cohort"], "P.cohort", [c for cs in s.places.values() for c in cs])
        if "by_family" in figures:
            table(figures["by_family"], "P.family", s.families)
        if "by_sector" in figures:
            table(figures["by_sector"], "P.sector", s.sectors)
        if "by_seniority" in figures:
            table(figures["by_seniority"], "P.seniority", s.seniority)

    organisations = get(client, "programmes:organisation-list", s.programme_id)
    if organisations is not None:
        pages.append("organisations")
        listed = {}
        for row in organisations.context["organisations"]:  # type: ignore[attr-defined]
            listed[row["organisation"].name] = number(row["participants"])
        for name, truth in s.organisation_truth.items():
            if name in listed:
                audit.see(f"P.org.{name}", listed[name])
            elif truth:
                audit.check(f"P.org.{name}", truth)  # left off the list: present, count unknown

    # What anyone knows of the shape.
    audit.sum("P", [f"P.place.{p}" for p in s.places])
    for place, cohorts in s.places.items():
        audit.sum(f"P.place.{place}", [f"P.cohort.{c}" for c in cohorts])
    audit.sum("P", [f"P.family.{f}" for f in s.families])
    for family, sectors in s.families.items():
        audit.sum(f"P.family.{family}", [f"P.sector.{x}" for x in sectors])
    for sector, orgs in s.sectors.items():
        if orgs:
            audit.sum(f"P.sector.{sector}", [f"P.org.{o}" for o in orgs])
    audit.sum("P", [f"P.seniority.{x}" for x in s.seniority])


def _invited_name(s: Structure, pk: int) -> str:
    r = s.rounds[pk]
    return str(r["invited"])


def read_evaluation(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    page = get(client, "development:evaluation", s.programme_id)
    if page is None:
        return
    pages.append("evaluation")
    ev = page.context["evaluation"]  # type: ignore[attr-defined]
    by_label = {str(r["label"]): pk for pk, r in s.rounds.items()}
    by_title = {str(r["title"]): pk for pk, r in s.rounds.items() if r["title"]}
    for rate in ev.rates:
        audit.see(f"answers.{rate.round.pk}", rate.responded)
        audit.see(_invited_name(s, rate.round.pk), number(rate.invited))
    for row in ev.changes:
        audit.see(f"change.{row.scope}.{row.instrument}.{row.dimension}.{row.comparison}", None if row.suppressed else row.n)
    for row in ev.feedback:
        audit.see(f"answers.{by_title[row.label]}", row.responses)
    for row in ev.feedback_by_module:
        audit.see(f"module.{row.label}", row.responses)
    for row in ev.feedback_by_partner:
        audit.see(f"partner.{row.label}", row.responses)
    for level in ev.levels:
        for name, _, responses in level.instruments:
            audit.see(f"instrument.{name}", responses)

    rounds_page = get(client, "development:rounds", s.programme_id)
    if rounds_page is not None:
        pages.append("rounds")
        for rate in rounds_page.context["rates"]:  # type: ignore[attr-defined]
            audit.see(f"answers.{rate.round.pk}", rate.responded)
            audit.see(_invited_name(s, rate.round.pk), number(rate.invited))

    for fmt in ("csv", "xlsx"):
        response = get(client, "development:evaluation-export", s.programme_id, fmt)
        assert response is not None
        pages.append(f"evaluation.{fmt}")
        content = response.content  # type: ignore[attr-defined]
        sheets: dict[str, list[list[object]]] = (
            csv_sheets(content.decode()) if fmt == "csv" else xlsx_sheets(content)  # type: ignore[assignment]
        )
        for row in sheets.get("Change", []):
            scope, instrument, _, dimension, comparison, people = row[:6]
            audit.see(f"change.{scope}.{instrument}.{dimension}.{comparison}", number(people))
        for row in sheets.get("Response rates", []):
            pk = by_label[str(row[0])]
            audit.see(_invited_name(s, pk), number(row[2]))
            audit.see(f"answers.{pk}", number(row[3]))
        for row in sheets.get("Session feedback", []):
            audit.see(f"answers.{by_title[str(row[0])]}", number(row[1]))
        for row in sheets.get("Feedback by module", []):
            audit.see(f"module.{row[0]}", number(row[1]))
        for row in sheets.get("Feedback by partner", []):
            audit.see(f"partner.{row[0]}", number(row[1]))
        for row in sheets.get("Evidence by level", []):
            audit.see(f"instrument.{row[1]}", number(row[3]))

    # What anyone knows: answers come from those invited; pooled rows are sums of their sessions.
    instruments: dict[str, list[int]] = defaultdict(list)
    modules: dict[str, list[int]] = defaultdict(list)
    partners: dict[str, list[int]] = defaultdict(list)
    for pk, r in s.rounds.items():
        audit.at_most(f"answers.{pk}", _invited_name(s, pk))
        instruments[str(r["instrument"])].append(pk)
        if pk in s.sessions:
            modules[s.sessions[pk][0]].append(pk)
            partners[s.sessions[pk][1]].append(pk)
    for name, pks in instruments.items():
        audit.sum(f"instrument.{name}", [f"answers.{pk}" for pk in pks])
    for prefix, groups in (("module", modules), ("partner", partners)):
        for label, pks in groups.items():
            audit.sum(f"{prefix}.{label}", [f"answers.{pk}" for pk in pks])
    pooled: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for name in list(audit.names):
        if name.startswith("change.") and not name.startswith("change.All cohorts."):
            _, scope, instrument, dimension, comparison = name.split(".", 4)
            baseline, later = s.changes[(scope, instrument)]
            audit.at_most(name, f"answers.{baseline}")
            audit.at_most(name, f"answers.{later}")
            pooled[(instrument, dimension, comparison)].append(name)
    for (instrument, dimension, comparison), parts in pooled.items():
        audit.sum(f"change.All cohorts.{instrument}.{dimension}.{comparison}", parts)


def read_network(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    page = get(client, "network:figures", s.programme_id)
    if page is None:
        return
    pages.append("network")
    cohorts = {c for cs in s.places.values() for c in cs}
    for row in page.context["figures"].rounds:  # type: ignore[attr-defined]
        hidden_row = bool(getattr(row, "suppressed", False))
        key = f"{row.label}.{row.kind}"
        audit.see(f"net.listed.{row.label}", None if hidden_row else row.listed)
        audit.see(f"net.answered.{key}", None if hidden_row else row.respondents)
        audit.see(f"net.ties.{key}", None if hidden_row else row.ties)
        if getattr(row, "compared", row.new_ties is not None) and not hidden_row:
            audit.see(f"net.new.{key}", row.new_ties)
            audit.see(f"net.crossing.{key}", row.new_crossing_organisation)
        if not hidden_row and row.ei_sector is not None and row.ties is not None:
            audit.see(f"net.within_sector.{key}", round(row.ties * (1 - row.ei_sector) / 2))
    for pk, label, kind in s.survey_rounds:
        key = f"{label}.{kind}"
        response = get(client, "network:map", s.programme_id, pk)
        if response is None:
            continue
        pages.append(f"map.{label}.{kind}")
        context = response.context  # type: ignore[attr-defined]
        sector_map = context.get("sector_map")
        if sector_map is not None:
            people = [(code, n) for code, n in sector_map.people]
            audit.see(f"net.listed.{label}", sector_map.listed)
            audit.see(f"net.ties.{key}", sector_map.ties)
            for link in sector_map.links:
                audit.see(f"net.link.{key}.{link.a}.{link.b}", link.ties)
            audit.sum(f"net.within_sector.{key}", [f"net.link.{key}.{t.a}.{t.b}" for t in sector_map.links if t.a == t.b])
            audit.sum(f"net.ties.{key}", [f"net.link.{key}.{t.a}.{t.b}" for t in sector_map.links])
        else:
            elements = context.get("elements")
            if not elements or elements.get("suppressed"):
                continue
            people = [(row["code"], row["people"]) for row in elements["sectors"]]
            audit.see(f"net.listed.{label}", len(elements["nodes"]))  # "N ties between M people"
            audit.see(f"net.ties.{key}", len(elements["edges"]))
        for code, n in people:
            audit.see(f"net.people.{label}.{code}", n)
        audit.sum(f"net.listed.{label}", [f"net.people.{label}.{code}" for code, _ in people])
    for _, label, kind in s.survey_rounds:
        key = f"{label}.{kind}"
        audit.at_most(f"net.listed.{label}", f"P.cohort.{label}" if label in cohorts else "P")
        audit.at_most(f"net.answered.{key}", f"net.listed.{label}")
        audit.at_most(f"net.within_sector.{key}", f"net.ties.{key}")
        if f"net.new.{key}" in audit.names:
            audit.at_most(f"net.new.{key}", f"net.ties.{key}")
            audit.at_most(f"net.crossing.{key}", f"net.new.{key}")


COLUMNS = ("offered", "attended", "apologies", "absent", "unrecorded")


def read_attendance(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    page = get(client, "schedule:attendance-figures", s.programme_id)
    if page is None:
        return
    pages.append("attendance")
    context = page.context  # type: ignore[attr-defined]
    seen: dict[str, list[str]] = {}
    for table in ("totals", "cohorts", "sectors", "organisations"):
        seen[table] = []
        for line in context[table]:
            name = f"att.{table}.{line.label}"
            seen[table].append(name)
            hidden_row = bool(getattr(line, "suppressed", False))
            for column in COLUMNS:
                audit.see(f"{name}.{column}", None if hidden_row else getattr(line, column))
            audit.sum(f"{name}.offered", [f"{name}.{c}" for c in COLUMNS[1:]])
    [total] = seen["totals"]
    organisations = {name.removeprefix("att.organisations."): name for name in seen["organisations"]}
    for column in COLUMNS:
        for table in ("cohorts", "sectors"):
            audit.sum(f"{total}.{column}", [f"{n}.{column}" for n in seen[table]])
        for sector_name in seen["sectors"]:
            sector = sector_name.removeprefix("att.sectors.")
            members = [organisations[o] for o in s.sectors.get(sector, []) if o in organisations]
            audit.sum(f"{sector_name}.{column}", [f"{m}.{column}" for m in members])


REPLIES = ("attending", "apologies", "waiting", "invited")


def read_sessions(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    """Reply counts on session pages, for readers who see no list of who replied (sponsors)."""
    for pk in s.session_ids:
        page = get(client, "schedule:session-detail", s.programme_id, pk)
        if page is None:
            continue
        context = page.context  # type: ignore[attr-defined]
        if context["invitations"] or not context["counts"]:
            continue  # staff see the people themselves; others see no counts
        pages.append(f"session.{pk}")
        counts = context["counts"]
        for kind in REPLIES:
            audit.see(f"session.{pk}.{kind}", number(counts.get(kind, 0)) if counts.get(kind, 0) is not None else None)
        if "all" in counts:
            audit.see(f"session.{pk}.all", counts["all"])
        audit.sum(f"session.{pk}.all", [f"session.{pk}.{kind}" for kind in REPLIES])


def read_equality(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    """Equality monitoring counts: answers per question, each question's rows summing to the people
    who answered, who are at most the participants of the reach figures."""
    page = get(client, "development:equality-figures", s.programme_id)
    if page is None:
        return
    from commonground.development.equality import QUESTIONS  # only where the page exists

    pages.append("equality")
    figures = page.context["figures"]  # type: ignore[attr-defined]
    audit.see("P", number(figures.participants))
    audit.see("E.answered", number(figures.answered))
    audit.at_most("E.answered", "P")
    for table in figures.tables:
        labels = [str(label) for label in table.question.choices.labels] + ["Not answered"]
        shown = {row.label: row.count for row in table.rows}
        assert set(shown) == set(labels), f"unexpected rows for {table.question.field}: {sorted(shown)}"
        for label in labels:
            audit.see(f"E.{table.question.field}.{label}", number(shown[label]))
        audit.sum("E.answered", [f"E.{table.question.field}.{label}" for label in labels])
    assert [t.question.field for t in figures.tables] == [q.field for q in QUESTIONS]


PACK_REACH = {  # a report pack's reach tables, by the heading of their first column
    "Place": "P.place", "Sector": "P.sector", "Type of organisation": "P.family",
    "Seniority": "P.seniority", "Cohort": "P.cohort",
}


def read_reports(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    """The report packs the reader may download, read from their XLSX files: the people reached
    and the reach tables (a pack for some cohorts shows only their rows)."""
    listing = get(client, "reporting:packs", s.programme_id)
    if listing is None:
        return
    for pack in listing.context["packs"]:  # type: ignore[attr-defined]
        if not pack.ready:
            continue
        download = get(client, "reporting:pack-xlsx", s.programme_id, pack.pk)
        assert download is not None, f"pack {pack.pk} is listed but its file answers 404"
        pages.append(f"pack.{pack.pk}.xlsx")
        sheets = xlsx_sheets(download.content)  # type: ignore[attr-defined]
        for row in sheets["Summary"]:
            if row and row[0] == "Participants reached" and not pack.cohorts.exists():
                audit.see("P", number(row[1]))
        reach = next(rows for title, rows in sheets.items() if title.endswith("Who took part"))
        prefix = None
        for row in reach:
            first = row[0] if row else None
            if first is None:
                prefix = None
            elif first in PACK_REACH and len(row) > 1 and row[1] == "Participants":
                prefix = PACK_REACH[str(first)]
            elif prefix is not None:
                audit.see(f"{prefix}.{first}", number(row[1]))


SYSTEM_REACH = {"system-reach-place": "P.place", "system-reach-family": "P.family"}


def read_system_view(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    """The system view, for a lead of one of the system's programmes: the programme's column of the
    reach tables, and their total across programmes (the programme is its system's only one here)."""
    overview = get(client, "programmes:overview", s.programme_id)
    assert overview is not None
    programme = overview.context["programme"]  # type: ignore[attr-defined]
    page = get(client, "reporting:system", programme.system_id)
    if page is None:
        return
    pages.append("system view")
    report = page.context["report"]  # type: ignore[attr-defined]
    known = {"P.place": set(s.places), "P.family": set(s.families)}
    for table in (t for section in report.sections for t in section.tables if t.key in SYSTEM_REACH):
        prefix = SYSTEM_REACH[table.key]
        headings = [c.heading for c in table.columns]
        assert headings[-1] == "All programmes" and headings.count(programme.title) == 1, headings
        for line in table.lines:
            if line.label in known[prefix]:
                audit.see(f"{prefix}.{line.label}", number(line.values[headings.index(programme.title)]))
                audit.see(f"{prefix}.{line.label}", number(line.values[-1]))
    for headline in report.headlines:
        if headline.label == "Participants reached":
            audit.see("P", number(headline.value))


def read_homes(audit: Audit, s: Structure, client: Client, pages: list[str]) -> None:
    """The programme's home: the people reached in a lead's or funder's glance, and a sponsor's
    figures for their organisation's people (attendance from the attendance table's row, the
    sessions recorded as its parts, completion). The count of a sponsor's own people is left out:
    they see those people by name."""
    page = get(client, "homes:home", s.programme_id)
    if page is None:
        return
    pages.append("home")
    for section in page.context["sections"]:  # type: ignore[attr-defined]
        home = section.home
        glance = getattr(home, "glance", None)
        if glance is not None:
            audit.see("P", number(glance.participants))
        if section.kind == "sponsor":
            row = f"att.organisations.{home.organisation}"
            audit.see(f"{row}.attended", home.attended)
            audit.see("home.sponsor.recorded", home.recorded)
            audit.sum("home.sponsor.recorded", [f"{row}.{column}" for column in ("attended", "apologies", "absent")])
            audit.at_most(f"{row}.attended", f"{row}.offered")
            audit.see("home.sponsor.completed", home.completed)
            audit.at_most("home.sponsor.completed", f"P.org.{home.organisation}")


def read_role(client: Client, structure: Structure, role: str) -> AuditResult:
    """Every figure page and export the signed-in person can open, as one reader's model."""
    audit, pages = Audit(), []
    read_reach(audit, structure, client, pages)
    read_evaluation(audit, structure, client, pages)
    read_network(audit, structure, client, pages)
    read_attendance(audit, structure, client, pages)
    read_sessions(audit, structure, client, pages)
    read_equality(audit, structure, client, pages)
    read_reports(audit, structure, client, pages)
    read_system_view(audit, structure, client, pages)
    read_homes(audit, structure, client, pages)
    result = audit.run(role)
    result.pages = pages
    return result
