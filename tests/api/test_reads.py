"""Reads answer as the pages do: each role sees what its pages show, and 404 beyond that."""

import pytest

from commonground.accounts.models import AuditEvent
from tests.api.helpers import api_as
from tests.conftest import World

PEOPLE = ["lena", "fred", "alice", "sam", "fiona"]


def test_the_programme_list_names_the_tokens_programme_and_roles(world: World) -> None:
    answer = api_as(world.alice, world.programme).get("/programmes").json()
    assert [p["id"] for p in answer["items"]] == [world.programme.pk]
    assert answer["items"][0]["roles"] == ["participant"]
    assert answer["next_cursor"] is None


@pytest.mark.parametrize(
    ("who", "expected"),
    [("lena", {"alice", "bob", "carol"}), ("fred", {"alice", "bob", "carol"}), ("alice", {"alice", "bob"}),
     ("sam", {"alice"})],
)
def test_people_are_those_the_cohort_pages_show(world: World, who: str, expected: set[str]) -> None:
    person = getattr(world, who)
    answer = api_as(person, world.programme).get(f"/programmes/{world.programme.pk}/people")
    assert answer.status_code == 200
    names = {row["full_name"] for row in answer.json()["items"]}
    assert names == {getattr(world, n).full_name for n in expected}


def test_a_funder_gets_no_people_only_figures(world: World) -> None:
    client = api_as(world.fiona, world.programme)
    pid = world.programme.pk
    for path in ("people", "cohorts", "applications", "learning-sets", "development-hours"):
        response = client.get(f"/programmes/{pid}/{path}")
        assert response.status_code == 404, path
        assert "Alice" not in response.content.decode()
    figures = client.get(f"/programmes/{pid}/figures/reach")
    assert figures.status_code == 200
    body = figures.json()
    assert body["by_sector"] is None and body["by_cohort"] is None
    assert "Alice" not in figures.content.decode()


def test_small_counts_are_not_shown_in_figures(world: World) -> None:
    body = api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/figures/reach").json()
    # Three participants in all: every count under five is withheld.
    assert body["total"] is None
    assert all(row["count"] is None for row in body["by_place"] + body["by_cohort"])


def test_staff_see_sector_and_seniority_and_others_do_not(world: World) -> None:
    pid = world.programme.pk
    staff = api_as(world.lena, world.programme).get(f"/programmes/{pid}/people").json()["items"]
    mate = api_as(world.alice, world.programme).get(f"/programmes/{pid}/people").json()["items"]
    assert any(row["sector"] for row in staff)
    assert all(row["sector"] is None and row["seniority"] is None for row in mate)


def test_applications_are_for_leads_only(world: World) -> None:
    pid = world.programme.pk
    assert api_as(world.lena, world.programme).get(f"/programmes/{pid}/applications").status_code == 200
    for who in ("fred", "alice", "sam", "fiona"):
        assert api_as(getattr(world, who), world.programme).get(f"/programmes/{pid}/applications").status_code == 404


def test_reading_people_is_recorded_in_the_audit_trail(world: World) -> None:
    api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/people")
    seen = set(
        AuditEvent.objects.filter(actor_id=world.lena.pk, what="cohort_list").values_list("subject_id", flat=True)
    )
    assert seen == {world.alice.pk, world.bob.pk, world.carol.pk}


def test_pages_follow_the_cursor_without_repeating_or_missing_anyone(world: World) -> None:
    client = api_as(world.lena, world.programme)
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = client.get(f"/programmes/{world.programme.pk}/people", **params).json()
        seen += [row["membership_id"] for row in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 3


@pytest.mark.parametrize("cursor", ["nonsense", "YWZ0ZXI6LTE", "!!", "YWZ0ZXI6OTk5OTk5OTk5OTk5OTk5OTk5OTk5"])
def test_a_cursor_not_given_by_the_api_answers_400(world: World, cursor: str) -> None:
    response = api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/people", cursor=cursor)
    assert response.status_code == 400


@pytest.mark.parametrize("limit", [0, 201, "x"])
def test_the_limit_is_capped(world: World, limit: object) -> None:
    response = api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/people", limit=limit)
    assert response.status_code == 422


@pytest.mark.parametrize("odd", ["99999999999999999999", "١٢", "0", "-1", "1e3"])
def test_odd_ids_answer_404_or_422_never_500(world: World, odd: str) -> None:
    client = api_as(world.lena, world.programme)
    for path in (f"/programmes/{odd}/people", f"/programmes/{world.programme.pk}/sessions/{odd}/attendance"):
        assert client.get(path).status_code in (404, 422), path
