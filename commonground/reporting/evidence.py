"""The evidence sections of a report, by Kirkpatrick level, from the published figures.

Level 0 is reach, attendance and retention; level 1 how people found the sessions; level 2 the
change in what they know and how resilient they feel (paired before and after, with intervals);
level 3 what they do differently (behaviour follow-up); level 4 results for the system (what the
challenge teams changed, with their before and after figures, and the change in working
relationships across organisations and sectors between survey rounds).

A pack's cohorts and period choose rows of tables protected for the whole programme (see
`sources`): a cohort's row, a month's column. A total over chosen rows is shown only when every
row in it is shown, since it is then the sum of figures anyone can read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commonground.network.figures import GroupChange
from commonground.reporting.report import ChartSpec, Column, Line, Section, Table, Value
from commonground.reporting.sources import Sources
from commonground.schedule.attendance import FigureLine


@dataclass(frozen=True)
class Choice:
    """What a pack covers: its period (None: open) and cohorts (empty: all), by name."""

    period_from: dt.date | None = None
    period_to: dt.date | None = None
    cohorts: frozenset[str] = frozenset()

    def has_cohort(self, label: str) -> bool:
        return not self.cohorts or label in self.cohorts

    def in_period(self, day: dt.date | None) -> bool:
        if day is None:
            return self.period_from is None and self.period_to is None
        return (self.period_from is None or day >= self.period_from) and (self.period_to is None or day <= self.period_to)

    def month_in_period(self, first: dt.date) -> bool:
        """Whether any day of the month starting `first` falls in the period."""
        last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return (self.period_from is None or last >= self.period_from) and (self.period_to is None or first <= self.period_to)


def total(values: Iterable[int | None]) -> int | None:
    """A sum of shown figures; None when any part is hidden."""
    parts = list(values)
    if any(v is None for v in parts):
        return None
    return sum(v for v in parts if v is not None)


def rate(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None or whole <= 0:
        return None
    return round(100 * part / whole, 1)


def people(s: Sources, choice: Choice) -> int | None:
    if not choice.cohorts:
        return s.reach.total
    return total(row.count for row in s.reach.by_cohort if row.label in choice.cohorts)


def completed(s: Sources, choice: Choice) -> tuple[int | None, int | None]:
    """Completed and on track, over the chosen cohorts (or the whole programme's row)."""
    c = s.completion
    if c.totals is None:
        return None, None
    if not choice.cohorts and c.totals.label == "All":
        return c.totals.completed, c.totals.on_track
    rows = [row for row in c.cohorts if choice.has_cohort(row.label)]
    return total(r.completed for r in rows), total(r.on_track for r in rows)


# -- Level 0: reach ---------------------------------------------------------------------------------


def reach_section(s: Sources, choice: Choice) -> Section:
    r = s.reach
    count = (Column("Participants"),)
    tables = [
        Table("reach-place", "Participants by place, against the places offered", "Place",
              (Column("Participants"), Column("Places offered")),
              tuple(Line(row.label, (row.count, s.places_offered.get(row.label))) for row in r.by_place),
              chart=ChartSpec("bar", (0,), target=1)),
        Table("reach-sector", "Participants by sector", "Sector", count,
              tuple(Line(row.label, (row.count,)) for row in r.by_sector), chart=ChartSpec("bar")),
        Table("reach-quota", "Participants by sector, against the cohorts' sector quotas", "Sector",
              (Column("Participants"), Column("Quota: at least"), Column("Quota: at most")),
              tuple(Line(row.label, (row.count, *s.quotas[row.label])) for row in r.by_sector if row.label in s.quotas),
              note="A quota is a share of each cohort's places; here in places, added up over the cohorts that set one."),
        Table("reach-family", "Participants by type of organisation", "Type of organisation", count,
              tuple(Line(row.label, (row.count,)) for row in r.by_family)),
        Table("reach-seniority", "Participants by seniority", "Seniority", count,
              tuple(Line(row.label, (row.count,)) for row in r.by_seniority)),
        Table("reach-cohort", "Participants by cohort", "Cohort", count,
              tuple(Line(row.label, (row.count,)) for row in r.by_cohort if choice.has_cohort(row.label))),
    ]
    return Section(
        "reach", "Who took part", "Level 0: reach",
        f"{_count_words(people(s, choice), 'participant')} from {s.organisations} organisations. "
        "Places offered are the capacities of each place's cohorts.",
        tuple(tables),
    )


# -- Levels 0 and 1: attendance and retention ------------------------------------------------------------


ATTENDANCE_COLUMNS = (
    Column("Places offered"), Column("Attended"), Column("Apologies"), Column("Absent"),
    Column("Not recorded"), Column("Attendance rate", "percent"),
)


def _attendance_line(line: FigureLine) -> Line:
    recorded = None if line.offered is None or line.unrecorded is None else line.offered - line.unrecorded
    return Line(line.label, (line.offered, line.attended, line.apologies, line.absent, line.unrecorded,
                             rate(line.attended, recorded)))


def attendance_section(s: Sources, choice: Choice) -> Section:
    a = s.attendance
    cohort_lines = [_attendance_line(line) for line in a.cohorts if choice.has_cohort(line.label)]
    if not choice.cohorts:
        cohort_lines = [_attendance_line(line) for line in a.totals] + cohort_lines
    months = [m for m in s.months if choice.month_in_period(m.month)]
    c = s.completion
    completion_lines = []
    if c.totals is not None and not choice.cohorts:
        completion_lines.append(Line(c.totals.label, (c.totals.people, c.totals.completed, c.totals.on_track, c.totals.cannot_complete)))
    completion_lines += [
        Line(row.label, (row.people, row.completed, row.on_track, row.cannot_complete))
        for row in c.cohorts if choice.has_cohort(row.label)
    ]
    rule = c.rule.words if c.rule is not None else ""
    notes = []
    if c.left_out:
        notes.append(f"Left out as too small to show apart: {', '.join(c.left_out)}.")
    return Section(
        "attendance", "Attendance and completion", "Levels 0 and 1: attendance and retention",
        "Places offered are invitations of participants to sessions that have ended; the rate is "
        "attended as a share of those whose attendance was recorded."
        + (f" A participant completes once they have {rule}." if rule else " No completion rule is set yet."),
        (
            Table("attendance-month", "Attendance over the programme, by month", "Month",
                  (Column("Places offered"), Column("Attended"), Column("Attended of offered", "percent")),
                  tuple(Line(m.label, (m.offered, m.attended, m.rate)) for m in months),
                  chart=ChartSpec("column", (1,))),
            Table("attendance-cohort", "Attendance by cohort", "Cohort", ATTENDANCE_COLUMNS,
                  tuple(cohort_lines), chart=ChartSpec("bar", (5,))),
            Table("completion-cohort", "Completion by cohort", "Cohort",
                  (Column("Participants"), Column("Completed"), Column("On track"), Column("Cannot complete")),
                  tuple(completion_lines), note=" ".join(notes)),
        ),
    )


# -- Level 1: reaction -------------------------------------------------------------------------------


def feedback_section(s: Sources, choice: Choice) -> Section:
    ev = s.evaluation
    rows = [row for row in ev.feedback if choice.in_period(row.opened.date())]
    dimensions: list[str] = list(dict.fromkeys(label for row in rows for label, _ in row.means))
    lines = []
    for row in rows:
        means = dict(row.means)
        lines.append(Line(row.label, (row.responses, *(means.get(d) for d in dimensions))))
    by_module = [
        Line(row.label, (row.responses, *(dict(row.means).get(d) for d in dimensions)))
        for row in ev.feedback_by_module
    ]
    columns = (Column("Responses"), *(Column(d, "decimal") for d in dimensions))
    return Section(
        "feedback", "How people found the sessions", "Level 1: reaction",
        "Mean answers to the session feedback form, by module and by session; a mean is shown "
        "only when at least 5 people answered.",
        (
            Table("feedback-module", "Session feedback by module (all sessions to date)", "Module", columns, tuple(by_module)),
            Table("feedback-session", "Session feedback by session", "Session", columns, tuple(lines)),
        ),
    )


# -- Levels 2 and 3: learning and behaviour ------------------------------------------------------------------------


CHANGE_COLUMNS = (
    Column("People"), Column("Before", "decimal"), Column("After", "decimal"), Column("Change", "signed"),
    Column("Interval low", "decimal"), Column("Interval high", "decimal"),
)


def _change_lines(s: Sources, level: int, choice: Choice) -> tuple[Line, ...]:
    rows = [c for c in s.evaluation.changes if c.level == level and (c.scope == "All cohorts" or choice.has_cohort(c.scope))]
    return tuple(
        Line(f"{c.instrument}: {c.dimension} ({c.scope}, {c.comparison.lower()})",
             (c.n, c.before, c.after, c.mean, c.low, c.high))
        for c in rows
    )


def change_section(s: Sources, choice: Choice, *, level: int) -> Section:
    key, title, words = {
        2: ("learning", "What people learned and how resilient they feel", "Level 2: learning"),
        3: ("behaviour", "What people do differently", "Level 3: behaviour"),
    }[level]
    instruments = next((lv.instruments for lv in s.evaluation.levels if lv.level == level), [])
    mentoring = (
        (Table("behaviour-mentoring", f"{words}: mentoring meetings held", "Mentoring",
               (Column("Count"),),
               (Line("Meetings recorded", (s.mentoring.meetings,)), Line("Pairs who met", (s.mentoring.pairs,)))),)
        if level == 3 else ()
    )
    return Section(
        key, title, words,
        "Paired change: each person's answers at the baseline against their own later answers, with the "
        "mean change and its 95% interval. A row is shown only when at least 5 people answered both."
        + (" Mentoring meetings held are counted as they were recorded, shown only from 5 up." if level == 3 else ""),
        (
            Table(f"{key}-change", f"{words}: change from the baseline", "Measure", CHANGE_COLUMNS,
                  _change_lines(s, level, choice), chart=ChartSpec("change", (3,))),
            Table(f"{key}-instruments", f"{words}: the evidence gathered", "Instrument",
                  (Column("Rounds"), Column("Answers")),
                  tuple(Line(name, (rounds, answers)) for name, rounds, answers in instruments)),
            *mentoring,
        ),
    )


# -- Level 4: results ----------------------------------------------------------------------------------


def _group_lines(rows: Sequence[GroupChange]) -> tuple[Line, ...]:
    return tuple(
        Line(g.label, (g.people, g.organisations_start, g.organisations_now if g.has_now else None,
                       g.sectors_start, g.sectors_now if g.has_now else None))
        for g in rows
    )


def results_section(s: Sources, choice: Choice) -> Section:
    outcomes = [
        o for o in s.outcomes
        if choice.in_period(o.after_on or o.created_at.date()) or (o.after_on is None and not (choice.period_from or choice.period_to))
    ]
    outcome_lines = tuple(
        Line(f"{o.issue.title}: {o.measure}",
             (o.unit or "–", o.before_value, o.after_value,
              None if o.before_value is None or o.after_value is None else o.after_value - o.before_value))
        for o in outcomes
    )
    rounds = s.network.rounds
    group_columns = (
        Column("People"), Column("Organisations at the start", "decimal"), Column("Organisations now", "decimal"),
        Column("Sectors at the start", "decimal"), Column("Sectors now", "decimal"),
    )
    return Section(
        "results", "What changed for the system", "Level 4: results",
        "What the challenge teams changed, with the figures they measured before and after, and the "
        "working relationships participants report across organisations and sectors, survey round by round.",
        (
            Table("outcomes", "Challenge-team outcomes", "Outcome",
                  (Column("Unit", "text"), Column("Before", "decimal"), Column("After", "decimal"), Column("Change", "signed")),
                  outcome_lines),
            Table("ties-rounds", "Working relationships by survey round", "Round",
                  (Column("People answering"), Column("Ties"), Column("New ties"), Column("New ties across organisations"),
                   Column("Across sectors (E-I)", "signed")),
                  tuple(Line(r.label, (r.respondents, r.ties, r.new_ties if r.compared else None,
                                       r.new_crossing_organisation if r.compared else None, r.ei_sector))
                        for r in rounds),
                  chart=ChartSpec("column", (1,))),
            Table("ties-sector", "Organisations and sectors each person works with, at the start and now, by sector",
                  "Sector", group_columns, _group_lines(s.network.by_sector), chart=ChartSpec("grouped", (1, 2))),
            Table("ties-place", "Organisations and sectors each person works with, at the start and now, by place",
                  "Place", group_columns, _group_lines(s.network.by_place), chart=ChartSpec("grouped", (1, 2))),
        ),
    )


def lessons_section(did_not_work: str, lessons: str) -> Section:
    paragraphs = tuple(
        f"{heading}: {text}" for heading, text in (("What did not work", did_not_work.strip()), ("Lessons", lessons.strip())) if text
    )
    return Section(
        "lessons", "What did not work, and lessons", "", "Written by the programme lead for this report."
        if paragraphs else "The programme lead has written nothing here for this report.", (), paragraphs,
    )


def _count_words(n: int | None, noun: str) -> str:
    if n is None:
        return f"A number of {noun}s too small to show"
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def values_of(lines: Iterable[Line], index: int) -> list[Value]:
    return [line.values[index] for line in lines]
