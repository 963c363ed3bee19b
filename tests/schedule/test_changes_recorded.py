"""Marking a register records the change for the person marked: who, which fields, from where."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.programmes.models import Role
from commonground.schedule import attendance
from commonground.schedule.models import Invitation, Mark, Reply, SessionStatus
from tests import factories
from tests.accounts.test_changes_recorded import request_by
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session, make_session


def _marks(person: Person) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(subject_id=person.pk, what="attendance")
        .order_by("pk")
        .values_list("action", "actor_id", "object_id", "fields", "programme_id", "address")
    )


def test_a_facilitator_marking_someone_is_recorded_for_them_with_the_fields_only(world: World) -> None:
    session = east_session(world)
    attendance.mark_attendance(
        session=session, person_id=world.alice.pk, mark=Mark.LATE, marked_by=world.fred,
        request=request_by(world.fred),
    )
    assert _marks(world.alice) == [
        (AuditAction.CHANGED, world.fred.pk, session.pk, ["mark", "method"], world.programme.pk, "10.0.0.9")
    ]
    assert Mark.LATE not in str(_marks(world.alice))
    assert _marks(world.bob) == []
    (seen,) = audit.seen_by_others(world.alice)
    assert (seen.who, seen.action, seen.what) == ("Fred Facilitator", "Changed", "your attendance at a session")


def test_the_same_mark_again_adds_nothing_and_a_new_one_names_the_mark(world: World) -> None:
    session = east_session(world)
    for mark in (Mark.PRESENT, Mark.PRESENT, Mark.ABSENT, Mark.ABSENT):
        attendance.mark_attendance(session=session, person_id=world.alice.pk, mark=mark, marked_by=world.fred)
    assert [fields for _, _, _, fields, _, _ in _marks(world.alice)] == [["mark", "method"], ["mark"]]


def test_the_register_confirming_a_qr_check_in_names_only_the_method(world: World) -> None:
    session = east_session(world)
    assert attendance.check_in(session=session, person=world.alice).mark == Mark.PRESENT
    assert _marks(world.alice) == []  # her own check-in
    attendance.mark_attendance(session=session, person_id=world.alice.pk, mark=Mark.PRESENT, marked_by=world.lena)
    assert [(actor, fields) for _, actor, _, fields, _, _ in _marks(world.alice)] == [(world.lena.pk, ["method"])]


def test_a_tap_on_the_page_is_recorded_by_whoever_tapped(world: World) -> None:
    session = east_session(world)
    client = Client()
    client.force_login(world.fred)
    url = reverse("schedule:register-mark", args=[world.programme.pk, session.pk, world.bob.pk])
    assert client.post(url, {"mark": "absent"}).status_code == 302
    assert client.post(url, {"mark": "absent"}).status_code == 302
    assert [(actor, fields) for _, actor, _, fields, _, _ in _marks(world.bob)] == [(world.fred.pk, ["mark", "method"])]


@pytest.mark.parametrize("case", ["bad mark", "not invited", "cancelled"])
def test_a_mark_refused_records_nothing(world: World, case: str) -> None:
    session = east_session(world)
    person, mark = world.alice, Mark.PRESENT
    if case == "bad mark":
        mark = "maybe"
    elif case == "not invited":
        person = world.carol
    else:
        session = make_session(world, "Off", invite=[world.alice], status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError):
        attendance.mark_attendance(session=session, person_id=person.pk, mark=mark, marked_by=world.fred)
    assert not AuditEvent.objects.filter(what="attendance").exists()


def test_staff_marking_themselves_is_not_a_change_by_someone_else(world: World) -> None:
    frida = factories.PersonFactory(full_name="Frida Facilitator")
    factories.MembershipFactory(person=frida, programme=world.programme, role=Role.FACILITATOR)
    session = east_session(world)
    Invitation.objects.create(session=session, person=frida, reply=Reply.ATTENDING)
    attendance.mark_attendance(session=session, person_id=frida.pk, mark=Mark.PRESENT, marked_by=frida)
    assert _marks(frida) == []
