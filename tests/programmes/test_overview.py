import re
import xml.etree.ElementTree as ET

from django.test import Client
from django.urls import reverse

from commonground.programmes.models import Membership, Organisation, Role
from tests import factories
from tests.conftest import World

SVG = "{http://www.w3.org/2000/svg}"


def overview(world: World) -> str:
    return reverse("programmes:overview", args=[world.programme.pk])


def _more_participants(world: World) -> None:
    """East: Alice (acute) and seven from the council; West: Carol and five from the charity."""
    council = Organisation.objects.get(name="County Council")
    charity = Organisation.objects.get(name="Community Action")
    for i, (organisation, cohort) in enumerate([(council, world.east)] * 6 + [(charity, world.west)] * 5):
        person = factories.PersonFactory(full_name=f"Extra {i}", organisation=organisation)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=cohort)


def test_a_lead_sees_participants_by_sector_place_and_cohort(client: Client, world: World) -> None:
    _more_participants(world)
    client.force_login(world.lena)
    response = client.get(overview(world))
    assert response.status_code == 200
    figures = response.context["lead_figures"]
    assert figures["total"] == 14
    assert {(r.label, r.count) for r in figures["by_cohort"]} == {
        ("East Surrey cohort", 8),
        ("Guildford and Waverley cohort", 6),
    }
    # NHS acute holds Alice alone. The NHS family is hidden with it, and so is the smallest other
    # family (the charity's 6), or 14 − 7 − 6 would give her away.
    assert {(r.label, r.count) for r in figures["by_sector"]} == {
        ("NHS acute", None), ("Adult social care", 7), ("Voluntary and community", None),
    }
    assert "Participants by place" in response.text


def test_a_lead_of_a_tiny_programme_sees_no_small_number(client: Client, world: World) -> None:
    client.force_login(world.lena)
    figures = client.get(overview(world)).context["lead_figures"]
    assert figures["total"] is None  # three participants
    assert all(r.count is None for key in ("by_cohort", "by_place", "by_sector") for r in figures[key])


def test_a_funder_sees_small_groups_suppressed(client: Client, world: World) -> None:
    client.force_login(world.fiona)
    response = client.get(overview(world))
    assert response.status_code == 200
    assert "lead_figures" not in response.context
    assert all(row.count is None for row in response.context["funder_figures"]["by_place"])
    assert "not shown" in response.text
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


def _reach_chart(response: object) -> ET.Element:
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-reach-by-place-title.*?</svg>', response.text, re.S)  # type: ignore[attr-defined]
    assert svg is not None
    return ET.fromstring(svg.group(0))


def test_a_lead_sees_reach_by_place_drawn_against_the_places_offered(client: Client, world: World) -> None:
    _more_participants(world)
    client.force_login(world.lena)
    response = client.get(overview(world))
    chart = response.context["reach_chart"]
    # The chart draws the published figures, the same rows the page's figures hold.
    published = {(r.label, r.count) for r in response.context["lead_figures"]["by_place"]}
    assert {(row.label, int(row.cells[0].text)) for row in chart.rows} == published == {
        ("East Surrey", 8), ("Guildford and Waverley", 6),
    }
    assert [row.cells[1].text for row in chart.rows] == ["100", "100"]  # each place's one cohort of 100
    svg = _reach_chart(response)
    drawn = sorted(float(r.get("data-value", "")) for r in svg.iter(f"{SVG}rect") if r.get("class") == "cg-graph__bar")
    targets = [float(t.get("data-value", "")) for t in svg.iter(f"{SVG}line") if t.get("class") == "cg-graph__target"]
    assert drawn == [6, 8] and targets == [100, 100]
    assert response.text.count(">Participants by place</caption>") == 1


def test_a_funder_sees_hidden_places_as_gaps_not_bars(client: Client, world: World) -> None:
    client.force_login(world.fiona)
    response = client.get(overview(world))
    svg = _reach_chart(response)
    assert [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "cg-graph__bar"] == []
    gaps = ["".join(t.itertext()) for t in svg.iter(f"{SVG}text") if t.get("class") == "cg-graph__gap"]
    assert gaps == ["not shown", "not shown"]
    assert all(cell.hidden for row in response.context["reach_chart"].rows for cell in row.cells[:1])


def test_a_programme_with_no_participants_says_there_are_no_figures_yet(client: Client, world: World) -> None:
    Membership.objects.filter(programme=world.programme, role=Role.PARTICIPANT).delete()
    client.force_login(world.lena)
    response = client.get(overview(world))
    assert "Participants by place: no figures yet." in response.text
    assert "chart-reach-by-place" not in response.text
