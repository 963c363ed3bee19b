"""Programme pages read where people work in the programme's system.

Alice and Bob also work in another system (for "Elsewhere Trust", with its team and place): the
cohort page, a person's page, a participant's own profile card, the organisation directory and a
lead's list of requests must still show Surrey Acute (Ward 4, East Surrey) and County Council.
"""

from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.programmes.models import Organisation, OrganisationChange
from tests.conftest import World
from tests.factories import Elsewhere


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_cohort_page_shows_each_members_organisation_and_sector_here(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.alice, world.bob)
    page = _client(world.lena).get(reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk]))
    assert page.status_code == 200
    rows = {m.person.full_name: m.person.where for m in page.context["page"]}
    assert {name: w.organisation.name for name, w in rows.items()} == {
        "Alice Acute": "Surrey Acute",
        "Bob Council": "County Council",
    }
    assert "Surrey Acute" in page.text and "Adult social care" in page.text
    assert "Elsewhere" not in page.text and "Primary care" not in page.text


def test_a_persons_page_shows_their_organisation_team_and_place_here(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.alice)
    for viewer in (world.lena, world.alice):
        page = _client(viewer).get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
        assert page.status_code == 200
        for shown in ("Surrey Acute", "Ward 4", "East Surrey"):
            assert shown in page.text
        assert "Elsewhere" not in page.text


def test_a_participants_own_card_and_someone_without_work_here(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.alice, world.fred)
    alice = _client(world.alice).get(reverse("programmes:overview", args=[world.programme.pk]))
    assert "Surrey Acute" in alice.text and "Elsewhere" not in alice.text
    # Fred works only elsewhere: here his organisation is not recorded, not the other system's.
    assert world.fred.affiliations.get().organisation == elsewhere.organisation
    fred = _client(world.fred).get(reverse("programmes:overview", args=[world.programme.pk]))
    assert fred.context["you_work"].organisation is None


def test_the_organisation_directory_lists_organisations_of_this_system_only(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.alice, world.bob, world.carol)
    page = _client(world.lena).get(reverse("programmes:organisation-list", args=[world.programme.pk]))
    names = [row["organisation"].name for row in page.context["organisations"]]
    assert names == ["Community Action", "County Council", "Surrey Acute"]
    assert "Elsewhere" not in page.text


def test_a_leads_list_of_requests_says_where_the_person_works_now_here(world: World, elsewhere: Elsewhere) -> None:
    elsewhere.takes(world.bob)
    OrganisationChange.objects.create(
        person=world.bob, system=world.programme.system, organisation=Organisation.objects.get(name="Surrey Acute")
    )
    page = _client(world.lena).get(reverse("programmes:organisation-changes", args=[world.programme.pk]))
    assert page.status_code == 200
    (row,) = page.context["rows"]
    assert row["change"].person.where.organisation.name == "County Council"
    assert "County Council" in page.text and "Elsewhere" not in page.text
