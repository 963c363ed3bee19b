"""The pages: Lena saves Heartlands 500 as a template, starts the next intake from it in three
screens, and defers Alice to it from her page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from commonground.blueprints.models import Deferral, Intake, ProgrammeTemplate
from commonground.programmes.models import Membership, Programme
from commonground.recruitment import queries as recruitment
from tests.blueprints.objects import shaped
from tests.conftest import World

pytestmark = pytest.mark.django_db


def signed_in(w: World) -> Client:
    client = Client()
    client.force_login(w.lena)
    return client


def answers(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Heartlands 500, second intake", "starts_on_day": "7", "starts_on_month": "9", "starts_on_year": "2027",
        "run_0": "on", "place_0": "", "capacity_0": "100", "run_1": "on", "place_1": "", "capacity_1": "100",
    }
    data.update(overrides)
    return data


def test_lena_saves_her_programme_as_a_template(world: World) -> None:
    shaped(world)
    client = signed_in(world)
    response = client.post(reverse("blueprints:save", args=[world.programme.pk]), {"name": "Heartlands intake"})
    assert response.status_code == 302
    template = ProgrammeTemplate.objects.get(name="Heartlands intake")
    assert template.system == world.programme.system and template.saved_from == world.programme
    page = client.get(reverse("blueprints:templates", args=[world.programme.system_id])).content.decode()
    assert "Heartlands intake" in page and "Four places, 400 leaders, eight months" in page


def test_a_name_already_taken_is_refused_on_the_form(world: World) -> None:
    client = signed_in(world)
    url = reverse("blueprints:save", args=[world.programme.pk])
    client.post(url, {"name": "Heartlands intake"})
    response = client.post(url, {"name": "Heartlands intake"})
    assert response.status_code == 400
    assert "already has a template called Heartlands intake" in response.content.decode()


def test_the_next_intake_in_three_screens_review_then_create(world: World) -> None:
    shaped(world)
    client = signed_in(world)
    client.post(reverse("blueprints:save", args=[world.programme.pk]), {"name": "Heartlands intake"})
    template = ProgrammeTemplate.objects.get(name="Heartlands intake")
    url = reverse("blueprints:start", args=[world.programme.system_id, template.pk])
    form = client.get(url).content.decode()
    assert 'value="100"' in form and "East Surrey cohort" in form  # capacities and places pre-filled
    data = answers(place_0=str(world.east.place.pk), place_1=str(world.west.place.pk))  # type: ignore[union-attr]
    review = client.post(url, {**data, "action": "review"})
    text = review.content.decode()
    assert review.status_code == 200 and "Check Heartlands 500, second intake" in text
    assert "Tue 7 Sep 2027, 09:30" in text  # the launch, moved to the new first day
    assert not Programme.objects.filter(title="Heartlands 500, second intake").exists()
    created = client.post(url, {**data, "action": "create"})
    programme = Programme.objects.get(title="Heartlands 500, second intake")
    assert created["Location"] == reverse("blueprints:started", args=[programme.pk])
    assert recruitment.applications_open(programme) and Intake.objects.get(programme=programme).template == template
    assert "is open for applications" in client.get(created["Location"]).content.decode()


def test_a_bad_date_or_capacity_is_named_and_nothing_is_created(world: World) -> None:
    client = signed_in(world)
    template = ProgrammeTemplate.objects.get(key="four-place-400")
    url = reverse("blueprints:start", args=[world.programme.system_id, template.pk])
    response = client.post(url, {**answers(starts_on_day="31", starts_on_month="2", capacity_0="0"), "action": "create"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Date must be a real date." in text and "Ensure this value is greater than or equal to 1." in text
    assert Programme.objects.count() == 2


def test_lena_defers_alice_from_her_page(world: World) -> None:
    client = signed_in(world)
    person_page = client.get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    defer_url = reverse("blueprints:defer", args=[world.programme.pk, world.alice.pk])
    assert defer_url in person_page.content.decode()
    assert "There is no next intake of Heartlands 500 yet" in client.get(defer_url).content.decode()
    assert client.post(defer_url, {"reason": ""}).status_code == 400
    shaped(world)
    client.post(reverse("blueprints:save", args=[world.programme.pk]), {"name": "Heartlands intake"})
    template = ProgrammeTemplate.objects.get(name="Heartlands intake")
    client.post(reverse("blueprints:start", args=[world.programme.system_id, template.pk]),
                {**answers(place_0=str(world.east.place.pk), place_1=str(world.west.place.pk)), "action": "create"})  # type: ignore[union-attr]
    assert "takes a place in Heartlands 500, second intake" in client.get(defer_url).content.decode()
    response = client.post(defer_url, {"reason": "Back after leave"})
    assert response.status_code == 302
    deferral = Deferral.objects.get()
    assert deferral.to_programme.title == "Heartlands 500, second intake" and deferral.reason == "Back after leave"
    assert Membership.objects.filter(programme=deferral.to_programme, person=world.alice).exists()
    assert dt.date(2027, 9, 7) == deferral.to_programme.starts_on
