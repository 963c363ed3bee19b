"""The demo's second system: Thornvale, with its own places, organisations and people, and a programme
started from the shipped template; and the demo programme saved as a template."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from commonground.blueprints import services, shipped
from commonground.blueprints.models import Intake
from commonground.demo.programme import DEMO_PROGRAMME_TITLE, DEMO_SYSTEM_NAME
from commonground.demo.second_system import LEAD_SIGN_IN, SYSTEM_NAME
from commonground.programmes.models import (
    Affiliation,
    Membership,
    Organisation,
    Place,
    Programme,
    Role,
    System,
)
from commonground.schedule.models import Invitation, Session
from tests.seeded import demo_for_module

shared_demo = demo_for_module(participants=40, seed=7)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def test_thornvale_has_places_organisations_and_people_of_its_own() -> None:
    thornvale, surrey = System.objects.get(name=SYSTEM_NAME), System.objects.get(name=DEMO_SYSTEM_NAME)
    assert Place.objects.filter(system=thornvale).count() == 3
    assert not set(Organisation.objects.filter(system=thornvale).values_list("name", flat=True)) & set(
        Organisation.objects.filter(system=surrey).values_list("name", flat=True)
    )
    theirs = set(Membership.objects.filter(programme__system=thornvale).values_list("person_id", flat=True))
    ours = set(Membership.objects.filter(programme__system=surrey).values_list("person_id", flat=True))
    assert theirs and not theirs & ours
    assert set(Affiliation.objects.filter(person_id__in=theirs).values_list("system_id", flat=True)) == {thornvale.pk}


def test_its_programme_came_from_the_shipped_template_and_people_are_invited_without_mail() -> None:
    programme = Programme.objects.get(system__name=SYSTEM_NAME)
    assert Intake.objects.get(programme=programme).template.key == shipped.KEY
    cohorts = programme.cohorts.order_by("starts_on")
    assert [c.place.name for c in cohorts] == ["Collingford", "Ridgeway Vale", "Thornvale Market"]  # type: ignore[union-attr]
    assert Session.objects.filter(programme=programme).count() == 3 * 12 + 1
    alice = Membership.objects.participants().filter(programme=programme).first()
    assert alice is not None and Invitation.objects.filter(session__programme=programme, person=alice.person).exists()


def test_its_lead_signs_in_and_sees_only_thornvale() -> None:
    lead = authenticate(None, username=LEAD_SIGN_IN, password="demo")
    assert lead is not None
    programme = Programme.objects.get(system__name=SYSTEM_NAME)
    assert set(Membership.objects.filter(person=lead).values_list("programme_id", "role")) == {(programme.pk, Role.LEAD)}
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("blueprints:templates", args=[programme.system_id])).content.decode()
    assert shipped.NAME in page and "Surrey" not in page
    first = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    assert client.get(reverse("programmes:overview", args=[first.pk])).status_code == 404


def test_the_demo_programme_can_be_saved_as_a_template_and_its_next_intake_started() -> None:
    first = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    lead = Membership.objects.get(programme=first, role=Role.LEAD, person__email="lead@demo.example").person
    template = services.save_as_template(first, name="Surrey Heartlands 500", by=lead)
    starts_on = first.starts_on + dt.timedelta(weeks=52)
    choices = services.default_choices(template, first.system)
    second = services.start_programme(template, system=first.system, title="Surrey Heartlands 500, second intake",
                                      starts_on=starts_on, by=lead, places=choices)
    assert second.cohorts.count() == first.cohorts.count()
    assert Session.objects.filter(programme=second).count() == Session.objects.filter(
        programme=first, status="scheduled").count()
