"""Reads for personal development and evaluation.

A person's own answers are read only for that person. Programme figures are aggregates: any
figure from fewer than 5 people is suppressed (None), and a programme-wide row is suppressed
too when it would let a suppressed cohort's figures be worked out by subtraction. Health-data
answers count only while their owner's consent stands (withdrawal also deletes them).
Every figure is computed on request, so a withdrawal disappears from every aggregate at once.
"""

from __future__ import annotations

import datetime as dt
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
    KirkpatrickLevel,
    Response,
    Round,
    RoundKind,
)
from commonground.programmes.models import Cohort, Membership, Programme, Role
from commonground.programmes.queries import SMALL_NUMBER, suppress

SUPPRESSED = "fewer than 5"
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
    if survey_round.kind == RoundKind.SESSION and survey_round.session_ref:
        from commonground.schedule.services import (
            feedback_asked_ids,  # the schedule builds on this app
        )

        return feedback_asked_ids(survey_round.session_ref)
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
    from commonground.schedule.services import feedback_refs_for  # the schedule builds on this app

    session_round = Q(kind=RoundKind.SESSION) & ~Q(session_ref="")
    return list(
        _rounds(programme)
        .filter(
            (~session_round & (Q(cohort__isnull=True) | Q(cohort_id__in=cohort_ids)))
            | (session_round & Q(session_ref__in=feedback_refs_for(person, programme)))
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


# -- Programme evaluation --------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseRate:
    round: Round
    invited: int
    responded: int | None

    @property
    def rate(self) -> float | None:
        if self.responded is None or not self.invited:
            return None
        return round(100 * self.responded / self.invited)


@dataclass(frozen=True)
class ChangeRow:
    """Mean change per dimension from baseline to a later round; figures None when suppressed."""

    scope: str
    instrument: str
    level: int
    dimension: str
    comparison: str
    n: int | None
    before: float | None = None
    after: float | None = None
    mean: float | None = None
    low: float | None = None
    high: float | None = None

    @property
    def suppressed(self) -> bool:
        return self.n is None


@dataclass(frozen=True)
class FeedbackRow:
    label: str
    opened: dt.datetime
    responses: int | None
    means: list[tuple[str, float | None]]


@dataclass(frozen=True)
class LevelEvidence:
    level: int
    label: str
    instruments: list[tuple[str, int, int | None]]  # name, rounds, responses (suppressed)


@dataclass(frozen=True)
class Evaluation:
    rates: list[ResponseRate]
    changes: list[ChangeRow]
    feedback: list[FeedbackRow]
    levels: list[LevelEvidence]
    sessions_exist: bool = False
    feedback_by_module: list[FeedbackRow] = field(default_factory=list)
    feedback_by_partner: list[FeedbackRow] = field(default_factory=list)


def _change_row(scope: str, instrument: Instrument, dimension: str, comparison: str,
                pairs: list[tuple[float, float]]) -> ChangeRow:
    if len(pairs) < SMALL_NUMBER:
        return ChangeRow(scope, instrument.name, instrument.kirkpatrick_level, dimension, comparison, None)
    change = scoring.mean_change(pairs)
    assert change is not None
    return ChangeRow(
        scope, instrument.name, instrument.kirkpatrick_level, dimension, comparison, change.n,
        round(change.before, 2), round(change.after, 2), round(change.mean, 2),
        None if change.low is None else round(change.low, 2),
        None if change.high is None else round(change.high, 2),
    )


def evaluation(programme: Programme) -> Evaluation:
    """Every programme-level figure, suppressed under 5; a fixed number of queries at any size."""
    now = timezone.now()
    rounds = list(_rounds(programme).filter(opens_at__lte=now).order_by("cohort__name", "opens_at", "pk"))
    consented = consented_ids(programme)
    participants = list(
        Membership.objects.filter(programme=programme, role=Role.PARTICIPANT).values_list("person_id", "cohort_id")
    )
    cohort_sizes: dict[int | None, int] = defaultdict(int)
    for _, cohort_id in participants:
        cohort_sizes[cohort_id] += 1
    scores: dict[int, dict[int, dict[str, float | None]]] = defaultdict(dict)  # round → person → scores
    for round_id, person_id, round_scores in Response.objects.filter(round__in=rounds).values_list(
        "round_id", "person_id", "scores"
    ):
        scores[round_id][person_id] = round_scores

    def counted(r: Round) -> dict[int, dict[str, float | None]]:
        answers = scores.get(r.pk, {})
        if r.instrument.is_health_data:
            return {p: s for p, s in answers.items() if p in consented}
        return answers

    from commonground.schedule.services import (  # the schedule builds on us
        feedback_asked_counts,
        feedback_groups,
    )

    session_refs = [r.session_ref for r in rounds if r.kind == RoundKind.SESSION and r.session_ref]
    session_asked = feedback_asked_counts(session_refs)

    def invited(r: Round) -> int:
        if r.session_ref in session_asked and r.kind == RoundKind.SESSION:
            return session_asked[r.session_ref]
        return len(participants) if r.cohort_id is None else cohort_sizes.get(r.cohort_id, 0)

    rates = [ResponseRate(round=r, invited=invited(r), responded=suppress(len(counted(r)))) for r in rounds]

    # Change: each scope's baseline against every later round of the same instrument.
    by_scope: dict[tuple[int | None, int], list[Round]] = defaultdict(list)
    for r in rounds:
        if r.kind != RoundKind.SESSION:
            by_scope[(r.cohort_id, r.instrument.pk)].append(r)
    changes: list[ChangeRow] = []
    pooled: dict[tuple[int, str, str], list[tuple[float, float]]] = defaultdict(list)
    shown: dict[tuple[int, str, str], int] = defaultdict(int)
    instruments: dict[int, Instrument] = {}
    for (_, instrument_id), scope_rounds in sorted(
        by_scope.items(), key=lambda item: (item[1][0].cohort.name if item[1][0].cohort else "", item[1][0].instrument.name)
    ):
        baseline = next((r for r in scope_rounds if r.kind == RoundKind.BASELINE), None)
        if baseline is None:
            continue
        instrument = baseline.instrument
        instruments[instrument_id] = instrument
        definition = baseline.instrument_version.parsed
        scope = baseline.cohort.name if baseline.cohort else "Whole programme"
        before_scores = counted(baseline)
        ordinal: dict[str, int] = defaultdict(int)
        for later in scope_rounds:
            if later is baseline or later.opens_at < baseline.opens_at:
                continue
            ordinal[later.kind] += 1
            comparison = f"Baseline to {later.get_kind_display().lower()}"
            if ordinal[later.kind] > 1:
                comparison += f" {ordinal[later.kind]}"
            after_scores = counted(later)
            for dimension in definition.dimensions:
                pairs = [
                    (b, a)
                    for person_id, before in before_scores.items()
                    if (b := before.get(dimension.key)) is not None
                    and (a := after_scores.get(person_id, {}).get(dimension.key)) is not None
                ]
                row = _change_row(scope, instrument, dimension.label, comparison, pairs)
                changes.append(row)
                key = (instrument_id, dimension.label, comparison)
                pooled[key] += pairs
                shown[key] += row.n or 0
    totals = []
    for (instrument_id, dimension_label, comparison), pairs in pooled.items():
        hidden = len(pairs) - shown[(instrument_id, dimension_label, comparison)]
        row = _change_row("All cohorts", instruments[instrument_id], dimension_label, comparison, pairs)
        if 0 < hidden < SMALL_NUMBER:
            # The hidden cohorts' figures could be worked out from this total by subtraction.
            row = ChangeRow(row.scope, row.instrument, row.level, row.dimension, row.comparison, None)
        totals.append(row)
    changes = sorted(totals + changes, key=lambda c: (c.level, c.instrument, c.comparison, c.scope != "All cohorts", c.scope))

    def feedback_row(label: str, opened: dt.datetime, definition: scoring.Definition,
                     answers: list[dict[str, float | None]]) -> FeedbackRow:
        n = suppress(len(answers))
        means: list[tuple[str, float | None]] = []
        for d in definition.dimensions:
            values = [v for s in answers if (v := s.get(d.key)) is not None]
            means.append((d.label, round(sum(values) / len(values), 2) if n and len(values) >= SMALL_NUMBER else None))
        return FeedbackRow(label=label, opened=opened, responses=n, means=means)

    feedback = []
    groups = feedback_groups(session_refs)
    by_module: dict[str, list[Any]] = {}
    by_partner: dict[str, list[Any]] = {}
    for r in rounds:
        if r.instrument.kind != InstrumentKind.SESSION_FEEDBACK:
            continue
        answers = list(counted(r).values())
        definition = r.instrument_version.parsed
        feedback.append(feedback_row(r.title or str(r), r.opens_at, definition, answers))
        if r.session_ref in groups:
            # Pooled per module and per partner (one version of the form: the shipped one).
            module, partner = groups[r.session_ref]
            by_module.setdefault(module, [r.opens_at, definition, []])[2].extend(answers)
            by_partner.setdefault(partner, [r.opens_at, definition, []])[2].extend(answers)
    feedback_by_module = [feedback_row(label, *rest) for label, rest in sorted(by_module.items())]
    feedback_by_partner = [feedback_row(label, *rest) for label, rest in sorted(by_partner.items())]

    levels = []
    for level, label in KirkpatrickLevel.choices:
        used: dict[str, list[int]] = {}
        for r in rounds:
            if r.instrument.kirkpatrick_level == level:
                entry = used.setdefault(r.instrument.name, [0, 0])
                entry[0] += 1
                entry[1] += len(counted(r))
        levels.append(
            LevelEvidence(level, label, [(name, n_rounds, suppress(n)) for name, (n_rounds, n) in sorted(used.items())])
        )
    return Evaluation(
        rates=rates,
        changes=changes,
        feedback=feedback,
        levels=levels,
        feedback_by_module=feedback_by_module,
        feedback_by_partner=feedback_by_partner,
        sessions_exist=Round.objects.filter(programme=programme).exclude(session_ref="").exists(),
    )


def _cell(value: object) -> object:
    return SUPPRESSED if value is None else value


def export_rows(ev: Evaluation) -> list[tuple[str, list[str], list[list[object]]]]:
    """The evaluation as sheets of rows (title, header, rows), with the page's suppression."""
    change_rows: list[list[object]] = []
    for c in ev.changes:
        if c.suppressed:
            change_rows.append([c.scope, c.instrument, c.level, c.dimension, c.comparison, SUPPRESSED, "", "", "", "", ""])
        else:
            change_rows.append([
                c.scope, c.instrument, c.level, c.dimension, c.comparison, c.n, c.before, c.after, c.mean,
                "" if c.low is None else c.low, "" if c.high is None else c.high,
            ])
    return [
        (
            "Change",
            ["Cohort", "Instrument", "Kirkpatrick level", "Dimension", "Comparison", "People",
             "Mean before", "Mean after", "Mean change", "95% CI low", "95% CI high"],
            change_rows,
        ),
        (
            "Response rates",
            ["Round", "Opened", "Invited", "Responded", "Rate %"],
            [
                [str(r.round), r.round.opens_at.date().isoformat(), r.invited, _cell(r.responded),
                 "" if r.rate is None else r.rate]
                for r in ev.rates
            ],
        ),
        (
            "Session feedback",
            ["Session", "Responses", *(label for label, _ in (ev.feedback[0].means if ev.feedback else []))],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback],
        ),
        (
            "Feedback by module",
            ["Module", "Responses", *(label for label, _ in (ev.feedback[0].means if ev.feedback else []))],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback_by_module],
        ),
        (
            "Feedback by partner",
            ["Partner", "Responses", *(label for label, _ in (ev.feedback[0].means if ev.feedback else []))],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback_by_partner],
        ),
    ]

