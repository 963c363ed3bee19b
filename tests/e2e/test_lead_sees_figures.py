"""Lena, the programme lead, signs in and reads who is taking part, by cohort, place and sector.

Three participants are all small numbers: every count of people is "not shown", even to the lead
(she sees the people themselves in the cohort lists; figures are published the same way to all)."""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, screenshot, sign_in, table_rows


def show_numbers(page: Page, tab: str, chart: str) -> None:
    """Choose a breakdown's tab, then open the numbers under its chart, as Lena would."""
    page.get_by_role("tab", name=tab).click()
    page.locator("summary").filter(has_text=f"Show the numbers: {chart}").click()


def test_a_lead_sees_the_programme_figures(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)

    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/")  # the overview, from wherever sign-in lands
    figures = tab.get_by_role("region", name="Who is taking part")
    assert figures.locator(".cg-figure").all_inner_texts()[:2] == ["not shown", "3"]
    # One breakdown at a time: places first, drawn against the places each place's cohorts offer.
    expect(tab.get_by_role("img", name="Participants by place")).to_be_visible()
    expect(tab.get_by_role("img", name="Participants by sector")).to_be_hidden()
    show_numbers(tab, "By place", "Participants by place")
    assert table_rows(tab, "Participants by place") == [
        ["East Surrey", "not shown", "100"],
        ["Guildford and Waverley", "not shown", "100"],
    ]
    show_numbers(tab, "By cohort", "Participants by cohort")
    expect(tab.get_by_role("img", name="Participants by place")).to_be_hidden()
    assert table_rows(tab, "Participants by cohort") == [  # each cohort against the places it offers
        ["East Surrey cohort", "not shown", "100"],
        ["Guildford and Waverley cohort", "not shown", "100"],
    ]
    show_numbers(tab, "By sector", "Participants by sector")
    assert table_rows(tab, "Participants by sector") == [
        ["NHS acute", "not shown"],
        ["Adult social care", "not shown"],
        ["Voluntary and community", "not shown"],
    ]
    tab.locator("summary").filter(has_text="Funding").click()
    assert table_rows(tab, "Contributions by funder")[0][0] == "Heartlands Charitable Trust"
    assert_accessible(tab)
    screenshot(tab, "lead-overview")


def test_a_lead_visits_the_cohorts_and_the_organisation_directory(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)

    open_menu(tab, "Cohorts")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Cohorts")
    assert [[row[0], row[1], row[3]] for row in table_rows(tab, "Cohorts of Heartlands 500")] == [
        ["East Surrey cohort", "East Surrey", "2"],
        ["Guildford and Waverley cohort", "Guildford and Waverley", "1"],
    ]
    assert_accessible(tab)

    open_menu(tab, "Organisations")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Organisations taking part")
    assert [[row[0], row[1], row[3]] for row in table_rows(tab, "Organisations taking part")] == [
        ["Community Action", "Voluntary and community", "not shown"],
        ["County Council", "Adult social care", "not shown"],
        ["Surrey Acute", "NHS acute", "not shown"],
    ]
    assert_accessible(tab)
