"""Staff are signed out after 30 minutes without a request; participants are not."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from tests.conftest import World


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_a_lead_idle_for_more_than_thirty_minutes_signs_in_again(world: World) -> None:
    url = reverse("programmes:overview", args=[world.programme.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lena = _client(world.lena)
        assert lena.get(url).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert lena.get(url).status_code == 200  # active again: the clock starts over
    with time_machine.travel(start + dt.timedelta(minutes=29 + 31), tick=False):
        response = lena.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next=%2Fprogrammes%2F{world.programme.pk}%2F"
        assert "_auth_user_id" not in lena.session
        page = lena.get(response["Location"])
        assert "signed out after 30 minutes without activity" in page.text


def test_an_htmx_request_is_sent_to_sign_in_whole(world: World) -> None:
    url = reverse("programmes:overview", args=[world.programme.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fred = _client(world.fred)
        fred.get(url)
    with time_machine.travel(start + dt.timedelta(minutes=45), tick=False):
        response = fred.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 204 and response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_a_participant_keeps_the_ordinary_session(world: World) -> None:
    url = reverse("programmes:overview", args=[world.programme.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        alice = _client(world.alice)
        alice.get(url)
    with time_machine.travel(start + dt.timedelta(hours=2), tick=False):
        assert alice.get(url).status_code == 200


def test_without_the_activity_cookie_the_clock_counts_from_sign_in(world: World) -> None:
    url = reverse("programmes:overview", args=[world.programme.pk])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        lena = _client(world.lena)
        lena.get(url)
    with time_machine.travel(start + dt.timedelta(minutes=20), tick=False):
        lena.get(url)
        del lena.cookies["cg_seen"]  # removing it does not keep the session alive
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert lena.get(url).status_code == 302
