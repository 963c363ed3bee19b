"""Reads for personal development and evaluation.

A person's own answers are read only for that person. The programme evaluation (aggregates,
with disclosure control) lives in `figures.py`. Health-data answers count only while their
owner's consent stands (withdrawal also deletes them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.development import scoring
from commonground.development.models import (
    Goal,
    HealthDataConsent,
    Instrument,
    InstrumentKind,
    JournalEntry,
    Response,
    Round,
    RoundKind,
)
from commonground.programmes.models import Cohort, Membership, Programme, Role

# Session feedback asks the people who came to a session: the schedule, below us, knows who.
from commonground.schedule.queries import feedback_asked, feedback_session_ids_for

JOURNAL_PROMPTS = (
    "Who did you meet this month from an organisation you rarely work with, and what surprised you?",
    "What helped you build trust with a partner organisation recently, and what got in the way?",
    "When did you share power or step back so someone else could lead? How did it feel?",
    "Describe a disagreement across organisations. What interests sat behind each position?",
    "What have you noticed about how your own service affects another part of the system?",
    "What is giving you energy at the moment, and what is draining it?",
)


# -- Who is asked --------------------------------------------------------------------------


def population_ids(*, programme: Programme, cohort: Cohort | None) -> set[int]:
    """Participants a round asks: a cohort's, or the whole programme's."""
    memberships = Membership.objects.filter(programme=programme, role=Role.PARTICIPANT)
    if cohort is not None:
        memberships = memberships.filter(cohort=cohort)
    return set(memberships.values_list("person_id", flat=True))


def round_population(survey_round: Round) -> set[int]:
    """Who a round asks: session feedback asks the people who came to that session; other rounds their cohort."""
    if survey_round.kind == RoundKind.SESSION and survey_round.session is not None:
        return feedback_asked(survey_round.session)
    return population_ids(programme=survey_round.programme, cohort=survey_round.cohort)


def consented_ids(programme: Programme) -> set[int]:
    return set(
        HealthDataConsent.objects.filter(
            programme=programme, given_at__isnull=False, withdrawn_at__isnull=True
        ).values_list("person_id", flat=True)
    )


def health_consent(person: Person, programme: Programme) -> HealthDataConsent | None:
    return HealthDataConsent.objects.filter(person=person, programme=programme).first()


def has_health_consent(person: Person, programme: Programme) -> bool:
    consent = health_consent(person, programme)
    return consent is not None and consent.active


def _rounds(programme: Programme) -> Any:
    return Round.objects.filter(programme=programme).select_related("cohort", "instrument_version__instrument")


def rounds_for(person: Person, programme: Programme) -> list[Round]:
    """Rounds that ask this person (their cohort's and the whole programme's), oldest first."""
    cohort_ids = list(
        Membership.objects.filter(
            person=person, programme=programme, role=Role.PARTICIPANT, cohort__isnull=False
        ).values_list("cohort_id", flat=True)
    )
    session_round = Q(kind=RoundKind.SESSION, session__isnull=False)
    return list(
        _rounds(programme)
        .filter(
            (~session_round & (Q(cohort__isnull=True) | Q(cohort_id__in=cohort_ids)))
            | (session_round & Q(session_id__in=feedback_session_ids_for(person, programme)))
        )
        .order_by("opens_at", "pk")
    )


@dataclass(frozen=True)
class MyRound:
    round: Round
    response: Response | None
    is_open: bool
    needs_consent: bool

    @property
    def upcoming(self) -> bool:
        return not self.is_open and self.round.opens_at > timezone.now()


def my_rounds(person: Person, programme: Programme) -> list[MyRound]:
    rounds = rounds_for(person, programme)
    responses = {r.round_id: r for r in Response.objects.filter(person=person, round__in=rounds)}
    consented = has_health_consent(person, programme)
    now = timezone.now()
    return [
        MyRound(
            round=r,
            response=responses.get(r.pk),
            is_open=r.is_open(now),
            needs_consent=r.instrument.is_health_data and not consented,
        )
        for r in rounds
    ]


# -- My progress -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One dimension of the baseline-versus-latest chart, with its SVG geometry."""

    label: str
    before: float | None
    after: float | None
    y: int
    before_width: float
    after_width: float

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)


CHART_LABEL_WIDTH = 200
CHART_BAR_WIDTH = 400
CHART_ROW_HEIGHT = 48


@dataclass(frozen=True)
class SelfAssessmentProgress:
    instrument: Instrument
    before: Round | None
    after: Round | None
    bars: list[Bar]
    minimum: int
    maximum: int

    @property
    def height(self) -> int:
        return len(self.bars) * CHART_ROW_HEIGHT + 30

    @property
    def ticks(self) -> list[dict[str, float]]:
        span = self.maximum - self.minimum
        return [
            {"value": v, "x": CHART_LABEL_WIDTH + CHART_BAR_WIDTH * (v - self.minimum) / span}
            for v in range(self.minimum, self.maximum + 1)
        ]


@dataclass(frozen=True)
class Point:
    round: Round
    value: float | None
    band: str | None = None


@dataclass(frozen=True)
class Series:
    label: str
    points: list[Point]


@dataclass
class MyProgress:
    consent: HealthDataConsent | None
    self_assessment: SelfAssessmentProgress | None
    resilience: list[Point] = field(default_factory=list)
    wellbeing: list[Series] = field(default_factory=list)
    behaviour: list[Series] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    journal_count: int = 0


def _width(value: float | None, minimum: int, maximum: int) -> float:
    if value is None:
        return 0.0
    # Bars start at the scale's minimum, so a 1 on a 1–5 scale draws a sliver, not nothing.
    return round(CHART_BAR_WIDTH * max(value - minimum, 0.05) / (maximum - minimum), 1)


def my_progress(person: Person, programme: Programme) -> MyProgress:
    """The person's own scores over time, goals and journal count: for their eyes only."""
    responses = list(
        Response.objects.filter(person=person, round__programme=programme)
        .select_related("round__instrument_version__instrument", "round__cohort")
        .order_by("round__opens_at", "pk")
    )
    by_kind: dict[str, list[Response]] = defaultdict(list)
    for response in responses:
        by_kind[response.round.instrument.kind].append(response)

    progress = MyProgress(
        consent=health_consent(person, programme),
        self_assessment=_self_assessment(by_kind[InstrumentKind.SELF_ASSESSMENT]),
        goals=list(Goal.objects.filter(person=person, programme=programme)),
        journal_count=JournalEntry.objects.filter(person=person, programme=programme).count(),
    )
    for response in by_kind[InstrumentKind.RESILIENCE]:
        scores = scoring.score(response.round.instrument_version.parsed, response.answers)
        progress.resilience.append(Point(response.round, scores[0].value))
    progress.wellbeing = _series(by_kind[InstrumentKind.WELLBEING])
    progress.behaviour = _series(by_kind[InstrumentKind.BEHAVIOUR])
    return progress


def _series(responses: list[Response]) -> list[Series]:
    series: dict[str, Series] = {}
    for response in responses:
        definition = response.round.instrument_version.parsed
        for s in scoring.score(definition, response.answers):
            label = definition.label_of(s.dimension)
            series.setdefault(label, Series(label, [])).points.append(Point(response.round, s.value, s.band))
    return list(series.values())


def _self_assessment(responses: list[Response]) -> SelfAssessmentProgress | None:
    if not responses:
        return None
    baseline = next((r for r in responses if r.round.kind == RoundKind.BASELINE), responses[0])
    latest = responses[-1] if responses[-1] is not baseline else None
    definition = baseline.round.instrument_version.parsed
    before = scoring.scores_by_dimension(definition, baseline.answers)
    after = (
        scoring.scores_by_dimension(latest.round.instrument_version.parsed, latest.answers) if latest else {}
    )
    low, high = definition.scale.minimum, definition.scale.maximum
    bars = [
        Bar(
            label=d.label,
            before=_round(before.get(d.key)),
            after=_round(after.get(d.key)),
            y=i * CHART_ROW_HEIGHT,
            before_width=_width(before.get(d.key), low, high),
            after_width=_width(after.get(d.key), low, high),
        )
        for i, d in enumerate(definition.dimensions)
    ]
    return SelfAssessmentProgress(
        instrument=baseline.round.instrument,
        before=baseline.round,
        after=latest.round if latest else None,
        bars=bars,
        minimum=low,
        maximum=high,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)
