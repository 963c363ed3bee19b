"""Lena, who leads a programme, opens the system view from her menu and then a place's page, in a real
browser: every page passes axe and fits a phone's width."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from commonground.codesign.models import Issue
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, screenshot, sign_in
from tests.schedule.attendance_permission_cases import make_session

PHONE: ViewportSize = {"width": 375, "height": 812}


def checked(page: Page) -> None:
    size = page.viewport_size
    assert size is not None
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} scrolls sideways"
    assert_accessible(page)
    page.set_viewport_size(size)


def test_a_lead_opens_the_system_view_and_a_place(tab: Page, live_server: LiveServer, world: World) -> None:
    trust = factories.OrganisationFactory(system=world.programme.system, name="Eastfold Community Trust")
    for n in range(10):
        person = factories.PersonFactory(full_name=f"Extra Person {n}", email=f"extra{n}@example.org",
                                         organisation=trust)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT,
                                    cohort=world.east if n < 6 else world.west)
    Issue.objects.create(programme=world.programme, place=world.east.place, title="Weekend discharges",
                         problem="Patients wait.", affects="Older people.")
    make_session(world, "System leadership summit", cohorts=[], open_to_system=True,
                 starts_at=timezone.now() + dt.timedelta(days=10))
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/home/")
    expect(tab.get_by_role("heading", level=1)).to_be_visible()
    open_menu(tab, "System view")
    expect(tab.get_by_role("heading", level=1)).to_have_text("The system view")
    expect(tab.get_by_role("heading", name="1. Who takes part, by place and programme")).to_be_visible()
    checked(tab)
    screenshot(tab, "system-view")

    tab.get_by_role("link", name="East Surrey").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("East Surrey")
    expect(tab.get_by_text("Weekend discharges")).to_be_visible()
    expect(tab.get_by_text("System leadership summit")).to_be_visible()
    checked(tab)
    screenshot(tab, "system-view-place")
