"""The privacy notice, cookies, accessibility statement, help and data map, reached from the footer of
the sign-in page by someone not signed in, each checked with axe on a phone-sized screen."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import World
from tests.e2e.checks import assert_accessible


def test_the_footer_leads_to_each_notice(new_tab, live_server: LiveServer, world: World) -> None:  # type: ignore[no-untyped-def]
    tab: Page = new_tab(viewport={"width": 390, "height": 844})
    for link, heading in (
        ("Privacy notice", "Privacy notice"),
        ("Cookies", "Cookies"),
        ("Accessibility statement", "Accessibility statement"),
        ("Help and contact", "Help and contact"),
        ("What personal data we hold", "What personal data Common Ground holds"),
    ):
        tab.goto(f"{live_server.url}/accounts/sign-in/")
        tab.get_by_role("contentinfo").get_by_role("link", name=link).click()
        expect(tab.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(tab)
