"""Reminders, "new time" and cancellation mail, follow-ups and the lead's note: each sent once, at the right time."""

import datetime as dt

from django.core import mail
from django.utils import timezone

from commonground.programmes.models import Role
from commonground.schedule.models import Attendance, Mark, NoticeKind, Reply, SentNotice, Session
from commonground.schedule.services.invitations import reply
from commonground.schedule.services.notices import send_session_notices
from commonground.schedule.services.sessions import cancel_session, move_session
from tests import factories
from tests.conftest import World
from tests.schedule.session_permission_cases import planned


def _sent(kind: str) -> list[tuple[str, str]]:
    return sorted(
        (n.person.full_name, n.key)
        for n in SentNotice.objects.filter(kind=kind).select_related("person")
    )


def _subjects() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def test_reminders_go_a_week_and_a_day_before_and_never_twice(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = planned(world, "East launch", days=20)
    reply(session=session, person=world.bob, answer=Reply.APOLOGIES, reason="On leave")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for hours_before in (24 * 10, 24 * 6, 24 * 6 - 1, 24 * 5, 20, 19, 2):
            send_session_notices(now=session.starts_at - dt.timedelta(hours=hours_before))
        send_session_notices(now=session.starts_at + dt.timedelta(minutes=5))
    assert _subjects() == [
        ("alice@example.org", "Next week: East launch"),
        ("alice@example.org", "Tomorrow: East launch"),
    ]  # Bob sent apologies, so he is not reminded
    assert _sent(NoticeKind.REMINDER_WEEK) == [("Alice Acute", "seq0")]
    assert _sent(NoticeKind.REMINDER_DAY) == [("Alice Acute", "seq0")]


def test_a_moved_session_is_reminded_at_its_new_time_not_the_old(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = planned(world, "East launch", days=5)
    old_start = session.starts_at
    with django_capture_on_commit_callbacks(execute=True):
        send_session_notices(
            now=old_start - dt.timedelta(days=5) + dt.timedelta(minutes=1)
        )
    assert _sent(NoticeKind.REMINDER_WEEK) == [("Alice Acute", "seq0"), ("Bob Council", "seq0")]

    new_start = old_start + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        move_session(
            session=session, starts_at=new_start, ends_at=new_start + dt.timedelta(hours=3)
        )
    assert ("alice@example.org", "New time: East launch") in _subjects()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_session_notices(now=old_start - dt.timedelta(hours=12))  # the old "tomorrow"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        send_session_notices(now=new_start - dt.timedelta(days=6))
        send_session_notices(now=new_start - dt.timedelta(hours=12))
        send_session_notices(now=new_start - dt.timedelta(hours=11))
    assert _subjects() == [
        ("alice@example.org", "Next week: East launch"),
        ("alice@example.org", "Tomorrow: East launch"),
        ("bob@example.org", "Next week: East launch"),
        ("bob@example.org", "Tomorrow: East launch"),
    ]
    assert _sent(NoticeKind.REMINDER_DAY) == [("Alice Acute", "seq1"), ("Bob Council", "seq1")]


def test_a_cancelled_session_gets_no_more_reminders(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = planned(world, "East launch", days=5)
    with django_capture_on_commit_callbacks(execute=True):
        cancel_session(session=session, reason="The venue flooded")
    assert _subjects() == [
        ("alice@example.org", "Cancelled: East launch"),
        ("bob@example.org", "Cancelled: East launch"),
    ]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for hours_before in (24 * 4, 12, 1):
            send_session_notices(now=session.starts_at - dt.timedelta(hours=hours_before))
    assert mail.outbox == []
    assert not SentNotice.objects.filter(
        kind__in=[NoticeKind.REMINDER_WEEK, NoticeKind.REMINDER_DAY]
    ).exists()


def _held(world: World, title: str = "East module day") -> Session:
    session = planned(world, title, days=2)
    ago = timezone.now() - dt.timedelta(days=2)
    Session.objects.filter(pk=session.pk).update(starts_at=ago, ends_at=ago + dt.timedelta(hours=3))
    session.refresh_from_db()
    return session


def test_after_the_register_is_taken_the_missed_get_a_kind_note_and_the_leads_one_summary(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dee = factories.PersonFactory(full_name="Dee Newcomer", email="dee@example.org")
    factories.MembershipFactory(
        person=dee, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
    )
    second_lead = factories.PersonFactory(full_name="Lou Lead", email="lou@example.org")
    factories.MembershipFactory(person=second_lead, programme=world.programme, role=Role.LEAD)
    session = planned(world, "East module day", days=2, facilitators=[world.fred])
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    reply(
        session=session, person=dee, answer=Reply.APOLOGIES, reason="Caring for a relative"
    )
    ago = timezone.now() - dt.timedelta(days=2)
    Session.objects.filter(pk=session.pk).update(starts_at=ago, ends_at=ago + dt.timedelta(hours=3))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        run = send_session_notices()
    assert (run.follow_ups, run.lead_notes) == (0, 0)  # no register yet: nobody is "missed"

    Attendance.objects.create(session=session, person=world.bob, mark=Mark.PRESENT)
    Attendance.objects.create(session=session, person=world.alice, mark=Mark.ABSENT)
    Attendance.objects.create(session=session, person=dee, mark=Mark.APOLOGIES)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = send_session_notices()
        again = send_session_notices()
    assert (run.follow_ups, run.lead_notes) == (1, 2)
    assert (again.follow_ups, again.lead_notes) == (0, 0)
    follow_up = [m for m in mail.outbox if m.subject == "We missed you at East module day"]
    assert [m.to for m in follow_up] == [
        ["alice@example.org"]
    ]  # not Dee (apologies), Bob (came) or Fred (facilitating)
    notes = [m for m in mail.outbox if m.subject == "Missed at East module day"]
    assert sorted(m.to[0] for m in notes) == ["lena@example.org", "lou@example.org"]
    assert "- Alice Acute" in notes[0].body and "Bob Council" not in notes[0].body


def test_a_repeated_run_sends_nothing_twice(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    planned(world, "East launch", days=3)
    planned(world, "Tomorrow's set meeting", days=0.5)
    held = _held(world)
    Attendance.objects.create(session=held, person=world.bob, mark=Mark.PRESENT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_session_notices()
    first = len(mail.outbox)
    notices = SentNotice.objects.count()
    assert first > 0
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            send_session_notices()
    assert len(mail.outbox) == first
    assert SentNotice.objects.count() == notices


def test_the_periodic_task_is_listed_and_runs(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from commonground.schedule import tasks

    assert "commonground.schedule.tasks.send_session_notices" in settings.PERIODIC_TASKS
    planned(world, "East launch", days=3)
    result = tasks.send_session_notices.enqueue()
    assert result.return_value["reminders"] == 2
