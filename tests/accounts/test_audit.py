"""The audit trail: who saw, changed or exported whose data, kept as ids and field names only."""

import csv
import io
import json

import pytest
from django.db import connection
from django.db.utils import DatabaseError
from django.test import Client
from django.urls import reverse

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from tests import factories
from tests.conftest import World
from tests.recruitment import objects as rec


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _about(person: Person) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(subject_id=person.pk).exclude(action=AuditAction.SIGNED_IN))


def _text(events: list[AuditEvent]) -> str:
    """Everything the rows hold, as one string, to look for values that must not be there."""
    return json.dumps(
        [[e.action, e.what, e.actor_id, e.subject_id, e.object_id, e.fields, e.address] for e in events]
    )


def test_a_lead_seeing_a_persons_page_and_access_needs_is_recorded_without_the_values(world: World) -> None:
    url = reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk])
    assert _client(world.lena).get(url).status_code == 200
    rows = _about(world.alice)
    assert sorted((e.action, e.what, e.actor_id, e.programme_id) for e in rows) == [
        (AuditAction.VIEWED, "access_needs", world.lena.pk, world.programme.pk),
        (AuditAction.VIEWED, "person", world.lena.pk, world.programme.pk),
    ]
    needs = next(e for e in rows if e.what == "access_needs")
    assert needs.fields == ["accessibility_needs"] and needs.address == "127.0.0.1"
    for value in ("Step-free", "Alice", "alice@example.org", "Surrey Acute", "Ward 4"):
        assert value not in _text(rows)


def test_looking_at_your_own_data_is_not_someone_seeing_it(world: World) -> None:
    url = reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk])
    assert _client(world.alice).get(url).status_code == 200
    assert _about(world.alice) == []


def test_a_person_sees_who_has_seen_their_data_and_nobody_else_does(world: World) -> None:
    _client(world.lena).get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    _client(world.alice).get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    page = _client(world.alice).get(reverse("programmes:seen"))
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    assert [(r.who, r.action, r.what) for r in page.context["rows"]] == [
        ("Lena Lead", "Viewed", "your access needs (health data)"),
        ("Lena Lead", "Viewed", "your profile"),
    ]
    assert "Lena Lead" in page.text and "access needs" in page.text
    bob = _client(world.bob).get(reverse("programmes:seen"))
    assert bob.context["rows"] == [] and "Nobody else has seen or changed your data yet." in bob.text


def test_the_trail_is_append_only(world: World) -> None:
    row = audit.record(action=AuditAction.VIEWED, what="person", actor_id=world.lena.pk, subject_id=world.alice.pk)
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=row.pk).update(what="nothing")
    with pytest.raises(TypeError):
        AuditEvent.objects.filter(pk=row.pk).delete()
    assert AuditEvent.objects.get(pk=row.pk).what == "person"


@pytest.mark.postgres_only
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger is PostgreSQL's")
def test_postgresql_itself_refuses_to_change_an_audit_row(world: World) -> None:
    row = audit.record(action=AuditAction.VIEWED, what="person", actor_id=world.lena.pk, subject_id=world.alice.pk)
    with pytest.raises(DatabaseError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditevent SET what = 'nothing' WHERE id = %s", [row.pk])


def test_sign_ins_and_failed_sign_ins_are_recorded_without_what_was_typed(world: World) -> None:
    world.alice.set_password("a long and correct password")
    world.alice.save()
    client = Client()
    client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": "wrong guess"})
    client.post(reverse("accounts:login"), {"username": "nobody@example.org", "password": "wrong guess"})
    client.post(reverse("accounts:login"), {"username": "alice@example.org", "password": "a long and correct password"})
    rows = list(AuditEvent.objects.filter(what="sign_in").order_by("pk"))
    assert [(e.action, e.subject_id) for e in rows] == [
        (AuditAction.SIGN_IN_FAILED, world.alice.pk),
        (AuditAction.SIGN_IN_FAILED, None),
        (AuditAction.SIGNED_IN, world.alice.pk),
    ]
    assert "nobody@example.org" not in _text(rows) and "wrong guess" not in _text(rows)


def test_changes_name_the_fields_that_changed(world: World) -> None:
    from tests.accounts.test_profile import form_data

    response = _client(world.alice).post(reverse("programmes:profile"), form_data(world, job_title="Matron"))
    assert response.status_code == 302
    (change,) = AuditEvent.objects.filter(action=AuditAction.CHANGED, subject_id=world.alice.pk)
    assert change.what == "person" and change.fields == ["job_title"] and change.actor_id == world.alice.pk
    assert "Matron" not in _text([change])


def test_role_grants_and_exports_are_recorded_for_each_person_in_them(world: World) -> None:
    lena = _client(world.lena)
    charity = factories.OrganisationFactory(system=world.programme.system, name="Another Charity")
    lena.post(
        reverse("programmes:sponsors", args=[world.programme.pk]),
        {"email": "nadia@example.org", "full_name": "Nadia New", "organisation": charity.pk},
    )
    nadia = Person.objects.get(email="nadia@example.org")
    (grant,) = _about(nadia)
    assert (grant.action, grant.what, grant.actor_id) == (AuditAction.ROLE_GRANTED, "membership", world.lena.pk)

    rec.open_applications(world)
    applicants = [rec.application(world, name).person for name in ("Ann Applicant", "Ben Applicant")]
    response = lena.get(reverse("recruitment:export", args=[world.programme.pk, "applications", "csv"]))
    assert response.status_code == 200
    for person in applicants:
        (row,) = _about(person)
        assert row.action == AuditAction.EXPORTED and row.what == "applications" and "email" in row.fields
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, subject_id=None, what="applications").count() == 1


def test_a_lead_exports_the_programmes_trail_and_that_export_is_recorded_too(world: World) -> None:
    _client(world.lena).get(reverse("programmes:person-detail", args=[world.programme.pk, world.bob.pk]))
    audit.record(action=AuditAction.VIEWED, what="person", actor_id=world.oscar.pk, programme_id=world.other_programme.pk)
    response = _client(world.lena).get(reverse("programmes:audit-export", args=[world.programme.pk]))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["when", "action", "what"]
    (seen,) = [r for r in rows[1:] if r[2] == "person"]
    assert seen[1] == "Viewed" and seen[4] == "Lena Lead" and seen[6] == "Bob Council"
    assert seen[8] == " ".join(sorted(["full_name", "organisation", "team", "job_title", "profession", "seniority", "place", "cohort"]))
    assert str(world.oscar.pk) not in [r[3] for r in rows[1:]]  # another programme's rows stay out
    assert AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="audit", actor_id=world.lena.pk).count() == 1


def test_the_trail_outlives_the_people_in_it(world: World) -> None:
    _client(world.lena).get(reverse("programmes:person-detail", args=[world.programme.pk, world.bob.pk]))
    world.lena.delete()
    page = _client(world.bob).get(reverse("programmes:seen"))
    assert [r.who for r in page.context["rows"]] == ["Someone no longer on Common Ground"]


def test_a_cohort_list_records_a_view_of_each_person_on_it_but_not_of_the_viewer(world: World) -> None:
    url = reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk])
    assert _client(world.alice).get(url).status_code == 200
    rows = list(AuditEvent.objects.filter(what="cohort_list"))
    assert [(e.actor_id, e.subject_id, e.fields) for e in rows] == [
        (world.alice.pk, world.bob.pk, ["full_name", "job_title", "organisation"])
    ]
    _client(world.lena).get(url)
    staff = AuditEvent.objects.filter(what="cohort_list", actor_id=world.lena.pk)
    assert sorted(e.subject_id for e in staff) == sorted([world.alice.pk, world.bob.pk])
    assert "sector" in staff.first().fields
    bob = _client(world.bob).get(reverse("programmes:seen"))
    assert ("Alice Acute", "your cohort's list of participants") in [(r.who, r.what) for r in bob.context["rows"]]


def _request_by(person: Person) -> object:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7")
    request.user = person
    return request


def test_a_page_of_several_parts_is_one_insert_that_leaves_out_the_viewer(
    world: World, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    request = _request_by(world.alice)
    with django_assert_num_queries(1):
        added = audit.page_viewed(
            request,  # type: ignore[arg-type]
            audit.Shown("learning_set", [world.alice.pk, world.bob.pk, world.bob.pk], ["full_name"]),
            audit.Shown("keep_apart", [world.carol.pk], ["person_a", "person_b"], object_id=7),
            programme_id=world.programme.pk,
        )
    assert added == 2
    rows = sorted(AuditEvent.objects.filter(action=AuditAction.VIEWED), key=lambda e: e.what)
    assert [(e.what, e.subject_id, e.actor_id, e.object_id, e.address) for e in rows] == [
        ("keep_apart", world.carol.pk, world.alice.pk, 7, "10.0.0.7"),
        ("learning_set", world.bob.pk, world.alice.pk, None, "10.0.0.7"),
    ]


def test_a_page_that_shows_nobody_else_writes_nothing(world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert audit.page_viewed(_request_by(world.alice), audit.Shown("learning_set", [world.alice.pk])) == 0  # type: ignore[arg-type]


def test_every_kind_a_page_records_reads_as_a_phrase_on_the_seen_page() -> None:
    kinds = {
        "sponsored_people", "sponsor_role", "organisation_change", "session_replies", "register", "table_plan",
        "attendance_by_person", "attendance_at_risk", "learning_sets", "learning_set", "keep_apart", "placement",
        "network_roster", "network_contacts", "network_map", "challenge_teams", "challenge_team",
        "issue_moderation", "applications", "application", "sponsor_request", "nomination", "comment_hidden",
    }
    assert kinds <= set(audit.WHAT)
    assert all(phrase[0].islower() and "_" not in phrase for phrase in audit.WHAT.values())


def test_a_view_through_an_emailed_link_is_said_so(world: World) -> None:
    audit.record(action=AuditAction.VIEWED, what="sponsor_request", subject_id=world.alice.pk)
    page = _client(world.alice).get(reverse("programmes:seen"))
    assert [(r.who, r.what) for r in page.context["rows"]] == [
        ("Someone with an emailed link", "your application, from the link sent to your sponsor")
    ]


def test_a_features_history_reads_only_its_own_kinds(world: World) -> None:
    for what in ("comment_hidden", "person", "state_changed"):
        audit.record(action=AuditAction.CHANGED, what=what, actor_id=world.lena.pk, programme_id=world.programme.pk)
    kinds = audit.for_programme(world.programme.pk, what=["comment_hidden", "state_changed"])
    assert sorted(e.what for e in kinds) == ["comment_hidden", "state_changed"]
    assert audit.for_programme(world.programme.pk).count() == 3
