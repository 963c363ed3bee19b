"""The template Common Ground ships: a four-place programme for 400 people over eight months.

Modelled on the place-based programmes the product is built for: a cohort of 100 in each of four
places (a week apart), each with a launch, six module days four weeks apart, four learning-set
meetings between them (two online) and a celebration; a system-wide summit in week 18; the
collaborative leadership self-assessment, the Brief Resilience Scale and ONS4 wellbeing at the
start and the end; the relationship survey at the start, midway and the end; a budget in six
lines. Places are "Place 1" to "Place 4": starting it matches them to the system's own places in
turn. Partners, venues and funders are the system's to add, so none is named.
"""

import datetime as dt
from decimal import Decimal

from commonground.blueprints.blueprint import (
    Blueprint,
    BudgetLinePlan,
    CohortPlan,
    EligibilityPlan,
    ModulePlan,
    QuotaPlan,
    RoundPlan,
    SessionPlan,
)
from commonground.blueprints.models import ProgrammeTemplate
from commonground.core import codec

KEY = "four-place-400"
NAME = "Four places, 400 leaders, eight months"
LENGTH_DAYS = 7 * 34 + 4  # a Monday to the Friday eight months on
PLACES = ("Place 1", "Place 2", "Place 3", "Place 4")

MODULES = (
    ("Leading across boundaries", "Describe how decisions are made across the partnership and where you can influence them"),
    ("Building trust across organisations", "Keep small commitments visibly, and repair trust when one slips"),
    ("Working with conflict", "Separate positions from interests in a disagreement between services"),
    ("Sharing power with communities", "Involve people who use services in a real decision, not only in consultation"),
    ("Systems thinking and population health", "Read a local population health picture and name its wider causes"),
    ("Sustaining yourself and others", "Agree one change that protects time for reflection"),
)
BUDGET = (
    ("Facilitation", 42_000), ("Venues and catering", 36_000), ("Coaching", 28_000), ("Evaluation", 12_000),
    ("Participant backfill", 40_000), ("Programme management", 32_000),
)
SELF_ASSESSMENT, RESILIENCE, WELLBEING = "collaborative-leadership", "brief-resilience-scale", "ons4-wellbeing"


def _tuesday(day: int, weekday: int = 1) -> int:
    """The first given weekday (Tuesday by default) on or after `day`, the programme starting on a Monday."""
    return day + (weekday - day % 7) % 7


def _cohort_sessions(name: str, start: int, end: int) -> list[SessionPlan]:
    sessions = [SessionPlan(
        kind="launch", title=f"Launch day: {name}", day=start, starts="09:30", ends="16:00", cohort=name,
        description="Meet your cohort and your learning set, and hear from system leaders about why this matters.",
    )]
    for n, (title, _) in enumerate(MODULES, start=1):
        sessions.append(SessionPlan(
            kind="module", title=f"{title} ({name})", day=_tuesday(start + 28 * n), starts="09:30", ends="16:30",
            cohort=name, module=title, capacity=100, description=f"Module {n} of 6.",
        ))
    for n in range(1, 5):
        sessions.append(SessionPlan(
            kind="learning_set", title=f"Learning-set meeting {n} ({name})", day=_tuesday(start + 28 * n + 14, 3),
            starts="13:30", ends="15:30", cohort=name,
            description="Your learning set works on its local issue, with an action-learning round.",
            online_url="https://meet.example.org/your-learning-set" if n in (2, 4) else "",
        ))
    sessions.append(SessionPlan(
        kind="celebration", title=f"Celebration: {name}", day=end, starts="14:00", ends="17:00", cohort=name,
        description="Challenge teams share what changed; sponsors and partners welcome.",
    ))
    return sessions


def blueprint() -> Blueprint:
    cohorts = []
    sessions: list[SessionPlan] = []
    development: list[RoundPlan] = []
    survey: list[RoundPlan] = []
    for index, place in enumerate(PLACES):
        name = f"{place} cohort"
        start, end = 7 * index, LENGTH_DAYS - 7 * (len(PLACES) - 1 - index)
        cohorts.append(CohortPlan(
            name=name, place=place, capacity=100, starts_day=start, ends_day=end,
            quotas=(
                QuotaPlan(dimension="sector", sector="voluntary_community", min_share=10),
                QuotaPlan(dimension="sector", sector="nhs_acute", max_share=30),
                QuotaPlan(dimension="organisation", max_share=20),
            ),
        ))
        sessions += _cohort_sessions(name, start, end)
        for key in (SELF_ASSESSMENT, RESILIENCE, WELLBEING):
            development.append(RoundPlan(kind="baseline", opens_day=start - 7, closes_day=start + 14, cohort=name,
                                         instrument=key))
            development.append(RoundPlan(kind="end", opens_day=end - 7, closes_day=end + 14, cohort=name,
                                         instrument=key))
        survey += [
            RoundPlan(kind="start", opens_day=start, closes_day=start + 21, cohort=name),
            RoundPlan(kind="midpoint", opens_day=start + 119, closes_day=start + 140, cohort=name),
            RoundPlan(kind="end", opens_day=end - 7, closes_day=end + 14, cohort=name),
        ]
    sessions.append(SessionPlan(
        kind="development_day", title="System leadership summit", day=_tuesday(7 * 18, 4), starts="09:30",
        ends="16:00", capacity=60, open_to_system=True,
        description="All cohorts together with the partnership board: what we are learning about working as one system.",
    ))
    return Blueprint(
        summary=(
            "Frontline and middle leaders from the NHS, councils, social care and the voluntary, community and "
            "faith sector learn to lead together across organisational boundaries: a cohort in each place, "
            "action learning sets, six module days and a local improvement project, with a system-wide summit. "
            "Eight months, from launch to celebration."
        ),
        length_days=LENGTH_DAYS,
        min_module_days_to_complete=5,
        cohorts=tuple(cohorts),
        eligibility=EligibilityPlan(seniority=("frontline", "team_leader", "service_manager")),
        modules=tuple(ModulePlan(title=t, outcomes=o, order=n) for n, (t, o) in enumerate(MODULES, start=1)),
        sessions=tuple(sorted(sessions, key=lambda s: (s.day, s.starts, s.title))),
        development_rounds=tuple(development),
        survey_rounds=tuple(survey),
        budget_lines=tuple(BudgetLinePlan(name=n, amount=Decimal(a), order=i) for i, (n, a) in enumerate(BUDGET, 1)),
    )


def ensure_shipped_template(*, using: str = "default") -> ProgrammeTemplate:
    """The shipped template, added or brought up to date (by its key) with this version's description."""
    description = codec.encode(blueprint())
    template, created = ProgrammeTemplate.objects.using(using).get_or_create(
        key=KEY, defaults={"name": NAME, "description": description, "system": None},
    )
    if not created and (template.description != description or template.name != NAME):
        template.name, template.description = NAME, description
        template.save(using=using, update_fields=["name", "description"])
    return template


def first_monday_after(day: dt.date) -> dt.date:
    """Where a new intake most naturally starts: the Monday after `day`."""
    return day + dt.timedelta(days=7 - day.weekday())
