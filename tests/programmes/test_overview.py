import re
import xml.etree.ElementTree as ET

from django.test import Client
from django.urls import reverse

from commonground.programmes.models import Membership, Organisation, Role, Sector
from commonground.recruitment.models import Quota, QuotaDimension
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


def test_a_lead_sees_one_breakdown_at_a_time_each_against_its_targets(client: Client, world: World) -> None:
    _more_participants(world)
    Quota.objects.create(cohort=world.east, dimension=QuotaDimension.SECTOR, sector=Sector.ADULT_SOCIAL_CARE, min_share=10)
    Quota.objects.create(cohort=world.west, dimension=QuotaDimension.SECTOR, sector=Sector.ADULT_SOCIAL_CARE,
                         min_share=5, max_share=30)
    Quota.objects.create(cohort=world.west, dimension=QuotaDimension.SECTOR, sector=Sector.VOLUNTARY_COMMUNITY,
                         max_share=20)
    Quota.objects.create(cohort=world.west, dimension=QuotaDimension.ORGANISATION, max_share=20)  # not a sector's
    client.force_login(world.lena)
    response = client.get(overview(world))
    tabs = {key: chart for key, _, chart in response.context["breakdowns"]}
    assert list(tabs) == ["place", "sector", "cohort", "seniority"]
    assert tabs["place"] is response.context["reach_chart"]
    # The sectors against their quotas, in places: at least 10% of East's 100 and 5% of West's 100;
    # at most every East place (no maximum there) and 30% of West's. A sector with no quota has neither.
    sector = tabs["sector"]
    assert sector.header == ("Sector", "Participants", "Quota: at least", "Quota: at most")
    rows = {row.label: [c.text for c in row.cells[1:]] for row in sector.rows}
    assert rows["Adult social care"] == ["15", "130"]
    assert rows["Voluntary and community"] == ["–", "120"]
    assert rows["NHS acute"] == ["–", "–"]
    published = {r.label: r.count for r in response.context["lead_figures"]["by_sector"]}
    assert {row.label: None if row.cells[0].hidden else int(row.cells[0].text) for row in sector.rows} == published
    # Each cohort against the places it offers; seniority against nothing.
    assert [(row.label, row.cells[1].text) for row in tabs["cohort"].rows] == [
        ("East Surrey cohort", "100"), ("Guildford and Waverley cohort", "100"),
    ]
    assert tabs["seniority"].header == ("Seniority band", "Participants")
    # One tab each; every chart is in the page, its numbers behind "Show the numbers".
    html = response.text
    assert [f'href="#by-{key}"' in html and f'id="by-{key}"' in html for key in tabs] == [True] * 4
    assert html.count("Show the numbers<span") == 4
    assert html.count('nhsuk-tabs__panel nhsuk-tabs__panel--hidden"') == 3


def test_a_funder_sees_reach_by_place_and_by_sector_family_only(client: Client, world: World) -> None:
    _more_participants(world)
    client.force_login(world.fiona)
    response = client.get(overview(world))
    tabs = {key: chart for key, _, chart in response.context["breakdowns"]}
    assert list(tabs) == ["place", "sector"]
    families = [r.label for r in response.context["funder_figures"]["by_family"]]
    assert [row.label for row in tabs["sector"].rows] == families
    assert "Counts under 5, and any that would give one away, are not shown." in response.text
