"""The demo's sponsor grant and the change of organisation waiting for the demo lead."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import (
    ChangeStatus,
    Membership,
    OrganisationChange,
    Programme,
    Role,
)
from tests.factories import where_of
from tests.seeded import demo_for_module

pytestmark = pytest.mark.django_db


shared_demo = demo_for_module(participants=80, seed=7)


@pytest.fixture
def demo(shared_demo: None) -> Programme:
    return Programme.objects.get(title=DEMO_PROGRAMME_TITLE)


def test_the_demo_sponsor_holds_a_grant_for_their_organisation(demo: Programme) -> None:
    sponsor = Person.objects.get(email="sponsor@demo.example")
    grant = Membership.objects.get(person=sponsor, programme=demo, role=Role.SPONSOR)
    assert grant.organisation_id is not None and grant.organisation_id == where_of(sponsor, demo).organisation_id
    assert not Membership.objects.filter(role=Role.SPONSOR, organisation__isnull=True).exists()


def test_the_demo_lead_has_one_change_of_organisation_to_decide(demo: Programme) -> None:
    [change] = OrganisationChange.objects.filter(status=ChangeStatus.PENDING)
    assert change.organisation_id != where_of(change.person, demo).organisation_id
    assert change.team is not None and change.team.organisation_id == change.organisation_id
    client = Client()
    client.force_login(Person.objects.get(email="lead@demo.example"))
    page = client.get(reverse("programmes:organisation-changes", args=[demo.pk]))
    assert change.person.full_name in page.text and "1 request waiting" in page.text
    response = client.post(
        reverse("programmes:organisation-change-decide", args=[demo.pk, change.pk]), {"action": "confirm"}
    )
    assert response.status_code == 302
    assert where_of(change.person, demo).organisation_id == change.organisation_id
