"""The attendance demo fills registers, the at-risk list and table plans, and does nothing without sessions."""

import datetime as dt
import random

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.network.models import Encounter
from commonground.programmes.models import Affiliation, Membership, Role
from commonground.schedule import attendance
from commonground.schedule.attendance_people import at_risk
from commonground.schedule.demo_attendance import seed_attendance_demo
from commonground.schedule.models import Attendance, CheckInMethod, Mark, TablePlan
from tests.conftest import World
from tests.factories import where_of
from tests.schedule.attendance_permission_cases import make_session


def test_without_sessions_it_does_nothing(world: World) -> None:
    seed_attendance_demo(
        programme=world.programme, participants=[(world.alice, world.east)], rng=random.Random(1)
    )
    assert not Attendance.objects.exists()


def test_it_marks_registers_and_plans_published_tables(world: World) -> None:
    people = Person.objects.bulk_create(
        [
            Person(email=f"d{i}@example.org", full_name=f"Demo {i}")
            for i in range(60)
        ]
    )
    trust = where_of(world.alice, world.programme).organisation
    Affiliation.objects.bulk_create(
        Affiliation(person=p, system=world.programme.system, organisation=trust) for p in people
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
            )
            for p in people
        ]
    )
    now = timezone.now()
    for week in range(4, 0, -1):
        make_session(
            world, f"Week {week}", starts_at=now - dt.timedelta(days=7 * week), invite=people
        )
    make_session(world, "Yesterday", starts_at=now - dt.timedelta(days=1), invite=people)
    make_session(world, "Next week", starts_at=now + dt.timedelta(days=7), invite=people)
    seed_attendance_demo(
        programme=world.programme,
        participants=[(p, world.east) for p in people],
        rng=random.Random(7),
    )
    marks = Attendance.objects.filter(session__programme=world.programme)
    assert marks.count() >= 4 * 60 * 0.9
    assert marks.filter(mark=Mark.PRESENT).count() > marks.count() / 2
    assert marks.filter(method=CheckInMethod.QR).exists()
    assert not marks.filter(session__title="Next week").exists()
    assert not marks.filter(session__title="Yesterday").exists()  # its register is still to take
    assert marks.filter(session__title="Week 1").exists()
    assert len(at_risk(attendance.offered_invitations(world.programme))) >= 3
    plans = TablePlan.objects.filter(session__programme=world.programme)
    assert plans.count() == 3 and all(p.published_at for p in plans)
    assert Encounter.objects.filter(programme=world.programme).exists()
