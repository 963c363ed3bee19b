"""Mentoring in a real browser: the lead approves a proposed match; a mentee ends one with a reason."""

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.mentoring.models import EndReason, Match, MatchStatus
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, sign_in
from tests.mentoring import objects as mo


def test_the_lead_runs_the_matching_and_approves_a_match(tab: Page, live_server: LiveServer, world: World) -> None:
    mo.victor(world)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/")
    open_menu(tab, "Mentoring")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Mentoring")
    tab.get_by_role("button", name="Run the matching").click()
    expect(tab.get_by_text("Optimal: yes, cost")).to_be_visible()
    expect(tab.get_by_text("different organisation ✓").first).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name=re.compile(r"^Approve .+ with Victor Voluntary$")).click()
    expect(tab.get_by_text("Approved:")).to_be_visible()
    assert Match.objects.filter(status=MatchStatus.APPROVED).count() == 1
    assert_accessible(tab)


def test_a_mentee_ends_a_match_with_a_reason(tab: Page, live_server: LiveServer, world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    tab.set_viewport_size({"width": 375, "height": 800})
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/mentoring/")
    expect(tab.get_by_role("heading", name="Your mentor: Victor Voluntary")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_text("End the match with Victor Voluntary").click()
    tab.get_by_role("button", name="End the match").click()  # no reason: refused, named
    expect(tab.get_by_text("Say why the match is ending").first).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("Why the match is ending").fill("Moved to a new role")
    tab.get_by_role("button", name="End the match").click()
    expect(tab.get_by_text("The match has ended (ended early)")).to_be_visible()
    match.refresh_from_db()
    assert (match.status, match.end_reason, match.end_note) == (MatchStatus.ENDED, EndReason.EARLY, "Moved to a new role")
    assert_accessible(tab)
