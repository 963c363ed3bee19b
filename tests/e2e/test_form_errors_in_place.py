"""A form sent by htmx that the server refuses (400) shows its errors in place, without a reload."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, sign_in


def test_an_empty_goal_shows_its_error_in_place(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/development/goals/")
    tab.evaluate("window.cgMarker = 'same page'")

    with tab.expect_response(lambda r: r.request.method == "POST" and r.status == 400):
        tab.get_by_role("button", name="Add goal").click()

    expect(tab.locator("#goal-area .nhsuk-error-summary")).to_be_visible()
    assert tab.evaluate("window.cgMarker") == "same page", "the page reloaded instead of swapping"
    assert_accessible(tab)
