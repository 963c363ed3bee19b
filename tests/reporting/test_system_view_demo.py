"""The system view is alive in the demo: the demo lead reaches it from their menu and finds both of
the system's programmes, its four places, and the summit open to the whole system on a place's page;
the site administrator finds the former pilot's export and deletion on the offboarding page."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.offboarded import PILOT, SITE_ADMIN
from commonground.demo.programme import DEMO_PROGRAMME_TITLE, DEMO_SYSTEM_NAME
from commonground.programmes.models import Programme, System
from tests.seeded import demo_for_module

pytestmark = pytest.mark.django_db

shared_demo = demo_for_module(participants=80, seed=7)


def signed_in(email: str) -> Client:
    client = Client()
    client.force_login(Person.objects.get(email=email))
    return client


def test_the_demo_lead_reaches_the_system_view_from_the_menu(shared_demo: None) -> None:
    system = System.objects.get(name=DEMO_SYSTEM_NAME)
    client = signed_in("lead@demo.example")
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    home = client.get(reverse("homes:home", args=[programme.pk])).text
    url = reverse("reporting:system", args=[system.pk])
    assert f'href="{url}">System view<' in home
    page = client.get(url)
    assert page.status_code == 200
    titles = list(Programme.objects.filter(system=system).exclude(status="draft").values_list("title", flat=True))
    assert len(titles) >= 2 and all(title in page.text for title in titles)
    for place in system.places.all():
        assert reverse("reporting:system-place", args=[system.pk, place.pk]) in page.text
    place = system.places.order_by("name").first()
    assert place is not None
    place_page = client.get(reverse("reporting:system-place", args=[system.pk, place.pk])).text
    assert "System leadership summit" in place_page and f"{place.name} cohort" in place_page


def test_the_demo_site_administrator_sees_the_pilot_that_left(shared_demo: None) -> None:
    page = signed_in(SITE_ADMIN).get(reverse("offboarding:records")).text
    assert page.count(PILOT.system_name) == 2
    assert not System.objects.filter(name=PILOT.system_name).exists()
