"""The funder role is granted in the site administration for a named funder of the programme's
system; without one the funder sees the aggregate pages, as ever."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent
from commonground.programmes.models import Membership, Role
from tests.conftest import World
from tests.programmes import ledger_objects as objects


@pytest.fixture
def admin_client(world: World) -> Client:
    world.lena.is_staff = world.lena.is_superuser = True
    world.lena.save()
    client = Client()
    client.force_login(world.lena)
    return client


def _form(world: World, role: str, funder: object = "") -> dict[str, object]:
    return {
        "person": world.oscar.pk, "programme": world.programme.pk, "role": role, "cohort": "", "organisation": "",
        "funder": funder,
    }


def test_the_funder_role_is_granted_for_a_named_funder_and_recorded(world: World, admin_client: Client) -> None:
    response = admin_client.post(reverse("admin:programmes_membership_add"), _form(world, Role.FUNDER, objects.trust(world).pk))
    assert response.status_code == 302
    membership = Membership.objects.get(person=world.oscar, programme=world.programme)
    assert membership.funder == objects.trust(world)
    granted = AuditEvent.objects.get(subject_id=world.oscar.pk, action=AuditAction.ROLE_GRANTED)
    assert sorted(granted.fields) == ["funder", "role"]


def test_another_role_cannot_name_a_funder_nor_a_funder_another_systems(world: World, admin_client: Client) -> None:
    add = reverse("admin:programmes_membership_add")
    refused = admin_client.post(add, _form(world, Role.FACILITATOR, objects.trust(world).pk))
    assert refused.status_code == 200 and "Only a funder&#x27;s role names a funder" in refused.text
    elsewhere = admin_client.post(add, _form(world, Role.FUNDER, objects.elsewhere_funder(world).pk))
    assert elsewhere.status_code == 200 and "does not fund programmes of this system" in elsewhere.text
    assert not Membership.objects.filter(person=world.oscar, programme=world.programme).exists()


def test_a_funder_granted_without_a_funder_still_gets_the_aggregate_pages(world: World) -> None:
    client = Client()
    client.force_login(world.fiona)
    assert client.get(reverse("programmes:overview", args=[world.programme.pk])).status_code == 200
    assert client.get(reverse("network:figures", args=[world.programme.pk])).status_code == 200
    assert client.get(reverse("programmes:cohort-list", args=[world.programme.pk])).status_code == 404
