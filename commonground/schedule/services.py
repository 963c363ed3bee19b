"""Writes for modules, sessions, invitations and replies, and the mail about them.

Keyword-only and typed; every write runs in one transaction. Every message about a session is
recorded as a `SentNotice` under a unique key before its mail is queued (on commit), so nothing
is ever sent twice however often the periodic task runs. Notice keys carry the session's
`sequence`, which grows with every move or cancellation: a moved session gets fresh reminders.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Membership, Programme, Role
from commonground.schedule.models import (
    Attendance,
    CalendarFeed,
    Invitation,
    Mark,
    Module,
    NoticeKind,
    Reply,
    SentNotice,
    Session,
    SessionStatus,
)
from commonground.schedule.places import capacity_problem, has_room

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
# After-session work (follow-ups, feedback) looks back this far, so the periodic scan stays small.
LOOK_BACK = dt.timedelta(days=14)
CAME = (Mark.PRESENT, Mark.LATE)
# Everyone still expected: reminders and "new time" mail go to them, not to those who sent apologies.
EXPECTED = (Reply.INVITED, Reply.ATTENDING, Reply.WAITING)
SESSION_FIELDS = (
    "module",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "address",
    "access_information",
    "online_url",
    "capacity",
    "table_size",
)


# -- Modules ----------------------------------------------------------------------------------


@transaction.atomic
def save_module(
    *,
    programme: Programme,
    title: str,
    outcomes: str = "",
    partner_id: int | None = None,
    facilitators: Iterable[Person] = (),
    order: int = 0,
    module: Module | None = None,
) -> Module:
    """Create a module, or change one of the programme's own."""
    if module is not None and module.programme_id != programme.pk:
        raise ValidationError("That module belongs to another programme.")
    module = module or Module(programme=programme)
    module.title, module.outcomes, module.partner_id, module.order = (
        title.strip(),
        outcomes.strip(),
        partner_id,
        order,
    )
    module.full_clean(exclude=["facilitators"])
    module.save()
    module.facilitators.set(list(facilitators))
    return module


# -- Who is invited -----------------------------------------------------------------------------


def invitee_ids(session: Session) -> set[int]:
    """Participants of the session's cohorts (the whole programme when none), and its facilitators."""
    cohort_ids = list(session.cohorts.values_list("pk", flat=True))
    participants = Membership.objects.filter(
        programme_id=session.programme_id, role=Role.PARTICIPANT
    )
    if cohort_ids:
        participants = participants.filter(cohort_id__in=cohort_ids)
    return set(participants.values_list("person_id", flat=True)) | set(
        session.facilitators.values_list("pk", flat=True)
    )


@transaction.atomic
def sync_invitations(session: Session, *, now: dt.datetime | None = None) -> int:
    """Invite everyone the session is for who is not yet invited, and mail them; returns how many were added.

    Idempotent. People no longer in the session's cohorts lose an invitation they have not
    accepted; past and cancelled sessions are left as they are (their invitations are history).
    """
    now = now or timezone.now()
    if session.is_cancelled or session.ends_at <= now:
        return 0
    wanted = invitee_ids(session)
    existing = dict(Invitation.objects.filter(session=session).values_list("person_id", "reply"))
    gone = [
        pid for pid, reply in existing.items() if pid not in wanted and reply != Reply.ATTENDING
    ]
    if gone:
        Invitation.objects.filter(session=session, person_id__in=gone).delete()
    new = sorted(wanted - set(existing))
    if new:
        Invitation.objects.bulk_create(
            [Invitation(session=session, person_id=pid) for pid in new],
            batch_size=2000,
            ignore_conflicts=True,
        )
        if session.starts_at > now:
            _notify(session, NoticeKind.INVITATION, new, key="")
    return len(new)


# -- Sessions ------------------------------------------------------------------------------------


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})


@transaction.atomic
def create_session(
    *,
    programme: Programme,
    cohorts: Sequence[Cohort] = (),
    facilitators: Sequence[Person] = (),
    **fields: Any,
) -> Session:
    """Schedule a session and invite everyone it is for."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    if any(c.programme_id != programme.pk for c in cohorts):
        raise ValidationError({"cohorts": "A cohort belongs to another programme."})
    module = fields.get("module")
    if module is not None and module.programme_id != programme.pk:
        raise ValidationError({"module": "That module belongs to another programme."})
    _check_times(fields["starts_at"], fields["ends_at"])
    session = Session(programme=programme, **fields)
    session.full_clean(exclude=["cohorts", "facilitators"])
    session.save()
    session.cohorts.set(list(cohorts))
    session.facilitators.set(list(facilitators))
    sync_invitations(session)
    return session


@dataclass(frozen=True)
class Change:
    moved: bool
    invited: int
    promoted: int


@transaction.atomic
def update_session(
    *,
    session: Session,
    cohorts: Sequence[Cohort] | None = None,
    facilitators: Sequence[Person] | None = None,
    **fields: Any,
) -> Change:
    """Change a session; new times count as a move (new sequence, "new time" mail, reminders re-armed)."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session is cancelled, so it cannot change.")
    if cohorts is not None and any(c.programme_id != session.programme_id for c in cohorts):
        raise ValidationError({"cohorts": "A cohort belongs to another programme."})
    module = fields.get("module")
    if module is not None and module.programme_id != session.programme_id:
        raise ValidationError({"module": "That module belongs to another programme."})
    capacity = fields.get("capacity", session.capacity)
    if capacity != session.capacity and (
        problem := capacity_problem(
            title=session.title, capacity=capacity, attending=attending_count(session)
        )
    ):
        raise ValidationError({"capacity": problem})
    before = (session.starts_at, session.ends_at)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_times(session.starts_at, session.ends_at)
    moved = (session.starts_at, session.ends_at) != before
    if moved:
        session.sequence += 1
    session.full_clean(exclude=["cohorts", "facilitators"])
    session.save()
    if cohorts is not None:
        session.cohorts.set(list(cohorts))
    if facilitators is not None:
        session.facilitators.set(list(facilitators))
    invited = sync_invitations(session)
    if moved and session.ends_at > timezone.now():
        expected = list(
            Invitation.objects.filter(session=session, reply__in=EXPECTED).values_list(
                "person_id", flat=True
            )
        )
        _notify(session, NoticeKind.MOVED, expected, key=f"seq{session.sequence}")
    promoted = _promote_waiting(session)
    return Change(moved=moved, invited=invited, promoted=promoted)


def move_session(*, session: Session, starts_at: dt.datetime, ends_at: dt.datetime) -> Change:
    """Give a session new times."""
    return update_session(session=session, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def cancel_session(*, session: Session, reason: str) -> Session:
    """Cancel a session with a reason: everyone still expected is told; no reminder follows."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give a reason, so people know why the session is cancelled."}
        )
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session is already cancelled.")
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason[:300]
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    if session.ends_at > timezone.now():
        expected = list(
            Invitation.objects.filter(session=session, reply__in=EXPECTED).values_list(
                "person_id", flat=True
            )
        )
        _notify(session, NoticeKind.CANCELLED, expected, key=f"seq{session.sequence}")
    return session


# -- Replies and the waiting list -------------------------------------------------------------------


def attending_count(session: Session) -> int:
    return Invitation.objects.filter(session=session, reply=Reply.ATTENDING).count()


@transaction.atomic
def reply(*, session: Session, person: Person, answer: str, reason: str = "") -> Invitation:
    """Reply attending or with apologies (a reason is required); a full session puts "attending" on the waiting list.

    The session row is locked first, so two people replying at once cannot both take the last place.
    """
    locked = Session.objects.select_for_update().get(pk=session.pk)
    invitation = (
        Invitation.objects.select_for_update().filter(session=locked, person=person).first()
    )
    if invitation is None:
        raise ValidationError("You are not invited to this session.")
    if locked.is_cancelled:
        raise ValidationError("This session is cancelled.")
    now = timezone.now()
    if locked.starts_at <= now:
        raise ValidationError("This session has started, so replies are closed.")
    if answer == Reply.APOLOGIES:
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                {"reason": "Say why you cannot come, so the facilitators can plan."}
            )
        was_attending = invitation.reply == Reply.ATTENDING
        invitation.reply, invitation.apology_reason = Reply.APOLOGIES, reason[:300]
        invitation.replied_at, invitation.waiting_since = now, None
        invitation.save()
        if was_attending:
            _promote_waiting(locked, now=now)
        return invitation
    if answer != Reply.ATTENDING:
        raise ValidationError({"answer": "Choose whether you are attending or sending apologies."})
    if invitation.reply in (Reply.ATTENDING, Reply.WAITING):
        return invitation
    invitation.apology_reason, invitation.replied_at = "", now
    if not has_room(locked.capacity, attending_count(locked)):
        invitation.reply, invitation.waiting_since = Reply.WAITING, now
    else:
        invitation.reply, invitation.waiting_since = Reply.ATTENDING, None
    invitation.save()
    return invitation


def _promote_waiting(session: Session, *, now: dt.datetime | None = None) -> int:
    """Give free places to the waiting list in the order people joined it, and tell them. Call under the session lock."""
    if session.is_cancelled or session.capacity is None:
        return 0
    free = session.capacity - attending_count(session)
    if free <= 0:
        return 0
    waiting = list(
        Invitation.objects.select_for_update()
        .filter(session=session, reply=Reply.WAITING)
        .order_by("waiting_since", "pk")[:free]
    )
    for invitation in waiting:
        # The key names the waiting spell, so someone promoted twice (after leaving and rejoining) is told twice.
        key = (
            invitation.waiting_since.strftime("w%Y%m%d%H%M%S%f")
            if invitation.waiting_since
            else "w"
        )
        invitation.reply, invitation.waiting_since = Reply.ATTENDING, None
        invitation.save(update_fields=["reply", "waiting_since"])
        _notify(session, NoticeKind.PROMOTED, [invitation.person_id], key=key)
    return len(waiting)


# -- Calendar feeds ----------------------------------------------------------------------------------


def calendar_feed(person: Person) -> CalendarFeed:
    feed, _ = CalendarFeed.objects.get_or_create(person=person)
    return feed


@transaction.atomic
def reset_calendar_feed(person: Person) -> CalendarFeed:
    """Give the person a new secret address; the old one answers 404 from now on."""
    feed = calendar_feed(person)
    feed.reset()
    return feed


# -- Notices -------------------------------------------------------------------------------------------

SUBJECTS = {
    NoticeKind.INVITATION: "You are invited: {title}",
    NoticeKind.REMINDER_WEEK: "Next week: {title}",
    NoticeKind.REMINDER_DAY: "Tomorrow: {title}",
    NoticeKind.MOVED: "New time: {title}",
    NoticeKind.CANCELLED: "Cancelled: {title}",
    NoticeKind.PROMOTED: "A place has opened for you: {title}",
    NoticeKind.FOLLOW_UP: "We missed you at {title}",
    NoticeKind.LEAD_NOTE: "Missed at {title}",
    NoticeKind.FEEDBACK: "How was {title}? Two minutes of feedback",
}


def _notify(
    session: Session,
    kind: str,
    person_ids: Sequence[int],
    *,
    key: str,
    extra: dict[str, Any] | None = None,
) -> int:
    """Record one notice per person not yet sent this (kind, key), then queue their mail on commit."""
    if not person_ids:
        return 0
    already = set(
        SentNotice.objects.filter(
            session=session, kind=kind, key=key, person_id__in=person_ids
        ).values_list("person_id", flat=True)
    )
    due = sorted(set(person_ids) - already)
    if not due:
        return 0
    try:
        # A savepoint: a concurrent run that recorded these first makes this one send nothing.
        with transaction.atomic():
            SentNotice.objects.bulk_create(
                [SentNotice(session=session, person_id=pid, kind=kind, key=key) for pid in due],
                batch_size=2000,
            )
    except IntegrityError:
        return 0
    people = list(Person.objects.filter(pk__in=due).only("email", "full_name"))
    context = dict(extra or {})
    transaction.on_commit(lambda: _send(session.pk, kind, people, context))
    return len(due)


def session_link(session: Session) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "schedule:session-detail", args=[session.programme_id, session.pk]
    )


def _send(session_id: int, kind: str, people: list[Person], extra: dict[str, Any]) -> None:
    session = Session.objects.select_related("programme", "module__partner").get(pk=session_id)
    subject = SUBJECTS[NoticeKind(kind)].format(title=session.title)
    template = f"schedule/email/{kind}"
    for person in people:
        context = {
            "person": person,
            "session": session,
            "programme": session.programme,
            "link": session_link(session),
            **extra,
        }
        message = EmailMultiAlternatives(
            subject=subject, body=render_to_string(f"{template}.txt", context), to=[person.email]
        )
        message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
        message.send()


@dataclass(frozen=True)
class NoticeRun:
    invited: int = 0
    reminders: int = 0
    follow_ups: int = 0
    lead_notes: int = 0
    feedback: int = 0


def _expected_ids(
    session: Session, replies: Iterable[str] = (Reply.INVITED, Reply.ATTENDING)
) -> list[int]:
    return list(
        Invitation.objects.filter(session=session, reply__in=replies).values_list(
            "person_id", flat=True
        )
    )


def send_session_notices(*, now: dt.datetime | None = None) -> NoticeRun:
    """Everything due now: invitations for new members, reminders a week and a day before, and after a
    session the follow-up for those missed, the note to the leads and the feedback invitation.

    Safe to run as often as wanted: each notice is keyed and recorded once.
    """
    now = now or timezone.now()
    invited = reminders = follow_ups = lead_notes = feedback = 0
    upcoming = Session.objects.filter(status=SessionStatus.SCHEDULED, starts_at__gt=now)
    for session in upcoming:
        invited += sync_invitations(session, now=now)
    for session in upcoming.filter(starts_at__lte=now + WEEK):
        kind = (
            NoticeKind.REMINDER_DAY if session.starts_at - now <= DAY else NoticeKind.REMINDER_WEEK
        )
        with transaction.atomic():
            reminders += _notify(
                session, kind, _expected_ids(session), key=f"seq{session.sequence}"
            )
    ended = Session.objects.filter(
        status=SessionStatus.SCHEDULED, ends_at__lte=now, ends_at__gt=now - LOOK_BACK
    ).select_related("programme")
    for session in ended:
        with transaction.atomic():
            missed = missed_ids(session)
            if missed:
                follow_ups += _notify(session, NoticeKind.FOLLOW_UP, missed, key="")
                lead_notes += _note_leads(session, missed)
            feedback += open_feedback(session)
    return NoticeRun(invited, reminders, follow_ups, lead_notes, feedback)


def register_taken(session: Session) -> bool:
    return Attendance.objects.filter(session=session).exists()


def missed_ids(session: Session) -> list[int]:
    """Participants expected (attending or no reply) who were not marked present or late; only once the register is taken."""
    if not register_taken(session):
        return []
    came = set(
        Attendance.objects.filter(session=session, mark__in=CAME).values_list(
            "person_id", flat=True
        )
    )
    staff = set(session.facilitators.values_list("pk", flat=True))
    return sorted(set(_expected_ids(session)) - came - staff)


def _note_leads(session: Session, missed: list[int]) -> int:
    leads = list(
        Membership.objects.filter(programme_id=session.programme_id, role=Role.LEAD).values_list(
            "person_id", flat=True
        )
    )
    already = set(
        SentNotice.objects.filter(
            session=session, kind=NoticeKind.LEAD_NOTE, person_id__in=leads
        ).values_list("person_id", flat=True)
    )
    due = [pid for pid in leads if pid not in already]
    if not due:
        return 0
    names = list(
        Person.objects.filter(pk__in=missed)
        .order_by("full_name")
        .values_list("full_name", flat=True)
    )
    return _notify(session, NoticeKind.LEAD_NOTE, due, key="", extra={"missed": names})


# -- Session feedback (issue 7's session-linked part) ---------------------------------------------------


def feedback_asked_ids(session_ref: str) -> set[int]:
    """Who a session's feedback round asks: those who came (present or late) once the register is
    taken; before that, those who replied attending. Facilitators are not asked."""
    if not session_ref.isdigit():
        return set()
    session = Session.objects.filter(pk=int(session_ref)).first()
    if session is None:
        return set()
    return _asked(session)


def _asked(session: Session) -> set[int]:
    staff = set(session.facilitators.values_list("pk", flat=True))
    if register_taken(session):
        came = Attendance.objects.filter(session=session, mark__in=CAME)
        return set(came.values_list("person_id", flat=True)) - staff
    return (
        set(
            Invitation.objects.filter(session=session, reply=Reply.ATTENDING).values_list(
                "person_id", flat=True
            )
        )
        - staff
    )


def feedback_asked_counts(session_refs: Iterable[str]) -> dict[str, int]:
    """How many people each session's feedback asks, for many sessions in a fixed number of queries."""
    ids = [int(ref) for ref in session_refs if ref.isdigit()]
    if not ids:
        return {}
    taken = set(
        Attendance.objects.filter(session_id__in=ids)
        .values_list("session_id", flat=True)
        .distinct()
    )
    counts: dict[int, int] = defaultdict(int)
    staff = set(
        Session.facilitators.through.objects.filter(session_id__in=ids).values_list(
            "session_id", "person_id"
        )
    )
    for sid, pid in Attendance.objects.filter(session_id__in=taken, mark__in=CAME).values_list(
        "session_id", "person_id"
    ):
        counts[sid] += (sid, pid) not in staff
    for sid, pid in Invitation.objects.filter(
        session_id__in=set(ids) - taken, reply=Reply.ATTENDING
    ).values_list("session_id", "person_id"):
        counts[sid] += (sid, pid) not in staff
    return {str(sid): counts.get(sid, 0) for sid in ids}


def feedback_refs_for(person: Person, programme: Programme) -> set[str]:
    """The sessions whose feedback asks this person (as `session_ref` strings)."""
    sessions = Session.objects.filter(
        programme=programme, status=SessionStatus.SCHEDULED, ends_at__lte=timezone.now()
    )
    came_to = set(
        Attendance.objects.filter(session__in=sessions, person=person, mark__in=CAME).values_list(
            "session_id", flat=True
        )
    )
    taken = set(
        Attendance.objects.filter(session__in=sessions)
        .values_list("session_id", flat=True)
        .distinct()
    )
    said_yes = set(
        Invitation.objects.filter(
            session__in=sessions, person=person, reply=Reply.ATTENDING
        ).values_list("session_id", flat=True)
    )
    led = set(person.sessions_facilitated.values_list("pk", flat=True))
    return {str(sid) for sid in (came_to | (said_yes - taken)) - led}


def feedback_groups(session_refs: Iterable[str]) -> dict[str, tuple[str, str]]:
    """For each session: the module it belongs to and the partner who delivered it (words for the evaluation)."""
    ids = [int(ref) for ref in session_refs if ref.isdigit()]
    rows = Session.objects.filter(pk__in=ids).values_list(
        "pk", "module__title", "module__partner__name"
    )
    return {
        str(pk): (
            module or "Sessions outside a module",
            partner or "Delivered by the programme team",
        )
        for pk, module, partner in rows
    }


def open_feedback(session: Session) -> int:
    """Open the session's feedback round (once) and invite, once each, the people it asks; returns how many were told."""
    from commonground.development import (
        services as development,  # development builds on programmes, not on us
    )

    asked = sorted(_asked(session))
    if not asked:
        return 0
    cohort_ids = list(session.cohorts.values_list("pk", flat=True))
    cohort = Cohort.objects.get(pk=cohort_ids[0]) if len(cohort_ids) == 1 else None
    survey_round = development.open_session_feedback(
        programme=session.programme,
        cohort=cohort,
        session_ref=str(session.pk),
        title=f"{session.title}, {timezone.localtime(session.starts_at):%-d %B %Y}",
        held_at=session.ends_at,
    )
    link = settings.SITE_URL.rstrip("/") + reverse(
        "development:respond", args=[session.programme_id, survey_round.pk]
    )
    return _notify(session, NoticeKind.FEEDBACK, asked, key="", extra={"feedback_link": link})


# -- Reads used by the pages ---------------------------------------------------------------------------


def sessions_for(person: Person, programme: Programme, *, everyone: bool) -> QuerySet[Session]:
    """The programme's sessions (staff, sponsors, funders) or the person's own (participants)."""
    sessions = Session.objects.filter(programme=programme)
    if not everyone:
        cohort_ids = list(
            Membership.objects.filter(
                person=person, programme=programme, role=Role.PARTICIPANT
            ).values_list("cohort_id", flat=True)
        )
        sessions = sessions.filter(
            Q(cohorts__isnull=True) | Q(cohorts__in=cohort_ids) | Q(invitations__person=person)
        ).distinct()
    return sessions


def reply_counts(sessions: Iterable[Session]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Invitation.objects.filter(session__in=list(sessions))
        .values("session_id", "reply")
        .annotate(n=Count("pk"))
    ):
        counts[row["session_id"]][row["reply"]] = row["n"]
    return counts
