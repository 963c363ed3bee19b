"""Funders see the relationship map as counts between sectors: never a person, a name or an id.

Alice agreed to be named on maps, which lets staff see her name; it never reaches a funder."""

import itertools
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.network.models import RosterConsent
from commonground.programmes.models import Membership, Organisation, Role
from tests.conftest import World
from tests.network.test_survey import _tie, join_east


@pytest.fixture
def busy_east(world: World) -> list[Person]:
    """Eight more listed East participants (half from the charity) and one who is not listed."""
    charity = Organisation.objects.get(name="Community Action")
    people = [join_east(world, f"Person{i} Listed", listed=True, organisation=charity if i % 2 else None) for i in range(8)]
    join_east(world, "Zed Unlisted", listed=False)
    return people


def _map(client: Client, world: World) -> str:
    response = client.get(reverse("network:map", args=[world.programme.pk, world.east_start.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_funder_sees_no_participant_name_or_id_on_the_map(client: Client, world: World, busy_east: list[Person]) -> None:
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    for a, b in itertools.pairwise([world.alice, world.bob, *busy_east]):
        _tie(world.east_start, a, b)
    client.force_login(world.fiona)
    page = _map(client, world)

    participants = Person.objects.filter(
        memberships__programme=world.programme, memberships__role=Role.PARTICIPANT
    ).distinct()
    assert participants.count() == 12
    for person in participants:
        assert person.full_name not in page
        assert person.email not in page
        assert not re.search(rf"\bp{person.pk}\b", page)
        assert reverse("programmes:person-detail", args=[world.programme.pk, person.pk]) not in page
    data = json.loads(re.search(r'<script id="network-map-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert data["aggregate"] is True
    assert all(node["id"].startswith("sector-") for node in data["nodes"])
    assert {node["id"] for node in data["nodes"]} == {"sector-nhs_acute", "sector-adult_social_care", "sector-voluntary_community"}
    assert all(set(node) == {"id", "sector", "label"} for node in data["nodes"])


def test_staff_still_see_people_who_agreed_to_be_named(client: Client, world: World, busy_east: list[Person]) -> None:
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    _tie(world.east_start, world.alice, world.bob)
    client.force_login(world.lena)
    page = _map(client, world)
    assert "Alice Acute" in page and "Bob Council" not in page


def test_a_funder_who_also_sponsors_sees_counts_only(client: Client, world: World, busy_east: list[Person]) -> None:
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    _tie(world.east_start, world.alice, world.bob)
    Membership.objects.create(person=world.sam, programme=world.programme, role=Role.FUNDER)
    client.force_login(world.sam)
    page = _map(client, world)
    assert "Alice Acute" not in page
