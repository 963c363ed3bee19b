"""Erasure: after it, a whole database dump holds none of the person's words, name or address."""

import datetime as dt
import io
import subprocess

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import AuditAction, AuditEvent, DemoMail, Person
from commonground.codesign.models import Comment, Issue
from commonground.codesign.services import issues
from commonground.development.models import JournalEntry
from commonground.network.models import Encounter, EncounterSource, SurveyRound, TieReport
from commonground.privacy import erasure
from commonground.programmes.models import Affiliation, Membership, Role
from commonground.recruitment.models import Application, Nomination
from tests import factories
from tests.codesign import objects as codesign
from tests.conftest import World
from tests.development import objects as dev
from tests.recruitment import objects as rec
from tests.schedule.attendance_permission_cases import east_session

JOB = "Keeper of the east ward lanterns"
JOURNAL = "I found it hard to trust the council team at first."
WHY = "Because the lantern rota never meets the night shift."
COMMENT = "Lanterns go out at the weekend first."
PROBLEM = "Lanterns on the east ward stay dark after nine."
SECRETS = ("Alice Acute", "alice@example.org", JOB, JOURNAL, WHY, COMMENT, PROBLEM, "Step-free access, please")


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _alice_everywhere(world: World) -> None:
    """Alice's data in every kind of place it can be, her own and other people's records."""
    Person.objects.filter(pk=world.alice.pk).update(job_title=JOB)
    dev.alice_journal_entry(world)
    dev.alice_resilience_response(world)
    dev.alice_goal(world)
    session = east_session(world)
    from commonground.schedule.models import Attendance, CalendarFeed, Mark

    Attendance.objects.create(session=session, person=world.alice, mark=Mark.PRESENT, marked_by=world.fred)
    CalendarFeed.objects.create(person=world.alice)
    survey = SurveyRound.objects.get(pk=world.east_start.pk)
    TieReport.objects.create(round=survey, reporter=world.alice, colleague=world.bob, knows=True)
    TieReport.objects.create(round=survey, reporter=world.bob, colleague=world.alice, knows=True)
    Encounter.objects.create(
        programme=world.programme, person_a=world.alice, person_b=world.bob, source=EncounterSource.LEARNING_SET,
        source_label="Set 1", source_ref="set-1", occurred_on=dt.date(2026, 10, 1),
    )
    hers = rec.application(world, "Ann Applicant")
    Application.objects.filter(pk=hers.pk).update(person=world.alice, why_now=WHY, access_needs="Step-free access, please")
    bobs = rec.application(world, "Dora Applicant")
    Application.objects.filter(pk=bobs.pk).update(sponsor_name="Alice Acute", sponsor_email="alice@example.org")
    Nomination.objects.create(
        programme=world.programme, sponsor=world.sam, nominee_name="Alice Acute", nominee_email="alice@example.org",
        token_digest="d" * 64, expires_at=timezone.now() + dt.timedelta(days=3),
    )
    issue = codesign.issue(world)  # proposed by Alice
    Issue.objects.filter(pk=issue.pk).update(problem=PROBLEM)
    Comment.objects.create(issue=issue, author=world.alice, body=COMMENT)
    bobs_comment = Comment.objects.create(issue=issue, author=world.bob, body="Weekend discharges are worst.")
    DemoMail.objects.create(to="alice@example.org", subject="Your sign-in link", from_email="x@example.org", body="Hello")
    DemoMail.objects.create(
        to="lena@example.org", subject="Alice Acute replied", from_email="x@example.org", body="Alice Acute can come."
    )
    LogEntry.objects.create(
        user=world.lena, content_type=ContentType.objects.get_for_model(Person), object_id=str(world.alice.pk),
        object_repr="Alice Acute", action_flag=CHANGE, change_message="[]",
    )
    signed_in = _client(world.alice)
    signed_in.get(reverse("programmes:profile"))
    assert bobs_comment.pk


def _dump() -> str:
    """The whole database as SQL text: every table, history, cache, session and task table."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    settings = connection.settings_dict
    command = ["pg_dump", "--no-owner", "-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    command += ["-U", settings["USER"] or "postgres", settings["NAME"]]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


@pytest.mark.django_db(transaction=True)
def test_after_erasure_a_database_dump_holds_nothing_of_hers(world: World) -> None:
    _alice_everywhere(world)
    before = _dump()
    assert all(secret in before for secret in SECRETS), "the test must put each value somewhere first"
    alice_id = world.alice.pk
    done = erasure.erase(person=world.alice, by=world.lena, programme_id=world.programme.pk)
    after = _dump()
    left = [secret for secret in SECRETS if secret in after]
    assert left == []
    assert done.rows["development.JournalEntry"] == 1 and done.rows["network.TieReport"] == 2
    assert done.rows["comments"] == 1 and done.rows["as a sponsor"] == 1 and done.rows["as a nominee"] == 1
    assert not Person.objects.filter(pk=alice_id).exists()
    assert not Affiliation.objects.filter(person_id=alice_id).exists()
    # Other people's things stay, without her in them.
    assert Comment.objects.filter(author=world.bob).count() == 1
    assert Issue.objects.get().proposed_by is None
    assert Application.objects.get(person__full_name="Dora Applicant").sponsor_email == ""
    assert Encounter.objects.count() == 0 and TieReport.objects.count() == 0
    assert JournalEntry.objects.count() == 0
    assert Membership.objects.filter(programme=world.programme, role=Role.PARTICIPANT).count() == 2
    # The trail keeps its ids and says who erased her.
    (row,) = AuditEvent.objects.filter(action=AuditAction.ERASED)
    assert (row.subject_id, row.actor_id, row.programme_id) == (alice_id, world.lena.pk, world.programme.pk)


@pytest.mark.django_db(transaction=True)
def test_erasing_a_lead_removes_the_words_they_closed_an_issue_with(world: World) -> None:
    reason = "Closed after the ward manager at Redhill asked us to stop"
    issue = codesign.issue(world)
    for state in ("shortlisted", "closed"):
        issues.change_state(issue=issue, actor=world.lena, to_state=state, reason=reason if state == "closed" else "")
    others = codesign.issue(world, title="Weekend discharge")
    issues.change_state(issue=others, actor=world.lena, to_state="shortlisted")
    assert reason in _dump()
    erasure.erase(person=world.lena)
    assert reason not in _dump()
    closed = Issue.objects.get(pk=issue.pk)
    assert (closed.state, closed.closed_reason) == ("closed", erasure.REMOVED)
    assert Issue.objects.get(pk=others.pk).state == "shortlisted"


def test_a_lead_erases_after_typing_the_address_and_only_someone_of_their_programme(world: World) -> None:
    dev.alice_journal_entry(world)
    lena = _client(world.lena)
    url = reverse("privacy:person-erase", args=[world.programme.pk, world.alice.pk])
    page = lena.get(url)
    assert page.status_code == 200 and "This cannot be undone" in page.text
    wrong = lena.post(url, {"confirm": "bob@example.org"})
    assert wrong.status_code == 400 and "exactly as shown" in wrong.text
    assert Person.objects.filter(pk=world.alice.pk).exists()
    done = lena.post(url, {"confirm": " Alice@Example.org "})
    assert done.status_code == 302 and done["Location"].endswith(f"/programmes/{world.programme.pk}/cohorts/")
    assert not Person.objects.filter(pk=world.alice.pk).exists()

    factories.MembershipFactory(person=world.bob, programme=world.other_programme, role=Role.PARTICIPANT)
    bob = reverse("privacy:person-erase", args=[world.programme.pk, world.bob.pk])
    assert lena.post(bob, {"confirm": "bob@example.org"}).status_code == 404
    own = reverse("privacy:person-erase", args=[world.programme.pk, world.lena.pk])
    assert lena.get(own).status_code == 404  # not herself
    carol = reverse("privacy:person-erase", args=[world.programme.pk, world.carol.pk])
    for other in (world.fred, world.bob, world.sam, world.fiona, world.oscar):
        assert _client(other).post(carol, {"confirm": "carol@example.org"}).status_code == 404
    assert Person.objects.filter(pk=world.bob.pk).exists() and Person.objects.filter(pk=world.carol.pk).exists()


def test_the_command_asks_for_yes_and_names_unknown_addresses(world: World) -> None:
    with pytest.raises(CommandError, match="--yes"):
        call_command("erase_person", "alice@example.org")
    assert Person.objects.filter(pk=world.alice.pk).exists()
    with pytest.raises(CommandError, match="Nobody has the email address"):
        call_command("erase_person", "nobody@example.org", "--yes")
    out = io.StringIO()
    call_command("erase_person", "ALICE@example.org", "--yes", stdout=out)
    assert f"Erased person {world.alice.pk}" in out.getvalue() and "programmes.Membership: 1" in out.getvalue()
    assert not Person.objects.filter(pk=world.alice.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_erasing_many_at_once_leaves_a_dump_with_nothing_of_any_of_them(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Retention erases applicants' accounts in batches: each goes as wholly as one erased alone,
    whichever batch they fall in, and nobody else goes."""
    monkeypatch.setattr(erasure, "BATCH", 2)
    _alice_everywhere(world)
    Comment.objects.filter(author=world.bob).update(body="Carol Charity said weekends are worst.")
    secrets = (*SECRETS, "Bob Council", "bob@example.org", "Carol Charity", "carol@example.org")
    assert all(secret in _dump() for secret in secrets)
    gone = [world.carol.pk, world.alice.pk, world.bob.pk]
    done = erasure.erase_many(person_ids=gone, programme_id=world.programme.pk)
    assert done.person_ids == sorted(gone) and done.rows["accounts.Person"] == 3
    after = _dump()
    assert [secret for secret in secrets if secret in after] == []
    assert set(Person.objects.values_list("full_name", flat=True)) == {
        "Lena Lead", "Fred Facilitator", "Sam Sponsor", "Fiona Funder", "Oscar Outsider", "Ann Applicant",
        "Dora Applicant"}
    erased = AuditEvent.objects.filter(action=AuditAction.ERASED)
    assert sorted(erased.values_list("subject_id", flat=True)) == sorted(gone)
    assert {(e.actor_id, e.programme_id) for e in erased} == {(None, world.programme.pk)}
