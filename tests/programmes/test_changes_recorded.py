"""Programme roles given, changed and taken away in the site administration are recorded for the
person whose role it is: who did it, from where, the field names only."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.programmes import cohorts
from commonground.programmes.models import Membership, Role
from tests import factories
from tests.conftest import World


@pytest.fixture
def admin_client(world: World) -> Client:
    world.lena.is_staff = world.lena.is_superuser = True
    world.lena.save()
    client = Client(REMOTE_ADDR="10.0.0.5")
    client.force_login(world.lena)
    return client


def _roles(person: Person) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(subject_id=person.pk)
        .order_by("pk")
        .values_list("action", "what", "actor_id", "object_id", "fields", "programme_id", "address")
    )


def _form(person: Person, programme_id: int, role: str, **extra: object) -> dict[str, object]:
    return {"person": person.pk, "programme": programme_id, "role": role, "cohort": "", "organisation": ""} | extra


def test_a_role_given_changed_and_taken_away_is_recorded(world: World, admin_client: Client) -> None:
    pid = world.programme.pk
    response = admin_client.post(reverse("admin:programmes_membership_add"), _form(world.oscar, pid, Role.FACILITATOR))
    assert response.status_code == 302
    membership = Membership.objects.get(person=world.oscar, programme=world.programme)
    by_lena = (world.lena.pk, membership.pk)
    assert _roles(world.oscar) == [
        (AuditAction.ROLE_GRANTED, "membership", *by_lena, ["role"], pid, "10.0.0.5")
    ]
    change = reverse("admin:programmes_membership_change", args=[membership.pk])
    assert admin_client.post(change, _form(world.oscar, pid, Role.FACILITATOR)).status_code == 302  # no change
    assert len(_roles(world.oscar)) == 1
    assert admin_client.post(change, _form(world.oscar, pid, Role.LEAD)).status_code == 302
    assert _roles(world.oscar)[1:] == [
        (AuditAction.ROLE_REVOKED, "membership", *by_lena, ["role"], pid, "10.0.0.5"),
        (AuditAction.ROLE_GRANTED, "membership", *by_lena, ["role"], pid, "10.0.0.5"),
    ]
    delete = reverse("admin:programmes_membership_delete", args=[membership.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert _roles(world.oscar)[3:] == [(AuditAction.ROLE_REVOKED, "membership", *by_lena, ["role"], pid, "10.0.0.5")]
    assert [(r.who, r.action, r.what) for r in audit.seen_by_others(world.oscar)] == [
        ("Lena Lead", action, "your role in a programme")
        for action in ("Role revoked", "Role granted", "Role revoked", "Role granted")
    ]


def test_a_participant_given_a_cohort_in_the_admin_has_both_recorded(world: World, admin_client: Client) -> None:
    admin_client.post(reverse("admin:programmes_membership_add"),
                      _form(world.oscar, world.programme.pk, Role.PARTICIPANT, cohort=world.east.pk))
    membership = Membership.objects.get(person=world.oscar, programme=world.programme)
    assert membership.cohort_id == world.east.pk
    assert sorted((action, what, fields) for action, what, _, _, fields, _, _ in _roles(world.oscar)) == [
        (AuditAction.CHANGED, "cohort", ["cohort"]),
        (AuditAction.ROLE_GRANTED, "membership", ["role"]),
    ]


def test_a_form_that_fails_validation_records_nothing(world: World, admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:programmes_membership_add"), _form(world.oscar, world.programme.pk, Role.SPONSOR))
    assert response.status_code == 200  # a sponsor needs an organisation
    assert not Membership.objects.filter(person=world.oscar, programme=world.programme).exists()
    assert _roles(world.oscar) == []


def test_several_memberships_deleted_at_once_are_one_insert(world: World, admin_client: Client) -> None:
    expected = sorted(Membership.objects.filter(person__in=[world.fred, world.fiona]).values_list("person_id", "pk"))
    chosen = [pk for _, pk in expected]
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(
            reverse("admin:programmes_membership_changelist"),
            {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
        )
    assert response.status_code == 302
    assert len([q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]) == 1
    assert not Membership.objects.filter(pk__in=chosen).exists()
    revoked = AuditEvent.objects.filter(action=AuditAction.ROLE_REVOKED, actor_id=world.lena.pk)
    assert sorted(revoked.values_list("subject_id", "object_id")) == expected


def test_joining_a_cohort_gives_the_participant_role_once(world: World) -> None:
    newcomer = factories.PersonFactory(full_name="Nell New", email="nell@example.org")
    membership = cohorts.join_cohort(person=newcomer, cohort=world.east, actor_id=world.lena.pk)
    cohorts.join_cohort(person=newcomer, cohort=world.east, actor_id=world.lena.pk)  # nothing new
    cohorts.join_cohort(person=newcomer, cohort=world.west, actor_id=world.lena.pk)
    assert [(action, what, fields) for action, what, _, _, fields, _, _ in _roles(newcomer)] == [
        (AuditAction.ROLE_GRANTED, "membership", ["cohort", "role"]),
        (AuditAction.CHANGED, "cohort", ["cohort"]),
    ]
    assert {obj for _, _, _, obj, _, _, _ in _roles(newcomer)} == {membership.pk}
