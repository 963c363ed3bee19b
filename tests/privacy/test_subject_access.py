"""Subject access: a person, a lead or the command line gets everything held about one person."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.network.models import SurveyRound, TieReport
from commonground.privacy import holdings, subject_access
from commonground.programmes.models import Role
from commonground.schedule.models import Attendance, CalendarFeed, Mark
from tests import factories
from tests.conftest import World
from tests.development import objects as dev
from tests.schedule.attendance_permission_cases import east_session

JOURNAL = "I found it hard to trust the council team at first."


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _alice_has_a_history(world: World) -> None:
    dev.alice_journal_entry(world)
    dev.alice_resilience_response(world)
    dev.alice_goal(world)
    session = east_session(world)
    Attendance.objects.create(session=session, person=world.alice, mark=Mark.PRESENT, marked_by=world.fred)
    CalendarFeed.objects.create(person=world.alice)
    survey = SurveyRound.objects.get(pk=world.east_start.pk)
    TieReport.objects.create(round=survey, reporter=world.alice, colleague=world.bob, knows=True)
    TieReport.objects.create(round=survey, reporter=world.bob, colleague=world.alice, go_to_for_help=True)


def _open(body: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return archive, json.loads(archive.read("data.json"))


def test_every_table_that_points_at_a_person_is_declared() -> None:
    assert holdings.undeclared() == set()
    declared = {(h.model, h.via) for h in holdings.HOLDINGS}
    assert declared <= holdings.relations(), "a declared holding no longer exists"
    assert all(h.reason for h in holdings.HOLDINGS if not h.included)


def test_the_download_holds_what_she_wrote_answered_and_attended_and_no_secret(world: World) -> None:
    _alice_has_a_history(world)
    _client(world.lena).get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    response = _client(world.alice).post(reverse("privacy:my-data"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="common-ground-data-')
    archive, data = _open(response.content)
    assert {"data.json", "summary.html", "README.txt"} <= set(archive.namelist())
    assert data["person"]["email"] == "alice@example.org"
    assert data["person"]["accessibility_needs"] == "Step-free access, please"
    assert data["data"]["Your journal"]["rows"][0]["body"] == JOURNAL
    (answers,) = data["data"]["Your answers to self-assessments and check-ins"]["rows"]
    assert answers["answers"]["brs1"] == 4
    (attended,) = data["data"]["Your attendance"]["rows"]
    assert attended["mark"] == Mark.PRESENT
    (made,) = data["data"]["Marks you made in the relationship survey"]["rows"]
    assert made["colleague_id"] == world.bob.pk and made["knows"] is True
    # Bob's marks about her are his answers: named as left out, never included.
    assert all(r["reporter_id"] == world.alice.pk for s in data["data"].values() for r in s["rows"] if "reporter_id" in r)
    assert "Marks others made about you" in [x["what"] for x in data["not_included"]]
    trail = [(a["action"], a["what"], a["actor_id"]) for a in data["audit_trail_about_you"]]
    assert (AuditAction.VIEWED, "access_needs", world.lena.pk) in trail
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    feed = CalendarFeed.objects.get(person=world.alice)
    assert feed.token not in everything and "token" not in json.dumps(data["data"]["Your calendar feed"])
    assert Person.objects.get(pk=world.alice.pk).password not in everything
    assert JOURNAL in archive.read("summary.html").decode()
    # Her own download: one row for the export; none "about" herself, as with everything she does.
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="subject_access", actor_id=world.alice.pk).count() == 1


def test_a_leads_download_holds_what_they_did_but_not_whom_it_concerned(world: World) -> None:
    _client(world.lena).get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    archive, data = _open(_client(world.lena).post(reverse("privacy:my-data")).content)
    done = data["audit_trail_of_what_you_did"]
    assert ("viewed", "access_needs") in {(row["action"], row["what"]) for row in done}
    assert all("subject_id" not in row and "actor_id" not in row for row in done)
    assert "What you did, as the audit trail records it" in archive.read("summary.html").decode()
    # Alice's download names the lead as the one who looked.
    _, hers = _open(_client(world.alice).post(reverse("privacy:my-data")).content)
    assert ("viewed", "access_needs", world.lena.pk) in {
        (row["action"], row["what"], row["actor_id"]) for row in hers["audit_trail_about_you"]
    }
    assert hers["audit_trail_of_what_you_did"] == []


def test_the_page_explains_the_download_before_making_it(world: World) -> None:
    page = _client(world.bob).get(reverse("privacy:my-data"))
    assert page.status_code == 200 and "Download my data" in page.text
    assert AuditEvent.objects.filter(what="subject_access").count() == 0


def test_a_lead_answers_a_request_for_someone_only_in_their_programme(world: World) -> None:
    _alice_has_a_history(world)
    url = reverse("privacy:person-data", args=[world.programme.pk, world.alice.pk])
    response = _client(world.lena).post(url)
    assert response.status_code == 200
    _, data = _open(response.content)
    assert data["data"]["Your journal"]["rows"][0]["body"] == JOURNAL
    (row,) = AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="subject_access", subject_id=world.alice.pk)
    assert row.actor_id == world.lena.pk and row.programme_id == world.programme.pk


def test_someone_with_a_role_elsewhere_is_the_systems_to_answer(world: World) -> None:
    factories.MembershipFactory(person=world.bob, programme=world.other_programme, role=Role.PARTICIPANT)
    url = reverse("privacy:person-data", args=[world.programme.pk, world.bob.pk])
    assert _client(world.lena).post(url).status_code == 404
    assert subject_access.within_programme(world.alice, world.programme.pk)
    assert not subject_access.within_programme(world.bob, world.programme.pk)
    assert not subject_access.within_programme(world.oscar, world.programme.pk)  # not in it at all
    for other in (world.fred, world.alice, world.sam):
        assert _client(other).post(reverse("privacy:person-data", args=[world.programme.pk, world.carol.pk])).status_code == 404


def test_the_command_writes_the_same_zip(world: World, tmp_path: Path) -> None:
    _alice_has_a_history(world)
    out = io.StringIO()
    target = tmp_path / "alice.zip"
    call_command("export_person", "ALICE@example.org", "--out", str(target), stdout=out)
    assert "records" in out.getvalue() and "KiB" in out.getvalue()
    _, data = _open(target.read_bytes())
    assert data["data"]["Your journal"]["rows"][0]["body"] == JOURNAL
    with pytest.raises(CommandError, match="Nobody has the email address"):
        call_command("export_person", "nobody@example.org", "--out", str(tmp_path / "x.zip"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("export_person", "alice@example.org", "--out", str(tmp_path / "missing" / "x.zip"))
