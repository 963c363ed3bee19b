"""In the demo every sign-in's home has something real on it, each item one link from where it is done."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import Programme
from tests.seeded import demo_for_module

pytestmark = pytest.mark.django_db

shared_demo = demo_for_module(participants=80, seed=7)


def _home(email: str) -> str:
    client = Client()
    client.force_login(Person.objects.get(email=email))
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("homes:home", args=[programme.pk]), 302)]
    return response.text


def test_the_demo_participant_has_a_session_to_reply_to_their_groups_and_goals(shared_demo: None) -> None:
    page = _home("participant@demo.example")
    assert "Send my reply" in page
    assert "your learning set in" in page and "your challenge team" in page
    assert "No goals due" not in page


def test_the_demo_lead_has_applications_waiting_and_offers_about_to_lapse(shared_demo: None) -> None:
    page = _home("lead@demo.example")
    waiting = {words for _, words in re.findall(r'cg-figure">(\d+)</p>\s*<h3[^>]*><a[^>]*>([^<]+)</a>', page)}
    assert {"Applications waiting for review", "Offers lapsing within a week"} <= waiting


def test_the_demo_facilitator_has_sessions_with_registers(shared_demo: None) -> None:
    assert "Register<span" in _home("facilitator@demo.example")


def test_the_demo_sponsor_has_two_applications_waiting_for_their_support(shared_demo: None) -> None:
    page = _home("sponsor@demo.example")
    assert page.count("'s application</a>") == 2


def test_the_demo_funder_has_a_signed_off_report(shared_demo: None) -> None:
    page = _home("funder@demo.example")
    assert "No report has been signed off for you yet." not in page
    assert "Signed off on" in page
