"""Programme members ask to change organisation or team; a lead of their programme confirms or declines."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.programmes import affiliations as services
from commonground.programmes.models import ChangeStatus, Organisation, OrganisationChange, Team
from tests import factories
from tests.accounts.test_profile import PROFILE, form_data
from tests.conftest import World
from tests.factories import where_of


def decide(client: Client, world: World, change: OrganisationChange, action: str) -> int:
    url = reverse("programmes:organisation-change-decide", args=[world.programme.pk, change.pk])
    return client.post(url, {"action": action}).status_code


def test_a_member_who_changes_organisation_asks_a_lead_and_the_rest_of_the_profile_saves(
    client: Client, world: World
) -> None:
    council = Organisation.objects.get(name="County Council")
    client.force_login(world.alice)
    response = client.post(PROFILE, form_data(world, organisation=council.pk, team=None), follow=True)
    assert "A programme lead will confirm your change of organisation" in response.text
    world.alice.refresh_from_db()
    assert world.alice.job_title == "Ward sister"
    assert where_of(world.alice, world.programme).organisation.name == "Surrey Acute" and where_of(world.alice, world.programme).team.name == "Ward 4"
    change = OrganisationChange.objects.get(person=world.alice)
    assert change.status == ChangeStatus.PENDING and change.organisation == council and change.team is None
    page = client.get(PROFILE).text
    assert "you asked to move to County Council" in page and "your profile keeps Surrey Acute, Ward 4" in page


def test_a_change_of_team_alone_is_also_a_request(client: Client, world: World) -> None:
    theatres = factories.TeamFactory(organisation=Organisation.objects.get(name="Surrey Acute"), name="Theatres")
    client.force_login(world.alice)
    client.post(PROFILE, form_data(world, team=theatres.pk))
    world.alice.refresh_from_db()
    assert where_of(world.alice, world.programme).team.name == "Ward 4"
    assert OrganisationChange.objects.get(person=world.alice).team == theatres


def test_saving_the_profile_unchanged_asks_nothing(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(PROFILE, form_data(world))
    assert not OrganisationChange.objects.exists()


def test_a_newer_request_replaces_the_pending_one(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(PROFILE, form_data(world, organisation=Organisation.objects.get(name="County Council").pk, team=None))
    client.post(PROFILE, form_data(world, organisation=Organisation.objects.get(name="Community Action").pk, team=None))
    [change] = OrganisationChange.objects.all()
    assert change.organisation.name == "Community Action"


def test_the_person_withdraws_their_request(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(PROFILE, form_data(world, organisation=Organisation.objects.get(name="County Council").pk, team=None))
    client.post(PROFILE, {"action": "withdraw-change"})
    assert OrganisationChange.objects.get().status == ChangeStatus.WITHDRAWN
    assert "you asked to move" not in client.get(PROFILE).text


def test_someone_in_no_programme_changes_their_organisation_directly(client: Client, world: World) -> None:
    loner = factories.PersonFactory(
        full_name="Lee Loner", email="lee@example.org", organisation=Organisation.objects.get(name="County Council")
    )
    client.force_login(loner)
    council = Organisation.objects.get(name="County Council")
    ward = factories.TeamFactory(organisation=council, name="Adult social care")
    prefix = f"where-{council.system_id}-"
    response = client.post(
        PROFILE,
        {"full_name": "Lee Loner", "profession": "nurse", "seniority": "frontline",
         prefix + "organisation": council.pk, prefix + "team": ward.pk},
    )
    assert response.status_code == 302
    assert where_of(loner, council.system).team == ward
    response = client.post(
        PROFILE, {"full_name": "Lee Loner", "profession": "nurse", "seniority": "frontline", prefix + "organisation": ""}
    )
    assert response.status_code == 302
    assert where_of(loner, council.system).organisation is None
    assert not OrganisationChange.objects.exists()


def test_a_lead_confirms_and_the_organisation_and_team_change_together(world: World) -> None:
    acute = Organisation.objects.get(name="Surrey Acute")
    theatres = factories.TeamFactory(organisation=acute, name="Theatres")
    bob = world.bob
    change = OrganisationChange.objects.create(person=bob, system=acute.system, organisation=acute, team=theatres)
    lena = Client()
    lena.force_login(world.lena)
    assert "Bob Council" in lena.get(reverse("programmes:organisation-changes", args=[world.programme.pk])).text
    assert decide(lena, world, change, "confirm") == 302
    work = where_of(bob, world.programme)
    assert (work.organisation, work.team, work.place) == (acute, theatres, world.east.place)
    change.refresh_from_db()
    assert change.status == ChangeStatus.CONFIRMED and change.decided_by == world.lena and change.decided_at
    # Sam sponsors Surrey Acute: Bob is now one of his people.
    sam = Client()
    sam.force_login(world.sam)
    assert sam.get(reverse("programmes:person-detail", args=[world.programme.pk, bob.pk])).status_code == 200


def test_a_lead_declines_and_nothing_changes(client: Client, world: World) -> None:
    change = OrganisationChange.objects.create(person=world.bob, system=world.programme.system, organisation=Organisation.objects.get(name="Surrey Acute"))
    client.force_login(world.lena)
    assert decide(client, world, change, "decline") == 302
    world.bob.refresh_from_db()
    assert where_of(world.bob, world.programme).organisation.name == "County Council"
    assert OrganisationChange.objects.get().status == ChangeStatus.DECLINED
    client.force_login(world.bob)
    assert "A programme lead declined your request" in client.get(PROFILE).text


def test_a_request_is_decided_once(client: Client, world: World) -> None:
    change = OrganisationChange.objects.create(person=world.bob, system=world.programme.system, organisation=Organisation.objects.get(name="Surrey Acute"))
    services.decline_organisation_change(change_id=change.pk, by=world.lena)
    client.force_login(world.lena)
    assert decide(client, world, change, "confirm") == 404  # no longer waiting, so not on the lead's list
    world.bob.refresh_from_db()
    assert where_of(world.bob, world.programme).organisation.name == "County Council"
    with pytest.raises(ValidationError, match="already declined"):
        services.confirm_organisation_change(change_id=change.pk, by=world.lena)


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona", "oscar"])
def test_only_a_lead_of_the_persons_programme_decides(world: World, who: str) -> None:
    change = OrganisationChange.objects.create(person=world.bob, system=world.programme.system, organisation=Organisation.objects.get(name="Surrey Acute"))
    client = Client()
    client.force_login(getattr(world, who))
    assert decide(client, world, change, "confirm") == 404
    world.bob.refresh_from_db()
    assert where_of(world.bob, world.programme).organisation.name == "County Council"


def test_a_lead_does_not_see_requests_of_people_outside_their_programme(world: World) -> None:
    elsewhere = factories.OrganisationFactory(system=world.other_programme.system, name="Elsewhere Trust")
    change = OrganisationChange.objects.create(person=world.oscar, system=world.other_programme.system, organisation=elsewhere)
    lena = Client()
    lena.force_login(world.lena)
    assert "Oscar" not in lena.get(reverse("programmes:organisation-changes", args=[world.programme.pk])).text
    assert decide(lena, world, change, "confirm") == 404


def test_a_team_that_no_longer_belongs_to_the_organisation_is_refused(world: World) -> None:
    acute = Organisation.objects.get(name="Surrey Acute")
    team = Team.objects.get(name="Ward 4")
    change = OrganisationChange.objects.create(person=world.bob, system=world.programme.system, organisation=acute, team=team)
    Team.objects.filter(pk=team.pk).update(organisation=Organisation.objects.get(name="Community Action"))
    with pytest.raises(ValidationError, match="is not a team of"):
        services.confirm_organisation_change(change_id=change.pk, by=world.lena)
    world.bob.refresh_from_db()
    assert where_of(world.bob, world.programme).organisation.name == "County Council"
