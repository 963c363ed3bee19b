"""Lena, the lead, erases a participant's data at their request, in a real browser."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from tests.conftest import PASSWORD, World
from tests.development import objects as dev
from tests.e2e.checks import assert_accessible, screenshot, sign_in


def test_a_lead_erases_a_participant_after_confirming_their_address(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    dev.alice_journal_entry(world)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/people/{world.alice.pk}/")
    tab.get_by_role("link", name="erase their data").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Erase Alice Acute's data")
    assert_accessible(tab)
    tab.get_by_label("To confirm, type their email address").fill("alice@example.com")
    tab.get_by_role("button", name="Erase their data").click()
    expect(tab.get_by_role("alert")).to_contain_text("Type the person's email address exactly as shown")
    assert_accessible(tab)
    assert Person.objects.filter(email="alice@example.org").exists()
    screenshot(tab, "erase-confirm-error")

    tab.get_by_label("To confirm, type their email address").fill("alice@example.org")
    tab.get_by_role("button", name="Erase their data").click()
    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/cohorts/")
    expect(tab.get_by_text("Erased:")).to_be_visible()
    assert not Person.objects.filter(email="alice@example.org").exists()
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/people/{world.alice.pk}/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Page not found")
