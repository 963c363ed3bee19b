"""The periodic notice run: whatever is due about sessions, sent once (see `mail`)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Membership, Role
from commonground.schedule.models import NoticeKind, SentNotice, Session, SessionStatus
from commonground.schedule.queries import expected_ids, missed_ids
from commonground.schedule.services.feedback import open_feedback
from commonground.schedule.services.invitations import sync_invitations
from commonground.schedule.services.mail import notify

WEEK = dt.timedelta(days=7)
DAY = dt.timedelta(days=1)
# After-session work (follow-ups, feedback) looks back this far, so the periodic scan stays small.
LOOK_BACK = dt.timedelta(days=14)


@dataclass(frozen=True)
class NoticeRun:
    invited: int = 0
    reminders: int = 0
    follow_ups: int = 0
    lead_notes: int = 0
    feedback: int = 0


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
            reminders += notify(session, kind, expected_ids(session), key=f"seq{session.sequence}")
    ended = Session.objects.filter(
        status=SessionStatus.SCHEDULED, ends_at__lte=now, ends_at__gt=now - LOOK_BACK
    ).select_related("programme")
    for session in ended:
        with transaction.atomic():
            missed = missed_ids(session)
            if missed:
                follow_ups += notify(session, NoticeKind.FOLLOW_UP, missed, key="")
                lead_notes += _note_leads(session, missed)
            feedback += open_feedback(session)
    return NoticeRun(invited, reminders, follow_ups, lead_notes, feedback)


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
    return notify(session, NoticeKind.LEAD_NOTE, due, key="", extra={"missed": names})
