from django.test import Client
from django.urls import reverse

from tests.conftest import World


def overview(world: World) -> str:
    return reverse("programmes:overview", args=[world.programme.pk])


def test_a_lead_sees_participants_by_sector_place_and_cohort(client: Client, world: World) -> None:
    client.force_login(world.lena)
    response = client.get(overview(world))
    assert response.status_code == 200
    figures = response.context["lead_figures"]
    assert figures["total"] == 3
    assert {(r.label, r.count) for r in figures["by_cohort"]} == {
        ("East Surrey cohort", 2),
        ("Guildford and Waverley cohort", 1),
    }
    assert {(r.label, r.count) for r in figures["by_sector"]} == {
        ("NHS acute", 1), ("Adult social care", 1), ("Voluntary and community", 1),
    }
    assert "Participants by place" in response.text


def test_a_funder_sees_small_groups_suppressed(client: Client, world: World) -> None:
    client.force_login(world.fiona)
    response = client.get(overview(world))
    assert response.status_code == 200
    assert "lead_figures" not in response.context
    assert all(row.count is None for row in response.context["funder_figures"]["by_place"])
    assert "fewer than 5" in response.text
    assert "Alice Acute" not in response.text


def test_a_participant_sees_their_cohort_and_profile(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.get(overview(world))
    assert response.status_code == 200
    assert [c.name for c in response.context["my_cohorts"]] == ["East Surrey cohort"]
    assert "lead_figures" not in response.context
    assert "Surrey Acute" in response.text


def test_someone_from_another_programme_gets_404(client: Client, world: World) -> None:
    client.force_login(world.oscar)
    assert client.get(overview(world)).status_code == 404


def test_a_forged_programme_id_answers_404(client: Client, world: World) -> None:
    client.force_login(world.lena)
    assert client.get(reverse("programmes:overview", args=[999999])).status_code == 404
