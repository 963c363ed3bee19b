"""The programme evaluation as published: one protected table for the page, its CSV and XLSX
exports, the rounds page and the funder's view.

Every count goes through `core.disclosure` as one table linked to the participant figures
(`programmes.figures.reach`) and the relationship figures (`network.figures`), which link to the
same cohort sizes: answers per round (at most the people it invited: a cohort round invites the
cohort's participants, a session round the people who came), answers per instrument
(the sum of its rounds), per module and per partner (the sums of their sessions' rounds), and the
people paired in each change row (at most the answers to either round; "All cohorts" is the sum of
the cohort rows). Cells from 1 to 4 are hidden, and so are enough others that no hidden cell can
be narrowed below 5 values by combining what is shown, here or on the linked pages.

A mean is shown only beside its count, when that count is shown and at least 5 people answered
the question. Health-data answers count only while their owner's consent stands: a withdrawal
marks the stored evaluation changed (`core/figure_store.py`), so it leaves every aggregate with
the next computation, queued in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from commonground.core import figure_store, publishing
from commonground.core.disclosure import (
    HIDDEN_LABEL,
    THRESHOLD,
    Publication,
)
from commonground.development import scoring
from commonground.development.models import (
    Instrument,
    InstrumentKind,
    KirkpatrickLevel,
    Response,
    Round,
    RoundKind,
)
from commonground.development.queries import consented_ids
from commonground.network import figures as network_figures
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Membership, Programme, Role

# A session round invites the people who came, and groups by module and partner: the schedule,
# below us, knows both.
from commonground.schedule.attendance import STORED_AS as ATTENDANCE
from commonground.schedule.queries import feedback_asked_counts, feedback_group

SUPPRESSED = HIDDEN_LABEL
EVALUATION = "evaluation"  # the kind of figures `core.figure_store` keeps
VERSION = 1  # raise it when Evaluation changes shape or meaning


@dataclass(frozen=True)
class InstrumentSummary:
    key: str
    name: str
    is_health_data: bool


@dataclass(frozen=True)
class RoundSummary:
    """What the evaluation says about a round (plain values: stored figures hold no model)."""

    pk: int
    label: str
    kind: RoundKind
    opens_at: dt.datetime
    closes_at: dt.datetime
    instrument: InstrumentSummary
    session_id: int | None = None

    def __str__(self) -> str:
        return self.label

    @classmethod
    def of(cls, r: Round) -> RoundSummary:
        instrument = r.instrument
        return cls(
            pk=r.pk, label=str(r), kind=RoundKind(r.kind), opens_at=r.opens_at, closes_at=r.closes_at,
            instrument=InstrumentSummary(instrument.key, instrument.name, instrument.is_health_data),
            session_id=r.session_id,
        )


@dataclass(frozen=True)
class ResponseRate:
    round: RoundSummary
    invited: int | None
    responded: int | None

    @property
    def rate(self) -> float | None:
        if self.responded is None or not self.invited:
            return None
        return round(100 * self.responded / self.invited)


@dataclass(frozen=True)
class ChangeRow:
    """Mean change per dimension from baseline to a later round; figures None when not shown."""

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
    instruments: list[tuple[str, int, int | None]]  # name, rounds, responses (None: not shown)


@dataclass(frozen=True)
class Evaluation:
    rates: list[ResponseRate]
    changes: list[ChangeRow]
    feedback: list[FeedbackRow]
    levels: list[LevelEvidence]
    sessions_exist: bool = False
    feedback_by_module: list[FeedbackRow] = field(default_factory=list)
    feedback_by_partner: list[FeedbackRow] = field(default_factory=list)
    publication: Publication | None = field(default=None, repr=False)


def answers_cell(r: Round) -> str:
    return f"evaluation.answers.{r.pk}"


def _change_row(scope: str, instrument: Instrument, dimension: str, comparison: str,
                pairs: list[tuple[float, float]], shown: int | None) -> ChangeRow:
    if shown is None or shown < THRESHOLD:
        return ChangeRow(scope, instrument.name, instrument.kirkpatrick_level, dimension, comparison, shown)
    change = scoring.mean_change(pairs)
    assert change is not None
    return ChangeRow(
        scope, instrument.name, instrument.kirkpatrick_level, dimension, comparison, change.n,
        round(change.before, 2), round(change.after, 2), round(change.mean, 2),
        None if change.low is None else round(change.low, 2),
        None if change.high is None else round(change.high, 2),
    )


def evaluation(programme: Programme, *, given: Publication | None = None) -> Evaluation:
    """Every programme-level figure, protected together; a fixed number of queries at any size.

    `given` is what is already published about the programme; by default the participant figures
    and the relationship figures (which link to them), so that a reader of all three is covered."""
    given = given or network_figures.publish(programme).publication
    assert given is not None
    now = timezone.now()
    rounds = list(
        Round.objects.filter(programme=programme, opens_at__lte=now)
        .select_related("cohort", "instrument_version__instrument", "session__module__partner")
        .order_by("cohort__name", "opens_at", "pk")
    )
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

    session_asked = feedback_asked_counts(r.session_id for r in rounds if r.kind == RoundKind.SESSION and r.session_id)

    table = publishing.LinkedTable(given)
    invited_cells: dict[int, str] = {}
    for r in rounds:
        table.cell(answers_cell(r), len(counted(r)))
        if r.kind == RoundKind.SESSION and r.session_id in session_asked:
            invited_cells[r.pk] = table.cell(f"evaluation.invited.{r.pk}", session_asked[r.session_id])
        else:
            key = programme_figures.TOTAL if r.cohort_id is None else programme_figures.cohort_cell(r.cohort_id)
            size = len(participants) if r.cohort_id is None else cohort_sizes.get(r.cohort_id, 0)
            invited_cells[r.pk] = key if key in given.cells else table.cell(f"evaluation.invited.{r.pk}", size)
        table.at_most(answers_cell(r), invited_cells[r.pk])

    # Change: each scope's baseline against every later round of the same instrument.
    by_scope: dict[tuple[int | None, int], list[Round]] = defaultdict(list)
    for r in rounds:
        if r.kind != RoundKind.SESSION:
            by_scope[(r.cohort_id, r.instrument.pk)].append(r)
    raw_changes: list[tuple[str, Instrument, str, str, list[tuple[float, float]], str]] = []
    pooled: dict[tuple[int, str, str], list[tuple[float, float]]] = defaultdict(list)
    pooled_cells: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    instruments: dict[int, Instrument] = {}
    for (scope_cohort, instrument_id), scope_rounds in sorted(
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
                key = f"evaluation.change.{scope_cohort or 'programme'}.{instrument_id}.{dimension.key}.{comparison}"
                table.cell(key, len(pairs))
                table.at_most(key, answers_cell(baseline))
                table.at_most(key, answers_cell(later))
                raw_changes.append((scope, instrument, dimension.label, comparison, pairs, key))
                group = (instrument_id, dimension.label, comparison)
                pooled[group] += pairs
                pooled_cells[group].append(key)
    for (instrument_id, dimension_label, comparison), keys in pooled_cells.items():
        total = f"evaluation.change.all.{instrument_id}.{dimension_label}.{comparison}"
        table.cell(total, len(pooled[(instrument_id, dimension_label, comparison)]))
        table.sum(total, keys)

    # Session feedback per session, pooled per module and per partner (the shipped form's version).
    feedback_rounds = [r for r in rounds if r.instrument.kind == InstrumentKind.SESSION_FEEDBACK]
    by_module: dict[str, list[Round]] = defaultdict(list)
    by_partner: dict[str, list[Round]] = defaultdict(list)
    for r in feedback_rounds:
        if r.session is not None:
            module, partner = feedback_group(r.session)
            by_module[module].append(r)
            by_partner[partner].append(r)
    for prefix, grouped in (("module", by_module), ("partner", by_partner)):
        for label, members in grouped.items():
            key = table.cell(f"evaluation.{prefix}.{label}", sum(len(counted(r)) for r in members))
            table.sum(key, [answers_cell(r) for r in members])

    # Evidence by Kirkpatrick level: rounds and answers per instrument.
    used: dict[tuple[int, str], list[Round]] = defaultdict(list)
    for r in rounds:
        used[(r.instrument.kirkpatrick_level, r.instrument.name)].append(r)
    for (level, name), members in used.items():
        key = table.cell(f"evaluation.instrument.{level}.{name}", sum(len(counted(r)) for r in members))
        table.sum(key, [answers_cell(r) for r in members])

    published = table.protect()
    shown = published.value

    rates = [
        ResponseRate(round=RoundSummary.of(r), invited=shown(invited_cells[r.pk]), responded=shown(answers_cell(r)))
        for r in rounds
    ]
    changes = [
        _change_row(scope, instrument, dimension, comparison, pairs, shown(key))
        for scope, instrument, dimension, comparison, pairs, key in raw_changes
    ]
    for (instrument_id, dimension_label, comparison), pairs in pooled.items():
        key = f"evaluation.change.all.{instrument_id}.{dimension_label}.{comparison}"
        changes.append(_change_row("All cohorts", instruments[instrument_id], dimension_label, comparison, pairs, shown(key)))
    changes.sort(key=lambda c: (c.level, c.instrument, c.comparison, c.scope != "All cohorts", c.scope))

    def feedback_row(label: str, opened: dt.datetime, definition: scoring.Definition,
                     answers: list[dict[str, float | None]], n: int | None) -> FeedbackRow:
        means: list[tuple[str, float | None]] = []
        for d in definition.dimensions:
            values = [v for s in answers if (v := s.get(d.key)) is not None]
            means.append((d.label, round(sum(values) / len(values), 2) if n and len(values) >= THRESHOLD else None))
        return FeedbackRow(label=label, opened=opened, responses=n, means=means)

    def pooled_row(prefix: str, label: str, members: list[Round]) -> FeedbackRow:
        answers = [s for r in members for s in counted(r).values()]
        return feedback_row(label, members[0].opens_at, members[0].instrument_version.parsed, answers,
                            shown(f"evaluation.{prefix}.{label}"))

    levels = []
    for level, label in KirkpatrickLevel.choices:
        levels.append(LevelEvidence(level, label, [
            (name, len(members), shown(f"evaluation.instrument.{lvl}.{name}"))
            for (lvl, name), members in sorted(used.items(), key=lambda item: item[0][1]) if lvl == level
        ]))
    return Evaluation(
        rates=rates,
        changes=changes,
        feedback=[
            feedback_row(r.title or str(r), r.opens_at, r.instrument_version.parsed, list(counted(r).values()),
                         shown(answers_cell(r)))
            for r in feedback_rounds
        ],
        levels=levels,
        feedback_by_module=[pooled_row("module", label, members) for label, members in sorted(by_module.items())],
        feedback_by_partner=[pooled_row("partner", label, members) for label, members in sorted(by_partner.items())],
        sessions_exist=Round.objects.filter(programme=programme, session__isnull=False).exists(),
        publication=published,
    )




# -- Stored (see core/figure_store.py) ----------------------------------------------------------


def computed(programme_id: int, scope: str) -> Evaluation:
    """The evaluation as the figure store computes it: protected given the relationship figures as
    stored (which are given the participant figures as stored), the chain the pages publish."""
    given = figure_store.latest(programme_id, network_figures.NETWORK).value.publication
    return evaluation(Programme.objects.get(pk=programme_id), given=given)


def round_opened(programme_id: int, since: dt.datetime, until: dt.datetime) -> bool:
    """Whether a round of the programme opened between the two moments (it counts from then)."""
    return Round.objects.filter(programme_id=programme_id, opens_at__gt=since, opens_at__lte=until).exists()


def register() -> None:
    # A session's feedback asks the people who came: registers and replies are in it too.
    figure_store.register(
        EVALUATION, computed, version=VERSION, after=[network_figures.NETWORK, ATTENDANCE], due=round_opened
    )


def stored(programme: Programme) -> figure_store.Stored[Evaluation]:
    """The evaluation as pages and exports show it: computed once, read from the store."""
    return figure_store.read(programme.pk, EVALUATION)


def changed(programme_id: int) -> None:
    """Answers, consents or rounds changed: the evaluation is computed again (call inside the
    writing transaction, after the write)."""
    figure_store.changed(programme_id, EVALUATION)


def _cell(value: object) -> object:
    return SUPPRESSED if value is None else value


def export_rows(ev: Evaluation) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The evaluation as sheets of rows (title, header, rows): the page's published figures, no others."""
    change_rows: list[list[Any]] = []
    for c in ev.changes:
        if c.suppressed:
            change_rows.append([c.scope, c.instrument, c.level, c.dimension, c.comparison, SUPPRESSED, "", "", "", "", ""])
        else:
            change_rows.append([
                c.scope, c.instrument, c.level, c.dimension, c.comparison, c.n,
                *("" if v is None else v for v in (c.before, c.after, c.mean, c.low, c.high)),
            ])
    means_header = [label for label, _ in (ev.feedback[0].means if ev.feedback else [])]
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
                [str(r.round), r.round.opens_at.date().isoformat(), _cell(r.invited), _cell(r.responded),
                 "" if r.rate is None else r.rate]
                for r in ev.rates
            ],
        ),
        (
            "Session feedback",
            ["Session", "Responses", *means_header],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback],
        ),
        (
            "Feedback by module",
            ["Module", "Responses", *means_header],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback_by_module],
        ),
        (
            "Feedback by partner",
            ["Partner", "Responses", *means_header],
            [[f.label, _cell(f.responses), *(_cell(v) for _, v in f.means)] for f in ev.feedback_by_partner],
        ),
        (
            "Evidence by level",
            ["Kirkpatrick level", "Instrument", "Rounds", "Responses"],
            [[level.label, name, rounds, _cell(n)] for level in ev.levels for name, rounds, n in level.instruments],
        ),
    ]
