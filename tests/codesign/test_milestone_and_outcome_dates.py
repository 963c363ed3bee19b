"""Milestones and outcomes take their dates in the three NHS.UK date boxes: a page shown again
with an error keeps what was typed, so sending it again saves the same dates."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from commonground.codesign.models import Milestone, Outcome
from tests.codesign import objects
from tests.conftest import World
from tests.forms import date_boxes, submitted


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.alice)
    return client


def test_a_milestones_date_survives_an_error_and_is_saved(world: World) -> None:
    team = objects.alice_team(world)
    client = _client(world)
    url = reverse("codesign:milestone-add", args=[world.programme.pk, team.pk])
    response = client.post(
        url, {"title": "", **date_boxes("due_on", dt.date(2027, 1, 31)), "owner": str(world.bob.pk)}
    )
    assert response.status_code == 400 and "Milestone: This field is required." in response.text
    data = submitted(response.text, containing="due_on_day")
    assert (data["due_on_day"], data["due_on_month"], data["due_on_year"]) == (
        ["31"],
        ["1"],
        ["2027"],
    )
    data["title"] = "Map the pathway"
    assert client.post(url, data).status_code == 302
    assert Milestone.objects.get().due_on == dt.date(2027, 1, 31)


def test_a_milestone_needs_a_whole_date(world: World) -> None:
    team = objects.alice_team(world)
    url = reverse("codesign:milestone-add", args=[world.programme.pk, team.pk])
    response = _client(world).post(
        url,
        {
            "title": "Map",
            "due_on_day": "31",
            "due_on_month": "1",
            "due_on_year": "",
            "owner": str(world.bob.pk),
        },
    )
    assert response.status_code == 400
    assert '<a href="#id_due_on_year">Due on: Date must include a year.</a>' in response.text
    assert not Milestone.objects.exists()


def test_an_outcomes_dates_survive_an_error_and_are_saved(world: World) -> None:
    objects.alice_team(world)
    client = _client(world)
    url = reverse("codesign:outcome-new", args=[world.programme.pk])
    response = client.post(
        url,
        {
            "issue": str(objects.adopted_issue(world).pk),
            "what_changed": "A discharge coordinator at weekends",
            "for_whom": "Older people leaving hospital",
            "measure": "Average days from medically fit to discharge",
            "unit": "days",
            "before_value": "6.5",
            **date_boxes("before_on", dt.date(2026, 1, 31)),
            "after_value": "4.1",
            **date_boxes("after_on", dt.date(2026, 10, 31)),
            "story": "",
        },
    )
    assert response.status_code == 400
    data = submitted(response.text, containing="before_on_day")
    data["story"] = "Ward staff and the council's team now meet daily."
    assert client.post(url, data).status_code == 302
    outcome = Outcome.objects.get()
    assert (outcome.before_on, outcome.after_on) == (dt.date(2026, 1, 31), dt.date(2026, 10, 31))
