"""Personal development data for the demo programme: consents, closed baseline rounds with answers,
an open resilience check-in, the demo participant's goals and journal, and feedback on the module
days already held."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.development import catalogue, scoring, services
from commonground.development.models import (
    Goal,
    GoalStatus,
    HealthDataConsent,
    Instrument,
    JournalEntry,
    Response,
    Round,
    RoundKind,
)
from commonground.development.queries import JOURNAL_PROMPTS
from commonground.programmes.models import Cohort, Programme
from commonground.schedule.models import Session, SessionKind, SessionStatus

BATCH_SIZE = 2000
DEMO_EMAIL = "participant@demo.example"
LONDON = ZoneInfo("Europe/London")


def _answers(definition: scoring.Definition, rng: random.Random, level: float, spread: float) -> dict[str, int | str | None]:
    """Plausible answers around a person's own level; reversed items answered the other way."""
    low, high = definition.scale.minimum, definition.scale.maximum
    answers: dict[str, int | str | None] = {}
    for item in definition.scale_items:
        value = min(high, max(low, round(rng.gauss(level, spread))))
        answers[item.key] = definition.scale.reverse(value) if item.reversed else value
    for item in definition.text_items:
        answers[item.key] = None
    return answers


def _ons4(rng: random.Random, shift: float = 0.0) -> dict[str, int | str | None]:
    def clamp(x: float) -> int:
        return min(10, max(0, round(x)))

    return {
        "life_satisfaction": clamp(rng.gauss(7.2 + shift, 1.4)),
        "worthwhile": clamp(rng.gauss(7.8 + shift, 1.2)),
        "happiness": clamp(rng.gauss(7.0 + shift, 1.8)),
        "anxiety": clamp(rng.gauss(3.4 - shift, 2.4)),
    }


def seed_development_demo(*, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random) -> int:
    """Baseline self-assessment, resilience and wellbeing per cohort (closed), an open resilience check-in."""
    now = timezone.now()
    services.install_builtin_instruments()
    instruments = {i.key: i for i in Instrument.objects.filter(key__in=[s["key"] for s in catalogue.BUILTIN])}
    versions = {key: services.latest_version(instrument) for key, instrument in instruments.items()}

    rounds: dict[tuple[int, str], Round] = {}
    for cohort in {c.pk: c for _, c in participants}.values():
        opened = dt.datetime.combine(cohort.starts_on, dt.time(9), tzinfo=dt.UTC) - dt.timedelta(days=7)
        for key in (catalogue.SELF_ASSESSMENT, catalogue.RESILIENCE, catalogue.WELLBEING):
            rounds[(cohort.pk, key)] = Round(
                programme=programme, cohort=cohort, instrument_version=versions[key], kind=RoundKind.BASELINE,
                opens_at=opened, closes_at=opened + dt.timedelta(days=21),
            )
        rounds[(cohort.pk, "check_in")] = Round(
            programme=programme, cohort=cohort, instrument_version=versions[catalogue.RESILIENCE],
            kind=RoundKind.CHECK_IN, title="Resilience check-in",
            opens_at=now - dt.timedelta(days=6), closes_at=now + dt.timedelta(days=15),
        )
    Round.objects.bulk_create(list(rounds.values()))

    self_def = versions[catalogue.SELF_ASSESSMENT].parsed
    brs_def = versions[catalogue.RESILIENCE].parsed
    ons_def = versions[catalogue.WELLBEING].parsed
    consents: list[HealthDataConsent] = []
    responses: list[Response] = []

    def respond(survey_round: Round, person: Person, definition: scoring.Definition,
                answers: dict[str, int | str | None], submitted: dt.datetime) -> None:
        responses.append(Response(
            round=survey_round, person=person, answers=answers,
            scores=scoring.scores_by_dimension(definition, answers), submitted_at=submitted,
        ))

    for person, cohort in participants:
        is_demo = person.email == DEMO_EMAIL
        baseline_at = rounds[(cohort.pk, catalogue.SELF_ASSESSMENT)].opens_at + dt.timedelta(days=rng.randint(0, 20))
        leadership = rng.gauss(3.3, 0.45)
        if is_demo or rng.random() < 0.85:
            respond(rounds[(cohort.pk, catalogue.SELF_ASSESSMENT)], person, self_def,
                    _answers(self_def, rng, leadership, 0.8), baseline_at)
        consented = is_demo or rng.random() < 0.8
        if not consented:
            continue
        consents.append(HealthDataConsent(
            person=person, programme=programme, given_at=baseline_at, wording=services.CONSENT_WORDING,
        ))
        resilience = rng.gauss(3.4, 0.6)
        if is_demo or rng.random() < 0.8:
            respond(rounds[(cohort.pk, catalogue.RESILIENCE)], person, brs_def,
                    _answers(brs_def, rng, resilience, 0.6), baseline_at)
            respond(rounds[(cohort.pk, catalogue.WELLBEING)], person, ons_def, _ons4(rng), baseline_at)
            if is_demo or rng.random() < 0.55:
                # Two months in, most people bounce back a little better.
                respond(rounds[(cohort.pk, "check_in")], person, brs_def,
                        _answers(brs_def, rng, resilience + 0.25, 0.6), now - dt.timedelta(days=rng.randint(0, 5)))
    HealthDataConsent.objects.bulk_create(consents, batch_size=BATCH_SIZE)
    Response.objects.bulk_create(responses, batch_size=BATCH_SIZE)

    demo = next((p for p, _ in participants if p.email == DEMO_EMAIL), None)
    if demo is not None:
        Goal.objects.bulk_create([
            Goal(person=demo, programme=programme,
                 what="Set up a monthly huddle with the district council's housing team about hospital discharges",
                 by_when=timezone.localdate(now) + dt.timedelta(weeks=8), status=GoalStatus.IN_PROGRESS,
                 reflections="First meeting held; we agreed one shared measure. Need a named contact in social care."),
            Goal(person=demo, programme=programme,
                 what="Ask a voluntary sector colleague to co-chair our frailty pathway review",
                 by_when=timezone.localdate(now) + dt.timedelta(weeks=16), status=GoalStatus.NOT_STARTED),
        ])
        JournalEntry.objects.create(
            person=demo, programme=programme, prompt=JOURNAL_PROMPTS[1],
            body=(
                "At the launch day I sat with someone from Community Action who has been trying to reach our "
                "discharge team for a year. I had assumed the voluntary sector did not want to be involved; "
                "it turns out nobody had asked. Trust started with returning her call the next morning."
            ),
            created_at=now - dt.timedelta(days=40),
        )
    return len(responses)


def seed_session_feedback_demo(
    *,
    programme: Programme,
    sessions: list[Session],
    attended: dict[int, list[int]],
    now: dt.datetime,
    rng: random.Random,
) -> None:
    """Session feedback rounds for module days already held, answered by most of those who came."""
    services.install_builtin_instruments()
    version = services.latest_version(Instrument.objects.get(key=catalogue.SESSION_FEEDBACK))
    definition = version.parsed
    held = [
        s
        for s in sessions
        if s.kind == SessionKind.MODULE and s.ends_at <= now and s.status == SessionStatus.SCHEDULED
    ]
    rounds = Round.objects.bulk_create(
        [
            Round(
                programme=programme,
                instrument_version=version,
                kind=RoundKind.SESSION,
                session=s,
                title=f"{s.title}, {s.starts_at.astimezone(LONDON):%-d %B %Y}",
                opens_at=s.ends_at,
                closes_at=s.ends_at + services.SESSION_FEEDBACK_OPEN_FOR,
            )
            for s in held
        ],
        batch_size=BATCH_SIZE,
    )
    # Partners differ a little, so the evaluation's per-partner figures have something to say.
    quality = {s.module_id: rng.uniform(3.6, 4.5) for s in held}
    responses = []
    scored: dict[tuple[object, ...], dict[str, float | None]] = {}

    def scores(answers: dict[str, int | str | None]) -> dict[str, float | None]:
        key = tuple(answers.values())  # 25 possible answer pairs: score each once
        if key not in scored:
            scored[key] = scoring.scores_by_dimension(definition, answers)
        return scored[key]

    for survey_round, session in zip(rounds, held, strict=True):
        for pid in attended.get(session.pk, []):
            if rng.random() > 0.65:
                continue
            level = quality[session.module_id]
            answers: dict[str, int | str | None] = {
                "useful": min(5, max(1, round(rng.gauss(level, 0.7)))),
                "recommend": min(5, max(1, round(rng.gauss(level + 0.1, 0.7)))),
                "learnt": None,
            }
            responses.append(
                Response(
                    round=survey_round,
                    person_id=pid,
                    answers=answers,
                    scores=scores(answers),
                    submitted_at=min(now, session.ends_at + dt.timedelta(hours=rng.randint(1, 72))),
                )
            )
    Response.objects.bulk_create(responses, batch_size=BATCH_SIZE)
