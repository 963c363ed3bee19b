"""Writes go through the owning services: an import is all or nothing, marks are the register's,
a reply is the person's own."""

import datetime as dt

import pytest
from django.utils import timezone

from commonground.accounts.models import AuditEvent, Seniority
from commonground.api.models import Scope
from commonground.programmes.models import Organisation
from commonground.recruitment.models import Application
from commonground.schedule.models import Attendance, Invitation, Reply
from tests.api.helpers import api_as
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session, make_session


def _row(**overrides: str) -> dict[str, str]:
    row = {"full_name": "Nadia New", "email": "nadia@example.org", "organisation": "Surrey Acute",
           "place": "East Surrey", "seniority": "band_6"}
    return {**row, **overrides}


def test_a_lead_imports_applications_and_the_trail_records_it(world: World) -> None:
    Organisation.objects.get(name="Surrey Acute").places.add(world.east.place)
    client = api_as(world.lena, world.programme, scope=Scope.WRITE)
    row = _row(seniority=Seniority.values[0])
    response = client.post(f"/programmes/{world.programme.pk}/applications/import", {"rows": [row]})
    assert response.status_code == 201, response.content
    assert response.json()["created"] == 1
    assert Application.objects.filter(person__email="nadia@example.org").exists()
    assert AuditEvent.objects.filter(actor_id=world.lena.pk, what="application").exists()


def test_one_bad_row_writes_nothing_and_names_the_row_and_field(world: World) -> None:
    client = api_as(world.lena, world.programme, scope=Scope.WRITE)
    good = _row(seniority=Seniority.values[0])
    bad = _row(email="not an email", full_name="Other", seniority=Seniority.values[0])
    response = client.post(f"/programmes/{world.programme.pk}/applications/import", {"rows": [good, bad]})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {(e["row"], e["field"]) for e in errors} >= {(2, "email")}
    assert not Application.objects.exists()


def test_an_unknown_column_is_named(world: World) -> None:
    client = api_as(world.lena, world.programme, scope=Scope.WRITE)
    response = client.post(f"/programmes/{world.programme.pk}/applications/import", {"rows": [_row(shoe="9")]})
    assert response.status_code == 400
    assert {"row": 1, "field": "shoe", "message": "No such column."} in response.json()["errors"]


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona"])
def test_only_leads_import(world: World, who: str) -> None:
    client = api_as(getattr(world, who), world.programme, scope=Scope.WRITE)
    assert client.post(f"/programmes/{world.programme.pk}/applications/import", {"rows": [_row()]}).status_code == 404


def test_a_facilitator_marks_the_register(world: World) -> None:
    session = east_session(world)
    client = api_as(world.fred, world.programme, scope=Scope.WRITE)
    response = client.put(f"/programmes/{world.programme.pk}/sessions/{session.pk}/attendance/{world.alice.pk}",
                          {"mark": "late"})
    assert response.status_code == 200
    assert Attendance.objects.get(session=session, person=world.alice).mark == "late"
    assert AuditEvent.objects.filter(actor_id=world.fred.pk, what="attendance", subject_id=world.alice.pk).exists()


def test_a_bad_mark_is_refused_with_its_reason(world: World) -> None:
    session = east_session(world)
    client = api_as(world.fred, world.programme, scope=Scope.WRITE)
    response = client.put(f"/programmes/{world.programme.pk}/sessions/{session.pk}/attendance/{world.alice.pk}",
                          {"mark": "asleep"})
    assert response.status_code == 400
    assert "present" in response.json()["detail"]
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["alice", "sam", "fiona"])
def test_only_register_takers_mark(world: World, who: str) -> None:
    session = east_session(world)
    client = api_as(getattr(world, who), world.programme, scope=Scope.WRITE)
    response = client.put(f"/programmes/{world.programme.pk}/sessions/{session.pk}/attendance/{world.alice.pk}",
                          {"mark": "present"})
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_a_participant_replies_to_their_own_invitation(world: World) -> None:
    session = make_session(world, "Next module", invite=[world.alice], starts_at=timezone.now() + dt.timedelta(days=3))
    client = api_as(world.alice, world.programme, scope=Scope.WRITE)
    path = f"/programmes/{world.programme.pk}/sessions/{session.pk}/reply"
    assert client.put(path, {"answer": "apologies"}).status_code == 400  # a reason is needed
    response = client.put(path, {"answer": "apologies", "reason": "On leave"})
    assert response.status_code == 200 and response.json()["reply"] == Reply.APOLOGIES
    assert Invitation.objects.get(session=session, person=world.alice).reply == Reply.APOLOGIES


def test_nobody_replies_to_a_session_they_are_not_part_of(world: World) -> None:
    session = make_session(world, "West day", cohorts=[world.west], invite=[world.carol],
                           starts_at=timezone.now() + dt.timedelta(days=3))
    client = api_as(world.alice, world.programme, scope=Scope.WRITE)
    response = client.put(f"/programmes/{world.programme.pk}/sessions/{session.pk}/reply", {"answer": "attending"})
    assert response.status_code == 404
