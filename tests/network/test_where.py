"""Relationship pages and figures read where people work in the programme's system.

Alice and Bob also work in another system (for "Elsewhere Trust", a primary care organisation, at
"Elsewhere Place"): every roster line, filter, "my network" figure, map and E-I index must still use their organisation in the programme's
system (Surrey Acute and County Council, East Surrey).
"""

import random
from collections import Counter

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.network import figures, queries
from commonground.network.demo import seed_network_demo
from commonground.network.models import SurveyRound, TieReport
from commonground.programmes.models import Organisation, Place, Role, Sector
from tests import factories
from tests.conftest import World
from tests.factories import Elsewhere
from tests.network.test_survey import _tie, _west_colleagues, join_east, roster_url


def _shown(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["person"].full_name for row in response.context["rows"] if row["shown"]]


def test_the_roster_shows_and_filters_by_where_people_work_in_the_programmes_system(
    client: Client, world: World, elsewhere: Elsewhere
) -> None:
    elsewhere.takes(world.alice, world.bob)
    client.force_login(world.alice)

    page = client.get(roster_url(world))
    assert '<span class="cg-roster__where">County Council</span>' in page.text  # a cohort's round is one place
    assert "Elsewhere" not in page.text
    assert _shown(client.get(roster_url(world), {"q": "council"})) == ["Bob Council"]
    assert _shown(client.get(roster_url(world), {"q": "elsewhere"})) == []

    # A round of the whole programme says where in the system each colleague works, and finds them by it.
    everyone = SurveyRound.objects.create(programme=world.programme, cohort=None, kind=world.east_start.kind,
                                          opens_at=world.east_start.opens_at, closes_at=world.east_start.closes_at)
    page = client.get(roster_url(world, everyone))
    assert '<span class="cg-roster__where">County Council, East Surrey</span>' in page.text
    assert "Elsewhere" not in page.text
    assert _shown(client.get(roster_url(world, everyone), {"q": "east surrey"})) == ["Bob Council"]
    assert _shown(client.get(roster_url(world, everyone), {"q": "elsewhere place"})) == []


def test_my_network_names_and_colours_colleagues_by_the_programmes_system(
    client: Client, world: World, elsewhere: Elsewhere
) -> None:
    _tie(world.east_start, world.alice, world.bob)
    elsewhere.takes(world.alice, world.bob)
    client.force_login(world.alice)
    response = client.get(reverse("network:mine", args=[world.programme.pk]))
    assert "County Council" in response.text
    assert "Elsewhere Trust" not in response.text
    assert response.context["network"].organisations == (1, 1, 0)
    assert response.context["sectors"] == [(Sector.ADULT_SOCIAL_CARE, "Adult social care")]
    assert "<title>Bob Council, Adult social care: You know</title>" in str(response.context["picture"])


def test_a_round_network_codes_people_by_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.alice, world.bob)
    rn = queries.round_network(world.east_start)
    assert [p.full_name for p in rn.people] == ["Alice Acute", "Bob Council"]
    assert rn.organisation.tolist() == [
        Organisation.objects.get(name="Surrey Acute").pk,
        Organisation.objects.get(name="County Council").pk,
    ]
    assert rn.place.tolist() == [Place.objects.get(name="East Surrey").pk] * 2
    assert [figures.SECTOR_CODES[i] for i in rn.sector] == [Sector.NHS_ACUTE, Sector.ADULT_SOCIAL_CARE]


@pytest.fixture
def charity_five(world: World) -> list[Person]:
    """Five listed East participants from the charity, each tied to Alice: six ties, all across
    organisations in the programme's system (and all inside Elsewhere Trust, were it read)."""
    charity = Organisation.objects.get(name="Community Action")
    people = [join_east(world, f"Charity{i} Listed", listed=True, organisation=charity) for i in range(5)]
    _west_colleagues(world)
    _tie(world.east_start, world.bob, world.alice)
    for person in people:
        _tie(world.east_start, person, world.alice)
    return people


def test_the_map_and_figures_group_people_by_the_programmes_system(
    world: World, elsewhere: Elsewhere, charity_five: list[Person]
) -> None:
    elsewhere.takes(world.alice, world.bob, *charity_five)
    elements = queries.map_elements(world.east_start)
    assert Counter(node["sector"] for node in elements["nodes"]) == {Sector.VOLUNTARY_COMMUNITY: 5, "other": 2}

    published = figures.publish(world.programme)
    east = next(r for r in published.rounds if r.round_id == world.east_start.pk)
    assert east.ties == 6
    assert east.ei_organisation == 1.0  # every tie crosses organisations in the programme's system
    assert {code for code, _ in published.maps[world.east_start.pk].people} == {
        Sector.NHS_ACUTE, Sector.ADULT_SOCIAL_CARE, Sector.VOLUNTARY_COMMUNITY,
    }
    assert {row.label for row in published.by_place} == {"East Surrey", "Not recorded"}
    assert {row.label for row in published.by_sector} == {"NHS acute", "Adult social care", "Voluntary and community"}


def test_the_demo_finds_colleagues_by_the_programmes_system(world: World, elsewhere: Elsewhere) -> None:
    """Twelve people, each alone in their organisation in the programme's system (all at Elsewhere
    Trust in the other): the demo's start round has no colleague from the same organisation to
    bring, so each answer names at most the one person from elsewhere in the cohort."""
    made = []
    for i in range(12):
        org = factories.OrganisationFactory(system=world.programme.system, name=f"Demo Org {i}")
        person = factories.PersonFactory(full_name=f"Demo {i}", organisation=org)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        made.append(person)
    elsewhere.takes(*made)
    people = list(Person.objects.filter(pk__in=[p.pk for p in made]).order_by("pk"))
    seed_network_demo(programme=world.programme, participants=[(p, world.east) for p in people], rng=random.Random(3))
    start = SurveyRound.objects.exclude(pk=world.east_start.pk).get(cohort=world.east, kind="start")
    per_reporter = Counter(TieReport.objects.filter(round=start).values_list("reporter_id", flat=True))
    assert per_reporter, "somebody answered the start round"
    assert max(per_reporter.values()) == 1
