"""A system's administrator answers for people whose data spans the system's programmes; a lead
only for people of their programme alone."""

from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent, Person
from tests.conftest import World
from tests.identity import objects


def _find(client: Client, w: World, email: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("privacy:system-people", args=[w.programme.system_id]), {"email": email})


def test_a_lead_cannot_erase_someone_in_two_programmes_but_the_system_admin_can(world: World) -> None:
    objects.bob_in_a_second_programme(world)
    lead = Client()
    lead.force_login(world.lena)
    assert lead.get(reverse("privacy:person-erase", args=[world.programme.pk, world.bob.pk])).status_code == 404
    objects.lena_administers(world)
    found = _find(lead, world, "BOB@example.org")
    assert found.status_code == 200 and "Bob Council" in found.text
    assert "Heartlands Second Intake" in found.text
    download = lead.post(reverse("privacy:system-person-data", args=[world.programme.system_id, world.bob.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/zip"
    url = reverse("privacy:system-person-erase", args=[world.programme.system_id, world.bob.pk])
    refused = lead.post(url, {"confirm": "bob@example.com"})
    assert refused.status_code == 400 and Person.objects.filter(pk=world.bob.pk).exists()
    done = lead.post(url, {"confirm": "bob@example.org"})
    assert done.status_code == 302
    assert not Person.objects.filter(email="bob@example.org").exists()
    assert AuditEvent.objects.filter(action=AuditAction.ERASED, subject_id=world.bob.pk, actor_id=world.lena.pk).exists()


def test_someone_of_another_system_is_not_found_and_someone_in_two_systems_is_for_the_operators(world: World) -> None:
    objects.lena_administers(world)
    client = Client()
    client.force_login(world.lena)
    assert "Nobody with that address" in _find(client, world, "oscar@example.org").text
    from commonground.programmes.models import Membership, Role

    Membership.objects.create(person=world.oscar, programme=world.programme, role=Role.FUNDER)
    answer = _find(client, world, "oscar@example.org")
    assert answer.status_code == 400 and "another system" in answer.text
    assert _find(client, world, "not an address\n").status_code == 400
