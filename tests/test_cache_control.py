"""Every response to a signed-in person says `Cache-Control: private, no-store`.

Journal entries, answers, goals, My progress and My network must not be kept by a shared proxy
nor left in a browser's cache for the next person at the same computer.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from commonground.core.middleware import PrivateCacheMiddleware
from commonground.schedule.models import CalendarFeed
from tests.conftest import World
from tests.development import objects as dev
from tests.matrix import PERSONA, ROLES, Case
from tests.test_permissions import MATRIX

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def _directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(",") if part.strip()}


def _role(case: Case) -> str:
    """A signed-in role that may see the page, or whoever is told 404 or 405 when nobody may."""
    for wanted in (200, 302):
        for role in SIGNED_IN:
            if case.expected[role] == wanted:
                return role
    return "lead"


@pytest.mark.parametrize("case", MATRIX, ids=[f"{c.name}[{c.label}]" if c.label else c.name for c in MATRIX])
def test_every_page_of_the_matrix_is_private_and_never_stored_for_a_signed_in_person(
    case: Case, world: World
) -> None:
    role = _role(case)
    client = Client()
    client.force_login(getattr(world, PERSONA[role]))
    response = client.get(reverse(case.name, kwargs=case.kwargs(world)) + case.query)
    assert response.status_code == case.expected[role]
    assert {"private", "no-store"} <= _directives(response.get("Cache-Control", "")), response.get("Cache-Control")


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("development:journal", lambda w: {"programme_id": w.programme.pk}),
        ("development:journal-entry", lambda w: {"programme_id": w.programme.pk, "entry_id": dev.alice_journal_entry(w).pk}),
        ("development:response-detail", lambda w: {"programme_id": w.programme.pk, "response_id": dev.alice_resilience_response(w).pk}),
        ("development:goals", lambda w: {"programme_id": w.programme.pk}),
        ("development:progress", lambda w: {"programme_id": w.programme.pk}),
        ("network:mine", lambda w: {"programme_id": w.programme.pk}),
    ],
)
def test_alices_own_pages_say_exactly_private_no_store(name: str, kwargs, world: World) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.alice)
    response = client.get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_page_not_found_for_a_signed_in_person_is_private_too(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    response = client.get("/programmes/987654/development/journal/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "private, no-store"


def test_pages_for_people_not_signed_in_and_static_files_are_left_alone(world: World) -> None:
    assert "Cache-Control" not in Client().get(reverse("accounts:link-sent"))
    client = Client()
    client.force_login(world.alice)
    static = client.get("/static/js/main.js")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")


def test_the_calendar_feed_is_private_and_never_stored_though_no_one_signs_in(world: World) -> None:
    feed = CalendarFeed.objects.create(person=world.alice, token="a-secret-calendar-address")
    response = Client().get(reverse("schedule:feed", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response["Cache-Control"])


def _middleware_answer(header: str | None, *, signed_in: bool) -> str | None:
    def view(request: HttpRequest) -> HttpResponse:
        response = HttpResponse("page")
        if header is not None:
            response["Cache-Control"] = header
        return response

    request = RequestFactory().get("/programmes/1/")
    request.user = type("Someone", (), {"is_authenticated": True})() if signed_in else AnonymousUser()
    return PrivateCacheMiddleware(view)(request).get("Cache-Control")


def test_a_stricter_header_is_kept_and_a_public_one_is_replaced() -> None:
    kept = "max-age=0, no-cache, no-store, must-revalidate, private"
    assert _middleware_answer(kept, signed_in=True) == kept
    assert _middleware_answer("public, max-age=3600", signed_in=True) == "private, no-store"
    assert _middleware_answer(None, signed_in=True) == "private, no-store"
    assert _middleware_answer("public, max-age=3600", signed_in=False) == "public, max-age=3600"
