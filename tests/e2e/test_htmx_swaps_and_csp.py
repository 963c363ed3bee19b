"""An htmx swap writes no style attribute, so our strict CSP has nothing to refuse.

htmx settles a swap by copying the settle attributes of each old element onto the new element
with the same id. Any element something once styled through the DOM (our screenshots hide the
text caret that way, as do spelling and password tools) keeps a `style` attribute, even an empty
one, and copying it with setAttribute is an inline style the CSP refuses: one console error per
such element, on every swap. `base.html` leaves `style` out of htmx's `attributesToSettle`.
"""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e import checks
from tests.e2e.checks import assert_accessible, sign_in
from tests.schedule.session_permission_cases import planned


def test_replying_to_a_session_after_its_form_was_styled_breaks_no_csp_rule(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    session = planned(world, "East launch", days=10)
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/schedule/sessions/{session.pk}/")
    assert_accessible(tab)

    tab.screenshot()
    tab.locator("#id_reason").evaluate("box => box.style.setProperty('outline-offset', '2px')")
    styled = tab.locator("#reply-area [id][style]")
    assert styled.count() >= 1  # what a swap used to copy across

    tab.get_by_label("I am sending apologies").check()
    tab.get_by_role(
        "button", name="Send my reply"
    ).click()  # 400: the form comes back with its error
    expect(
        tab.get_by_text("Say why you cannot come, so the facilitators can plan.").first
    ).to_be_visible()
    tab.get_by_label("I am attending").check()
    tab.get_by_role("button", name="Send my reply").click()
    expect(tab.get_by_text("Thank you: you are attending.")).to_be_visible()

    assert checks.finish(tab) == []
