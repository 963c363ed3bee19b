"""Every message about a session: recorded once, then mailed when the transaction commits.

Each message is a `SentNotice` under a unique (session, person, kind, key), written before its
mail is queued, so nothing is ever sent twice however often the periodic task runs. Notice keys
carry the session's `sequence`, which grows with every move or cancellation: a moved session gets
fresh reminders.
"""

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from commonground.accounts.models import Person
from commonground.core.mail import send_templated
from commonground.schedule.links import session_link
from commonground.schedule.models import NoticeKind, SentNotice, Session

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


def notify(
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
        send_templated(template, subject=subject, to=person.email, context=context)
