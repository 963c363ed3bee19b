"""Sponsors see the organisation a lead granted them, whatever their own profile says."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.programmes.models import (
    Affiliation,
    ChangeStatus,
    Membership,
    Organisation,
    OrganisationChange,
    Role,
)
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.programmes import objects
from tests.scratch_db import migrate, scratch_database


def visible_names(client: Client, world: World) -> list[str]:
    response = client.get(reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk]))
    assert response.status_code == 200
    return [m.person.full_name for m in response.context["page"]]


def bobs_page(client: Client, world: World) -> int:
    return client.get(reverse("programmes:person-detail", args=[world.programme.pk, world.bob.pk])).status_code


def test_a_sponsor_who_changes_organisation_on_their_profile_sees_exactly_the_same_people(world: World) -> None:
    sam, lena = Client(), Client()
    sam.force_login(world.sam)
    lena.force_login(world.lena)
    acute, council = Organisation.objects.get(name="Surrey Acute"), Organisation.objects.get(name="County Council")
    assert visible_names(sam, world) == ["Alice Acute"]

    response = sam.post(
        reverse("programmes:profile"),
        {
            "full_name": "Sam Sponsor",
            f"where-{world.programme.system_id}-organisation": council.pk,
            "profession": "nurse",
            "seniority": "frontline",
        },
    )
    assert response.status_code == 302
    assert where_of(world.sam, world.programme).organisation == acute  # unchanged until a lead confirms
    assert visible_names(sam, world) == ["Alice Acute"]
    assert bobs_page(sam, world) == 404

    change = OrganisationChange.objects.get(person=world.sam, status=ChangeStatus.PENDING)
    page = lena.get(reverse("programmes:organisation-changes", args=[world.programme.pk]))
    assert "Sam Sponsor" in page.text and "Sponsor for Surrey Acute" in page.text
    lena.post(
        reverse("programmes:organisation-change-decide", args=[world.programme.pk, change.pk]), {"action": "confirm"}
    )
    assert where_of(world.sam, world.programme).organisation == council
    assert objects.sams_grant(world).organisation == acute  # the grant is the lead's, not the profile's
    assert visible_names(sam, world) == ["Alice Acute"]
    assert bobs_page(sam, world) == 404


def test_a_sponsor_whose_organisation_is_changed_by_an_administrator_still_sees_their_grant(world: World) -> None:
    factories.affiliate(world.sam, organisation=Organisation.objects.get(name="County Council"))
    client = Client()
    client.force_login(world.sam)
    assert visible_names(client, world) == ["Alice Acute"]
    assert "People from Surrey Acute" in client.get(reverse("programmes:overview", args=[world.programme.pk])).text


def test_a_lead_grants_a_sponsor_role_for_an_organisation_and_revokes_it(world: World) -> None:
    lena = Client()
    lena.force_login(world.lena)
    url = reverse("programmes:sponsors", args=[world.programme.pk])
    charity = Organisation.objects.get(name="Community Action")
    response = lena.post(url, {"email": "Nadia.New@example.org", "full_name": "Nadia New", "organisation": charity.pk})
    assert response.status_code == 302
    nadia = Person.objects.get(email="nadia.new@example.org")
    assert not nadia.has_usable_password()  # she signs in by emailed link
    grant = Membership.objects.get(person=nadia, programme=world.programme, role=Role.SPONSOR)
    assert grant.organisation == charity and not Affiliation.objects.filter(person=nadia).exists()
    assert "Nadia New" in lena.get(url).text

    client = Client()
    client.force_login(nadia)
    west = client.get(reverse("programmes:cohort-detail", args=[world.programme.pk, world.west.pk]))
    assert [m.person.full_name for m in west.context["page"]] == ["Carol Charity"]
    assert visible_names(client, world) == []

    response = lena.post(reverse("programmes:sponsor-revoke", args=[world.programme.pk, grant.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=grant.pk).exists()
    assert client.get(reverse("programmes:overview", args=[world.programme.pk])).status_code == 404


def test_granting_again_moves_the_sponsorship_to_the_new_organisation(world: World) -> None:
    lena = Client()
    lena.force_login(world.lena)
    council = Organisation.objects.get(name="County Council")
    lena.post(
        reverse("programmes:sponsors", args=[world.programme.pk]),
        {"email": "sam@example.org", "organisation": council.pk},
    )
    assert objects.sams_grant(world).organisation == council
    assert Membership.objects.filter(person=world.sam, role=Role.SPONSOR).count() == 1
    client = Client()
    client.force_login(world.sam)
    assert visible_names(client, world) == ["Bob Council"]


def test_a_new_sponsor_without_an_account_needs_a_name_and_nothing_is_saved(world: World) -> None:
    lena = Client()
    lena.force_login(world.lena)
    response = lena.post(
        reverse("programmes:sponsors", args=[world.programme.pk]),
        {"email": "nobody@example.org", "organisation": Organisation.objects.get(name="County Council").pk},
    )
    assert response.status_code == 400
    assert "Nobody has an account with nobody@example.org yet" in response.text
    assert not Person.objects.filter(email="nobody@example.org").exists()


def test_only_organisations_of_the_programmes_system_can_be_granted(world: World) -> None:
    elsewhere = factories.OrganisationFactory(system=world.other_programme.system, name="Elsewhere Trust")
    lena = Client()
    lena.force_login(world.lena)
    response = lena.post(
        reverse("programmes:sponsors", args=[world.programme.pk]),
        {"email": "sam@example.org", "organisation": elsewhere.pk},
    )
    assert response.status_code == 400 and "Select a valid choice" in response.text
    assert objects.sams_grant(world).organisation.name == "Surrey Acute"


@pytest.mark.parametrize("who", ["sam", "alice", "fred", "oscar"])
def test_only_a_lead_of_the_programme_grants_or_revokes(world: World, who: str) -> None:
    client = Client()
    client.force_login(getattr(world, who))
    grant = objects.sams_grant(world)
    council = Organisation.objects.get(name="County Council")
    granted = client.post(
        reverse("programmes:sponsors", args=[world.programme.pk]),
        {"email": "sam@example.org", "organisation": council.pk},
    )
    revoked = client.post(reverse("programmes:sponsor-revoke", args=[world.programme.pk, grant.pk]))
    assert granted.status_code == 404 and revoked.status_code == 404
    assert objects.sams_grant(world).organisation.name == "Surrey Acute"


def test_a_lead_cannot_revoke_a_grant_through_another_programme(world: World) -> None:
    client = Client()
    client.force_login(world.oscar)  # leads the other programme
    grant = objects.sams_grant(world)
    response = client.post(reverse("programmes:sponsor-revoke", args=[world.other_programme.pk, grant.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=grant.pk).exists()


def test_a_non_sponsor_membership_cannot_be_revoked_as_a_sponsor(world: World) -> None:
    lena = Client()
    lena.force_login(world.lena)
    alices = Membership.objects.get(person=world.alice, programme=world.programme)
    response = lena.post(reverse("programmes:sponsor-revoke", args=[world.programme.pk, alices.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=alices.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_sponsors_the_organisation_they_have_today() -> None:
    before = [("programmes", "0001_initial"), ("accounts", "0002_initial")]
    after = [("programmes", "0003_sponsor_membership_names_organisation")]
    with scratch_database() as scratch:
        old = migrate(scratch, before)
        system = old.get_model("programmes", "System").objects.create(name="Old System")
        org = old.get_model("programmes", "Organisation").objects.create(system=system, name="Old Trust", sector="nhs_acute")
        programme = old.get_model("programmes", "Programme").objects.create(
            system=system, title="Old", starts_on="2026-01-01", ends_on="2026-12-31"
        )
        people = old.get_model("accounts", "Person")
        with_org = people.objects.create(email="with@example.org", full_name="With", organisation=org)
        without = people.objects.create(email="without@example.org", full_name="Without")
        memberships = old.get_model("programmes", "Membership")
        for person in (with_org, without):
            memberships.objects.create(person=person, programme=programme, role="sponsor")
        memberships.objects.create(person=without, programme=programme, role="participant")

        new = migrate(scratch, after).get_model("programmes", "Membership")
        assert new.objects.get(person__email="with@example.org", role="sponsor").organisation.name == "Old Trust"
        # Without an organisation the old role let them see nobody; it cannot name one, so it goes.
        assert list(new.objects.filter(person__email="without@example.org").values_list("role", flat=True)) == [
            "participant"
        ]
