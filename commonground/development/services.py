"""Writes for personal development and evaluation: keyword-only, typed, each in one transaction."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commonground.accounts import consent_ledger, consents
from commonground.accounts.consents import Purpose
from commonground.accounts.models import Person
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated
from commonground.development import catalogue, figures, scoring
from commonground.development.models import (
    Goal,
    GoalStatus,
    HealthDataConsent,
    Instrument,
    InstrumentKind,
    InstrumentVersion,
    JournalEntry,
    Response,
    Round,
    RoundKind,
    RoundNotice,
    RoundNoticeKind,
)
from commonground.development.queries import consented_ids, round_population
from commonground.programmes.models import Cohort, Programme
from commonground.schedule.models import Session
from commonground.schedule.services.feedback import FeedbackDue

# The statement shown and stored with a health-data consent: the ledger's current wording.
CONSENT_WORDING = consents.current(Purpose.HEALTH_DATA).text
REMINDER_BEFORE_CLOSE = dt.timedelta(days=3)
SESSION_FEEDBACK_OPEN_FOR = dt.timedelta(days=14)


# -- Instruments -------------------------------------------------------------------------------


@transaction.atomic
def install_builtin_instruments() -> list[Instrument]:
    """Create the shipped instruments (version 1) that are missing; running it again changes nothing."""
    installed = []
    for spec in catalogue.BUILTIN:
        instrument, created = Instrument.objects.get_or_create(
            key=spec["key"],
            defaults={
                "name": spec["name"],
                "kind": spec["kind"],
                "is_health_data": spec["is_health_data"],
                "kirkpatrick_level": spec["kirkpatrick_level"],
            },
        )
        if created or not instrument.versions.exists():
            InstrumentVersion.objects.create(
                instrument=instrument, number=1, definition=spec["definition"],
                citation=spec["citation"], licence_note=spec["licence_note"],
            )
        installed.append(instrument)
    return installed


def latest_version(instrument: Instrument) -> InstrumentVersion:
    version = instrument.versions.order_by("-number").first()
    if version is None:
        raise ValidationError(f"{instrument} has no version to ask.")
    return version


@dataclass(frozen=True)
class ItemRow:
    """One line of a lead's new instrument: the question, its dimension, whether it is reversed."""

    text: str
    dimension: str
    reversed: bool = False


@transaction.atomic
def create_instrument(
    *,
    programme: Programme,
    name: str,
    kirkpatrick_level: int,
    scale_min: int,
    scale_max: int,
    rows: Sequence[ItemRow],
    citation: str = "",
) -> Instrument:
    """A programme's own instrument scored as the mean per dimension; refuses a definition that cannot be scored."""
    dimension_keys: dict[str, str] = {}
    items = []
    for number, row in enumerate(rows, start=1):
        key = dimension_keys.setdefault(row.dimension.strip().casefold(), slugify(row.dimension)[:40] or f"d{number}")
        items.append({"key": f"q{number}", "text": row.text, "dimension": key, "reversed": row.reversed})
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(dimension_keys[row.dimension.strip().casefold()], row.dimension.strip())
    definition = {
        "scale": {"min": scale_min, "max": scale_max, "labels": {}},
        "rule": scoring.Rule.MEAN.value,
        "dimensions": [{"key": key, "label": label} for key, label in labels.items()],
        "items": items,
    }
    try:
        scoring.parse_definition(definition)
    except scoring.DefinitionError as exc:
        raise ValidationError(exc.problems) from exc
    base = f"p{programme.pk}-{slugify(name)[:60] or 'instrument'}"
    key, n = base, 1
    while Instrument.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    instrument = Instrument.objects.create(
        key=key, name=name, kind=InstrumentKind.CUSTOM, programme=programme,
        is_health_data=False, kirkpatrick_level=kirkpatrick_level,
    )
    InstrumentVersion.objects.create(
        instrument=instrument, number=1, definition=definition, citation=citation,
        licence_note="Written by the programme team.",
    )
    return instrument


# -- Rounds and notices ------------------------------------------------------------------------


@transaction.atomic
def create_round(
    *,
    programme: Programme,
    cohort: Cohort | None,
    instrument: Instrument,
    kind: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    title: str = "",
    session: Session | None = None,
) -> Round:
    """Ask an instrument of a cohort (or the whole programme); invitations go out once it opens."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError("That cohort belongs to another programme.")
    if instrument.programme_id not in (None, programme.pk):
        raise ValidationError("That instrument belongs to another programme.")
    if closes_at <= opens_at:
        raise ValidationError("A round must close after it opens.")
    survey_round = Round.objects.create(
        programme=programme, cohort=cohort, instrument_version=latest_version(instrument), kind=kind,
        opens_at=opens_at, closes_at=closes_at, title=title, session=session,
    )
    if survey_round.is_open():
        from commonground.development.tasks import send_development_notices

        transaction.on_commit(lambda: send_development_notices.enqueue())
    figures.changed(programme.pk)
    return survey_round


def open_session_feedback(
    *, programme: Programme, cohort: Cohort | None, session: Session, title: str, held_at: dt.datetime
) -> Round:
    """Open the feedback form after a session; once per session."""
    existing = Round.objects.filter(programme=programme, session=session, kind=RoundKind.SESSION).first()
    if existing is not None:
        return existing
    instrument = Instrument.objects.get(key=catalogue.SESSION_FEEDBACK)
    return create_round(
        programme=programme, cohort=cohort, instrument=instrument, kind=RoundKind.SESSION,
        opens_at=held_at, closes_at=held_at + SESSION_FEEDBACK_OPEN_FOR, title=title, session=session,
    )


def open_feedback_after_session(due: FeedbackDue) -> str:
    """The schedule's feedback is due (registered with `schedule.services.feedback.on_feedback_due`
    in `apps.py`): open the session's round once and return its form's full address."""
    survey_round = open_session_feedback(
        programme=due.programme,
        cohort=due.cohort,
        session=due.session,
        title=due.title,
        held_at=due.held_at,
    )
    return round_link(survey_round)


def round_link(survey_round: Round) -> str:
    """The full address of a round's form, for mail."""
    return absolute_reverse("development:respond", survey_round.programme_id, survey_round.pk)


@dataclass(frozen=True)
class NoticeSummary:
    invitations: int
    reminders: int


def send_round_notices(*, now: dt.datetime | None = None) -> NoticeSummary:
    """Invite everyone asked by an open round, and remind those who have not answered as it nears its close.

    Each notice is recorded before its mail is queued, under a unique constraint, so no one is
    invited or reminded twice however often (or however concurrently) this runs.
    """
    now = now or timezone.now()
    invitations = reminders = 0
    for survey_round in Round.objects.open_at(now).select_related("programme", "cohort", "instrument_version__instrument"):
        invitations += _notify(survey_round, RoundNoticeKind.INVITATION, now)
        if survey_round.closes_at - now <= REMINDER_BEFORE_CLOSE:
            reminders += _notify(survey_round, RoundNoticeKind.REMINDER, now)
    return NoticeSummary(invitations=invitations, reminders=reminders)


@transaction.atomic
def _notify(survey_round: Round, kind: str, now: dt.datetime) -> int:
    if kind == RoundNoticeKind.INVITATION and survey_round.kind == RoundKind.SESSION and survey_round.session_id:
        return 0  # the schedule invites to session feedback itself, once, as the session ends
    asked = round_population(survey_round)
    already = set(RoundNotice.objects.filter(round=survey_round, kind=kind).values_list("person_id", flat=True))
    due = asked - already
    if kind == RoundNoticeKind.REMINDER:
        due -= set(Response.objects.filter(round=survey_round).values_list("person_id", flat=True))
        if survey_round.instrument.is_health_data:
            # Nobody is pressed for health data they have not agreed to give.
            due &= consented_ids(survey_round.programme)
    if not due:
        return 0
    # No ignore_conflicts: a concurrent run that got here first makes this one fail and send nothing.
    RoundNotice.objects.bulk_create(
        [RoundNotice(round=survey_round, person_id=pid, kind=kind, sent_at=now) for pid in sorted(due)],
        batch_size=2000,
    )
    people = list(Person.objects.filter(pk__in=due).only("email", "full_name"))
    transaction.on_commit(lambda: _send_notices(survey_round, kind, people))
    return len(people)


def _send_notices(survey_round: Round, kind: str, people: list[Person]) -> None:
    link = round_link(survey_round)
    subject_name = survey_round.title or survey_round.instrument.name
    subject = f"{'Reminder: ' if kind == RoundNoticeKind.REMINDER else ''}{subject_name} is open"
    for person in people:
        context = {"person": person, "round": survey_round, "link": link, "reminder": kind == RoundNoticeKind.REMINDER}
        send_templated("development/email/notice", subject=subject, to=person.email, context=context)


# -- Consent and answers -----------------------------------------------------------------------


@transaction.atomic
def give_health_consent(*, person: Person, programme: Programme, version: str | None = None) -> HealthDataConsent:
    """Record explicit consent to answer the resilience and wellbeing questions, under the wording
    version the person read (today's by default)."""
    consent, _ = HealthDataConsent.objects.update_or_create(
        person=person, programme=programme,
        defaults={"given_at": timezone.now(), "withdrawn_at": None, "wording": CONSENT_WORDING},
    )
    consent_ledger.give(
        person=person, purpose=Purpose.HEALTH_DATA, programme_id=programme.pk, version=version, at=consent.given_at
    )
    figures.changed(programme.pk)  # health-data answers count only while consent stands
    return consent


@transaction.atomic
def withdraw_health_consent(*, person: Person, programme: Programme) -> int:
    """Withdraw consent and delete every resilience and wellbeing answer in the programme; returns how many."""
    consent = HealthDataConsent.objects.select_for_update().filter(person=person, programme=programme).first()
    if consent is None:
        consent = HealthDataConsent(person=person, programme=programme, wording=CONSENT_WORDING)
    consent.withdrawn_at = timezone.now()
    consent.save()
    consent_ledger.withdraw(
        person=person, purpose=Purpose.HEALTH_DATA, programme_id=programme.pk, at=consent.withdrawn_at
    )
    deleted, _ = Response.objects.filter(
        person=person, round__programme=programme, round__instrument_version__instrument__is_health_data=True
    ).delete()
    figures.changed(programme.pk)  # a withdrawal leaves every aggregate as soon as it is computed again
    return deleted


@transaction.atomic
def submit_response(*, survey_round: Round, person: Person, answers: Mapping[str, Any]) -> Response:
    """Save (or replace) a person's answers in an open round, with their scores."""
    if not survey_round.is_open():
        raise ValidationError("This round is closed, so answers can no longer change.")
    if person.pk not in round_population(survey_round):
        raise ValidationError("This round does not ask you.")
    if survey_round.instrument.is_health_data:
        consent = HealthDataConsent.objects.select_for_update().filter(
            person=person, programme=survey_round.programme
        ).first()
        if consent is None or not consent.active:
            raise ValidationError("Give your consent before answering the resilience and wellbeing questions.")
    definition = survey_round.instrument_version.parsed
    try:
        cleaned = scoring.clean_answers(definition, answers)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if all(cleaned[i.key] is None for i in definition.scale_items):
        raise ValidationError("Answer at least one question.")
    response, _ = Response.objects.update_or_create(
        round=survey_round, person=person,
        defaults={
            "answers": cleaned,
            "scores": scoring.scores_by_dimension(definition, cleaned),
            "submitted_at": timezone.now(),
        },
    )
    figures.changed(survey_round.programme_id)
    return response


# -- Goals and journal -------------------------------------------------------------------------


@transaction.atomic
def save_goal(
    *,
    person: Person,
    programme: Programme,
    what: str,
    by_when: dt.date | None,
    status: str = GoalStatus.NOT_STARTED,
    reflections: str = "",
    goal: Goal | None = None,
) -> Goal:
    """Add a goal, or change one of the person's own."""
    if goal is not None and (goal.person_id != person.pk or goal.programme_id != programme.pk):
        raise ValidationError("That goal is not yours.")
    goal = goal or Goal(person=person, programme=programme)
    goal.what, goal.by_when, goal.status, goal.reflections = what.strip(), by_when, status, reflections.strip()
    goal.full_clean()
    goal.save()
    return goal


@transaction.atomic
def write_journal_entry(
    *, person: Person, programme: Programme, body: str, prompt: str = "", entry: JournalEntry | None = None
) -> JournalEntry:
    """Write a private journal entry, or rewrite one of the person's own."""
    if entry is not None and (entry.person_id != person.pk or entry.programme_id != programme.pk):
        raise ValidationError("That entry is not yours.")
    if not body.strip():
        raise ValidationError("Write something before saving.")
    entry = entry or JournalEntry(person=person, programme=programme)
    entry.body, entry.prompt = body.strip(), prompt.strip()
    entry.save()
    return entry


@transaction.atomic
def delete_journal_entry(*, person: Person, entry: JournalEntry) -> None:
    if entry.person_id != person.pk:
        raise ValidationError("That entry is not yours.")
    entry.delete()
