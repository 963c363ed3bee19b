"""Alice, a participant, signs in and finds her cohort and the colleagues in it."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in, table_rows


def test_a_participant_signs_in_and_meets_her_cohort(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/home/")
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Heartlands 500")
    expect(tab.get_by_role("navigation", name="Account")).to_contain_text("Alice Acute")
    cohort_card = tab.get_by_role("region", name="Your cohort")
    expect(cohort_card).to_contain_text("2 participants in East Surrey")
    expect(tab.get_by_role("heading", name="Who is taking part")).to_have_count(0)
    assert_accessible(tab)
    screenshot(tab, "participant-overview")

    cohort_card.get_by_role("link", name="East Surrey cohort").click()

    expect(tab).to_have_url(
        f"{live_server.url}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/"
    )
    expect(tab.get_by_role("heading", level=1)).to_have_text("East Surrey cohort")
    rows = table_rows(tab, "2 participants")
    assert [row[:2] for row in rows] == [
        ["Alice Acute", "Surrey Acute"],
        ["Bob Council", "County Council"],
    ]
    expect(tab.get_by_text("Carol Charity")).to_have_count(0)
    assert_accessible(tab)

    # Another cohort's page answers 404, styled like the rest of the site.
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/cohorts/{world.west.pk}/")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(tab.get_by_text("Carol Charity")).to_have_count(0)
    assert_accessible(tab)
