"""The schedule's pages about named people are in the audit trail: a session's replies, the register,
table plans and attendance by person. Each page is one insert, and each person listed sees who
looked on their "Who has seen my data" page."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import AuditEvent
from commonground.schedule.models import Attendance, Mark, Seat, TablePlan
from tests.accounts.seen import seen, signed_in, viewed
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session


def test_the_register_is_recorded_for_everyone_on_it(world: World) -> None:
    session = make_session(world, "East day", invite=[world.alice, world.bob], facilitators=[world.fred])
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    assert signed_in(world.fred).get(url).status_code == 200
    for person in (world.alice, world.bob):
        assert seen(person) == [viewed(world.fred, "register")]
    (row,) = AuditEvent.objects.filter(what="register", subject_id=world.alice.pk)
    assert (row.object_id, row.programme_id) == (session.pk, world.programme.pk)
    assert row.fields == ["apology_reason", "attendance", "full_name", "organisation", "reply"]


def test_the_register_is_recorded_in_one_insert(world: World) -> None:
    session = make_session(world, "East day", invite=[world.alice, world.bob], facilitators=[world.fred])
    url = reverse("schedule:register", args=[world.programme.pk, session.pk])
    fred = signed_in(world.fred)
    with CaptureQueriesContext(connection) as queries:
        fred.get(url)
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]
    assert len(inserts) == 1 and AuditEvent.objects.filter(what="register").count() == 2


def test_staff_see_every_reply_on_a_sessions_page(world: World) -> None:
    session = make_session(world, "East day", invite=[world.alice, world.bob], facilitators=[world.fred])
    signed_in(world.lena).get(reverse("schedule:session-detail", args=[world.programme.pk, session.pk]))
    assert seen(world.alice) == [viewed(world.lena, "session_replies")]


def test_a_participant_reading_the_session_sees_only_their_own_reply_and_nothing_is_recorded(world: World) -> None:
    session = make_session(world, "East day", invite=[world.alice, world.bob], facilitators=[world.fred])
    signed_in(world.alice).get(reverse("schedule:session-detail", args=[world.programme.pk, session.pk]))
    assert seen(world.alice) == [] and seen(world.bob) == []


def test_a_table_plan_and_its_cards_are_recorded_for_everyone_seated(world: World) -> None:
    session = make_session(world, "East day", invite=[world.alice, world.bob], facilitators=[world.fred])
    plan = TablePlan.objects.create(session=session, tables=1, result={"people": 2})
    Seat.objects.bulk_create([Seat(plan=plan, person=p, table=1) for p in (world.alice, world.bob)])
    fred = signed_in(world.fred)
    for name in ("schedule:table-plan", "schedule:table-plan-print"):
        assert fred.get(reverse(name, args=[world.programme.pk, session.pk])).status_code == 200
    assert seen(world.bob) == [viewed(world.fred, "table_plan")] * 2
    assert "Bob Council" in fred.get(reverse("schedule:table-plan", args=[world.programme.pk, session.pk])).text


def test_attendance_by_person_and_the_people_at_risk_are_recorded(world: World) -> None:
    now = timezone.now()
    for days in (20, 10):
        session = make_session(
            world, f"Day {days}", starts_at=now - dt.timedelta(days=days), invite=[world.alice, world.bob]
        )
        Attendance.objects.create(session=session, person=world.alice, mark=Mark.ABSENT)
        Attendance.objects.create(session=session, person=world.bob, mark=Mark.PRESENT)
    page = signed_in(world.lena).get(reverse("schedule:attendance-figures", args=[world.programme.pk]))
    assert [p.name for p in page.context["at_risk"]] == ["Alice Acute"]
    assert sorted(seen(world.alice)) == sorted(
        [viewed(world.lena, "attendance_by_person"), viewed(world.lena, "attendance_at_risk")]
    )
    assert seen(world.bob) == [viewed(world.lena, "attendance_by_person")]
    # Carol, not yet invited to a session that has ended, is on the list of people too.
    assert seen(world.carol) == [viewed(world.lena, "attendance_by_person")]
    assert AuditEvent.objects.filter(what__startswith="attendance_", actor_id=world.lena.pk).count() == 4
