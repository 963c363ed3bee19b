"""A new lead sets up an authenticator app at their first sign-in, then gives its code at the next,
in a real browser; every page on the way is checked with axe."""

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.programmes.models import Role
from tests import factories
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot


def test_a_new_lead_sets_up_a_second_factor_then_is_asked_for_it(tab: Page, live_server: LiveServer, world: World) -> None:
    nia = factories.PersonFactory(full_name="Nia New", email="nia@example.org")
    factories.MembershipFactory(person=nia, programme=world.programme, role=Role.LEAD)
    cohorts = f"{live_server.url}/programmes/{world.programme.pk}/cohorts/"

    tab.goto(cohorts)
    tab.get_by_label("Email address").fill("nia@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Set up a second factor")
    assert_accessible(tab)
    screenshot(tab, "second-factor-set-up")
    key = re.sub(r"\s", "", tab.locator("code.cg-secret").inner_text())
    tab.get_by_label("Security code").fill("000000" if factories.totp_code(key) != "000000" else "111111")
    tab.get_by_role("button", name="Set up").click()
    expect(tab.get_by_text("That code is not right")).not_to_have_count(0)
    assert_accessible(tab)
    tab.get_by_label("Security code").fill(factories.totp_code(key))
    tab.get_by_role("button", name="Set up").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert tab.locator(".cg-recovery-codes li").count() == 10
    assert_accessible(tab)
    tab.get_by_role("button", name="Continue").click()
    expect(tab).to_have_url(cohorts)

    tab.get_by_role("button", name="Sign out").click()
    tab.goto(cohorts)
    tab.get_by_label("Email address").fill("nia@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(tab)
    tab.get_by_label("Security code").fill(factories.totp_code(key, steps_ahead=1))
    tab.get_by_role("button", name="Continue").click()
    expect(tab).to_have_url(cohorts)
