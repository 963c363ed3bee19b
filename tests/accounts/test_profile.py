from django.test import Client
from django.urls import reverse

from commonground.programmes.models import Organisation, Team
from tests.conftest import World
from tests.factories import where_of

PROFILE = reverse("programmes:profile")


def form_data(world: World, **changes: object) -> dict[str, object]:
    """The profile as the page sends it; where Alice works is one fieldset for the programme's system."""
    alice = world.alice
    work = where_of(alice, world.programme)
    data: dict[str, object] = {
        "full_name": alice.full_name,
        "job_title": "Ward sister",
        "profession": alice.profession,
        "seniority": alice.seniority,
        "organisation": work.organisation_id,
        "team": work.team_id,
        "place": work.place_id,
        "accessibility_needs": alice.accessibility_needs,
    }
    data.update(changes)
    prefix = f"where-{world.programme.system_id}-"
    return {
        (prefix + k if k in {"organisation", "team", "place"} else k): v
        for k, v in data.items()
        if v is not None
    }


def test_a_person_updates_their_own_profile(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(PROFILE, form_data(world))
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.job_title == "Ward sister"


def test_a_team_from_another_organisation_is_refused_and_nothing_changes(client: Client, world: World) -> None:
    client.force_login(world.alice)
    council = Organisation.objects.get(name="County Council")
    response = client.post(PROFILE, form_data(world, organisation=council.pk, job_title="Changed"))
    assert response.status_code == 400
    assert "Choose a team that belongs to the organisation you chose" in response.text
    world.alice.refresh_from_db()
    assert where_of(world.alice, world.programme).organisation.name == "Surrey Acute"
    assert world.alice.job_title == ""


def test_an_empty_name_is_refused(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(PROFILE, form_data(world, full_name=""))
    assert response.status_code == 400
    assert "Full name" in response.text
    world.alice.refresh_from_db()
    assert world.alice.full_name == "Alice Acute"


def test_an_organisation_from_another_system_cannot_be_chosen(client: Client, world: World) -> None:
    elsewhere = Organisation.objects.create(system=world.other_programme.system, name="Elsewhere Trust", sector="nhs_acute")
    client.force_login(world.alice)
    response = client.post(PROFILE, form_data(world, organisation=elsewhere.pk, team=None))
    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    world.alice.refresh_from_db()
    assert where_of(world.alice, world.programme).organisation.name == "Surrey Acute"


def test_a_forged_team_id_is_refused(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(PROFILE, form_data(world, team=Team.objects.order_by("-pk").first().pk + 100))
    assert response.status_code == 400
    world.alice.refresh_from_db()
    assert where_of(world.alice, world.programme).team.name == "Ward 4"
