"""Programme pages about named people are in the audit trail: a sponsor's list of their people, the
lead's list of sponsors and of requests to change organisation, and a person's page (one insert
for the profile and the access needs)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.programmes.models import Organisation, OrganisationChange
from tests.accounts.seen import seen, signed_in, viewed
from tests.conftest import World


def test_a_sponsor_seeing_their_people_is_recorded(world: World) -> None:
    page = signed_in(world.sam).get(reverse("programmes:overview", args=[world.programme.pk]))
    assert "Alice Acute" in page.text
    assert seen(world.alice) == [viewed(world.sam, "sponsored_people")]
    assert seen(world.bob) == []  # another organisation's


def test_the_leads_list_of_sponsors_is_recorded(world: World) -> None:
    signed_in(world.lena).get(reverse("programmes:sponsors", args=[world.programme.pk]))
    assert seen(world.sam) == [viewed(world.lena, "sponsor_role")]


def test_the_leads_list_of_requests_to_change_organisation_is_recorded(world: World) -> None:
    OrganisationChange.objects.create(
        person=world.bob, system=world.programme.system, organisation=Organisation.objects.get(name="Surrey Acute")
    )
    page = signed_in(world.lena).get(reverse("programmes:organisation-changes", args=[world.programme.pk]))
    assert "Bob Council" in page.text
    assert seen(world.bob) == [viewed(world.lena, "organisation_change")]


def test_a_persons_page_is_one_insert_for_the_profile_and_the_access_needs(world: World) -> None:
    lena = signed_in(world.lena)
    with CaptureQueriesContext(connection) as queries:
        lena.get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    assert len([q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]) == 1
    assert sorted(seen(world.alice)) == sorted([viewed(world.lena, "access_needs"), viewed(world.lena, "person")])
