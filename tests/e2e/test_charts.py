"""Charts in a real browser, at a phone's width: Lena reads reach by place against the places
offered, and the programme's change with its intervals, each an image with a name and its figures
in a table below it, legible at 375 pixels wide and passing axe under the site's CSP."""

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from commonground.development import catalogue, services
from commonground.development.models import RoundKind
from commonground.programmes.models import Organisation, Role
from tests import factories
from tests.conftest import PASSWORD, World
from tests.development import objects
from tests.e2e.checks import assert_accessible, screenshot, sign_in, table_rows

PHONE = {"width": 375, "height": 812}


def _join(world: World, name: str, organisation: str, east: bool) -> Person:
    person = factories.PersonFactory(
        full_name=name, email=f"{name.replace(' ', '.').lower()}@example.org",
        organisation=Organisation.objects.get(name=organisation),
    )
    factories.MembershipFactory(
        person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east if east else world.west
    )
    return person


def stacked_rows(page: Page, caption: str) -> list[list[str]]:
    """A table's rows as a phone shows them: each figure after its heading, on one line here."""
    return [[" ".join(cell.split()) for cell in row] for row in table_rows(page, caption)]


def smallest_text_in_css_pixels(chart: Locator) -> float:
    """The smallest text of an SVG chart as drawn: its font size times the drawing's scale."""
    return float(chart.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...[...svg.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * scale));
        }"""
    ))


def test_a_lead_reads_reach_and_change_as_charts_on_a_phone(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    services.install_builtin_instruments()
    east = [world.alice, world.bob, *(_join(world, f"Eastie{i} Colleague", "County Council", True) for i in range(6))]
    for i in range(5):
        _join(world, f"Westie{i} Colleague", "Community Action", False)
    baseline = objects.open_round(world, catalogue.SELF_ASSESSMENT, cohort=world.east)
    end = objects.open_round(world, catalogue.SELF_ASSESSMENT, cohort=world.east, kind=RoundKind.END)
    for person in east:
        objects.answer_self_assessment(baseline, person, 3)
        objects.answer_self_assessment(end, person, 4)

    tab = new_tab(viewport=PHONE)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/home/")
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/")

    reach = tab.get_by_role("img", name="Participants by place")
    expect(reach).to_be_visible()
    assert smallest_text_in_css_pixels(reach) >= 11
    assert reach.locator("rect.cg-graph__bar").count() == 2
    tab.locator("summary").filter(has_text="Show the numbers: Participants by place").click()
    assert stacked_rows(tab, "Participants by place") == [
        ["Place East Surrey", "Participants 8", "Places offered 100"],
        ["Place Guildford and Waverley", "Participants 6", "Places offered 100"],
    ]  # on a phone each figure stacks beside its heading
    assert_accessible(tab)
    screenshot(tab, "lead-overview-phone")

    tab.goto(live_server.url + reverse("development:evaluation", args=[world.programme.pk]))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Programme evaluation")
    change = tab.get_by_role("img", name="Collaborative leadership self-assessment, all cohorts: mean change per dimension")
    expect(change).to_be_visible()
    assert smallest_text_in_css_pixels(change) >= 11
    assert change.locator("circle.cg-graph__point").count() == 6
    tab.locator("summary").filter(has_text="Show the numbers: Collaborative leadership self-assessment").click()
    rows = stacked_rows(tab, "Collaborative leadership self-assessment, all cohorts: mean change per dimension")
    assert rows[0] == [
        "Dimension Shared purpose", "People 8", "Before 3.00", "After 4.00", "Change +1.00", "95% interval 1.00 to 1.00",
    ]
    assert_accessible(tab)
    screenshot(tab, "lead-evaluation-phone")
