"""A programme template's description: PURE Python, no Django import.

A `Blueprint` is everything a programme needs before its first applicant, with every date written
as a day counted from the programme's first day (day 0) and every time of day as London's clock
("09:30"), so starting it on another date shifts the whole calendar and a session at half past nine
stays at half past nine across a change of the clocks. It names places, partner organisations,
funders and instruments by name or key, never by database id, so one template serves any system:
starting it finds them again in the system it is started in.

It is stored as JSON through `core.codec` (frozen dataclasses led by their type hints);
`VERSION` says which shape a stored description has, and a field added later takes its default, so
older descriptions still read. `problems` says what is wrong with one, in words a lead understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

VERSION = 1
TIME = re.compile(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z")
# Six years is longer than any programme: a longer offset is a mistake in the data.
MAX_DAY = 6 * 366


@dataclass(frozen=True)
class QuotaPlan:
    """A quota of a cohort's places: a sector's, one organisation's (by name), or each organisation's."""

    dimension: str  # "sector" or "organisation"
    sector: str = ""
    organisation: str = ""  # empty with the organisation dimension: each organisation separately
    min_share: int = 0
    max_share: int = 100


@dataclass(frozen=True)
class CohortPlan:
    """A cohort: for a place (by name), or the whole system when `place` is empty."""

    name: str
    place: str
    capacity: int
    starts_day: int
    ends_day: int
    quotas: tuple[QuotaPlan, ...] = ()


@dataclass(frozen=True)
class EligibilityPlan:
    """Who may apply (codes and place names; empty allows every one) and how offers run."""

    sectors: tuple[str, ...] = ()
    seniority: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    offer_days: int = 7
    reminder_hours: int = 48
    privacy_notice: str = ""


@dataclass(frozen=True)
class ModulePlan:
    title: str
    outcomes: str = ""
    partner: str = ""  # the partner organisation's name; empty: the programme team
    order: int = 0


@dataclass(frozen=True)
class SessionPlan:
    """A session on day `day` from `starts` to `ends` (London time), for one cohort (by name) or,
    when `cohort` is empty, the whole programme."""

    kind: str
    title: str
    day: int
    starts: str
    ends: str
    cohort: str = ""
    module: str = ""  # the module's title
    description: str = ""
    venue_name: str = ""
    address: str = ""
    access_information: str = ""
    online_url: str = ""
    capacity: int | None = None
    table_size: int = 8
    open_to_system: bool = False  # the system's other running programmes are invited too


@dataclass(frozen=True)
class RoundPlan:
    """A survey round open from `opens_day` at `opens` to `closes_day` at `closes` (London time),
    for one cohort (by name) or the whole programme. Development rounds name their instrument by
    key; the relationship survey's rounds name none."""

    kind: str
    opens_day: int
    closes_day: int
    opens: str = "09:00"
    closes: str = "17:00"
    cohort: str = ""
    instrument: str = ""
    title: str = ""


@dataclass(frozen=True)
class FunderPlan:
    name: str
    charity_number: str = ""
    company_number: str = ""
    org_identifier: str = ""
    commercial: bool = False


@dataclass(frozen=True)
class BudgetLinePlan:
    name: str
    amount: Decimal
    order: int = 0


@dataclass(frozen=True)
class Blueprint:
    """A whole programme before its first applicant, every date counted from its first day."""

    summary: str
    length_days: int
    cohorts: tuple[CohortPlan, ...]
    version: int = VERSION
    min_module_days_to_complete: int | None = None
    eligibility: EligibilityPlan = field(default_factory=EligibilityPlan)
    modules: tuple[ModulePlan, ...] = ()
    sessions: tuple[SessionPlan, ...] = ()
    development_rounds: tuple[RoundPlan, ...] = ()
    survey_rounds: tuple[RoundPlan, ...] = ()
    funders: tuple[FunderPlan, ...] = ()
    budget_lines: tuple[BudgetLinePlan, ...] = ()

    def cohort(self, name: str) -> CohortPlan | None:
        return next((c for c in self.cohorts if c.name == name), None)


def problems(blueprint: Blueprint) -> list[str]:
    """Everything wrong with a description, each naming the part at fault; empty when it can start."""
    found: list[str] = []
    if blueprint.version > VERSION:
        found.append(f"This template was written by a newer version of Common Ground (version {blueprint.version}).")
    if not 1 <= blueprint.length_days <= MAX_DAY:
        found.append(f"The programme's length must be 1 to {MAX_DAY} days, not {blueprint.length_days}.")
    if not blueprint.cohorts:
        found.append("A template needs at least one cohort.")
    names = [c.name for c in blueprint.cohorts]
    for name in sorted({n for n in names if names.count(n) > 1}):
        found.append(f"Two cohorts are called {name}.")
    for c in blueprint.cohorts:
        where = f"Cohort {c.name}"
        if c.capacity < 1:
            found.append(f"{where}: capacity must be at least 1.")
        if not 0 <= c.starts_day <= c.ends_day <= blueprint.length_days:
            found.append(f"{where}: its days must fall inside the programme, starting before they end.")
        for q in c.quotas:
            if not 0 <= q.min_share <= q.max_share <= 100:
                found.append(f"{where}: a quota's shares must be 0 to 100 per cent, the least first.")
            if q.dimension not in ("sector", "organisation") or (q.dimension == "sector") != bool(q.sector):
                found.append(f"{where}: a quota names a sector, or an organisation (or each organisation).")
    modules = {m.title for m in blueprint.modules}
    for s in blueprint.sessions:
        where = f"Session {s.title}"
        found += _day(where, s.day, blueprint.length_days)
        found += _times(where, s.starts, s.ends, same_day=True)
        if s.cohort and s.cohort not in names:
            found.append(f"{where}: no cohort is called {s.cohort}.")
        if s.module and s.module not in modules:
            found.append(f"{where}: no module is called {s.module}.")
        if s.capacity is not None and s.capacity < 1:
            found.append(f"{where}: capacity must be at least 1, or empty for no limit.")
    for r in (*blueprint.development_rounds, *blueprint.survey_rounds):
        where = f"Round {r.title or r.kind}" + (f" ({r.cohort})" if r.cohort else "")
        found += _day(where, r.opens_day, blueprint.length_days + MAX_DAY)
        if r.closes_day < r.opens_day or (r.closes_day == r.opens_day and r.closes <= r.opens):
            found.append(f"{where}: it must close after it opens.")
        found += _times(where, r.opens, r.closes, same_day=False)
        if r.cohort and r.cohort not in names:
            found.append(f"{where}: no cohort is called {r.cohort}.")
    for r in blueprint.development_rounds:
        if not r.instrument:
            found.append(f"Round {r.title or r.kind}: name its instrument.")
    lines = [b.name.casefold() for b in blueprint.budget_lines]
    for b in blueprint.budget_lines:
        if b.amount < 0:
            found.append(f"Budget line {b.name}: the amount must be £0 or more.")
        if lines.count(b.name.casefold()) > 1:
            found.append(f"Budget line {b.name} is there twice.")
    return found


def _day(where: str, day: int, last: int) -> list[str]:
    if not -MAX_DAY <= day <= last:
        return [f"{where}: day {day} is outside the programme."]
    return []


def _times(where: str, starts: str, ends: str, *, same_day: bool) -> list[str]:
    bad = [t for t in (starts, ends) if not TIME.match(t)]
    if bad:
        return [f"{where}: {bad[0]!r} is not a time such as 09:30."]
    if same_day and ends <= starts:
        return [f"{where}: it must end after it starts."]
    return []


def renamed(text: str, names: dict[str, str]) -> str:
    """`text` with each old name replaced by its new one (a cohort's name inside a session title),
    longest first so "North West Surrey spring cohort" is not taken for "North West Surrey cohort"."""
    for old in sorted(names, key=len, reverse=True):
        if old and old != names[old] and old in text:
            return text.replace(old, names[old])
    return text
