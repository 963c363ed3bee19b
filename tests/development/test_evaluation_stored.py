"""The evaluation page, its rounds page and its downloads read the evaluation from the figure store."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.development import figures
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_page_and_its_downloads_read_the_stored_evaluation(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = world.programme
    client.force_login(world.lena)
    page = client.get(reverse("development:evaluation", args=[programme.pk]))
    assert "Figures computed at" in page.text
    assert page.context["evaluation"] == figures.stored(programme).value

    def not_on_a_request(*args: object, **kwargs: object) -> None:
        raise AssertionError("the evaluation was computed on a page load")

    monkeypatch.setattr(figures, "evaluation", not_on_a_request)
    for url in (
        reverse("development:evaluation", args=[programme.pk]),
        reverse("development:evaluation-export", args=[programme.pk, "csv"]),
        reverse("development:evaluation-export", args=[programme.pk, "xlsx"]),
        reverse("development:rounds", args=[programme.pk]),
    ):
        assert client.get(url).status_code == 200, url
