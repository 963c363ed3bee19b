"""Learning sets in a real browser.

Lena, the lead, opens the East cohort's learning sets, generates them (the progress bar fills),
previews a move with the keyboard form, saves it and publishes. Alice, a participant, then signs
in and finds her set and the colleagues in it.
"""

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.grouping.models import LearningSetMember
from tests.conftest import PASSWORD, World
from tests.e2e import checks
from tests.e2e.checks import assert_accessible, screenshot, sign_in, table_rows
from tests.grouping.objects import fill_east


def test_a_lead_generates_adjusts_and_publishes_sets_and_a_participant_sees_hers(
    tab: Page, new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    fill_east(world, 20)
    # The first page of a live server (templates, static files) can be slow on a busy machine.
    tab.goto(f"{live_server.url}/accounts/sign-in/", timeout=60_000)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/")
    tab.get_by_role("link", name="Learning sets").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Learning sets")
    assert_accessible(tab)

    tab.get_by_role("button", name="Generate learning sets").click()

    progress = tab.get_by_role("progressbar", name="Progress: 100%")
    expect(progress).to_be_visible()
    expect(tab.get_by_role("heading", name="Sets formed")).to_be_visible()
    expect(tab.get_by_role("heading", name="Set 1", exact=True)).to_be_visible()
    expect(tab.get_by_role("heading", name="Set 2", exact=True)).to_be_visible()
    expect(tab.get_by_text(re.compile(r"^10 people · \d+ sectors · \d+ organisations")).first).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "learning-sets-generated")

    # Keyboard path: choose a set for Bob and preview; nothing is saved until "Save this move".
    bob_set = LearningSetMember.objects.get(person=world.bob).learning_set.number
    other = 2 if bob_set == 1 else 1
    tab.get_by_label("Move Bob Council to set").select_option(str(other))
    tab.get_by_role("button", name="Preview moving Bob Council").click()
    preview = tab.locator("#move-preview")
    expect(preview).to_contain_text(f"If Bob Council moves from set {bob_set} to set {other}")
    expect(preview).to_contain_text("11 people")
    assert LearningSetMember.objects.get(person=world.bob).learning_set.number == bob_set
    assert_accessible(tab)
    preview.get_by_role("button", name="Save this move").click()
    expect(tab.get_by_text(f"Bob Council moved to set {other}.")).to_be_visible()
    assert LearningSetMember.objects.get(person=world.bob).learning_set.number == other

    tab.get_by_role("link", name="Publish the sets").click()  # first, what publishing will do
    expect(tab.get_by_text("20 people will be emailed")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Publish and email 20 people").click()
    expect(tab.get_by_text("Published. 20 people were emailed their set.")).to_be_visible()
    assert_accessible(tab)

    # Alice signs in (her own browser) and finds her set.
    alice_tab = new_tab()
    try:
        sign_in(alice_tab, live_server.url, email="alice@example.org", password=PASSWORD)
        alice_tab.get_by_role("link", name="My learning set").click()
        expect(alice_tab.get_by_role("heading", level=1)).to_have_text("Your learning set")
        alice_set = LearningSetMember.objects.get(person=world.alice).learning_set
        mates = sorted(
            LearningSetMember.objects.filter(learning_set=alice_set).values_list(
                "person__full_name", flat=True
            )
        )
        rows = table_rows(alice_tab, f"{alice_set.name}: who is in it")
        assert sorted(row[0].removesuffix(" (you)") for row in rows) == mates
        expect(alice_tab.get_by_text("Carol Charity")).to_have_count(0)
        assert_accessible(alice_tab)
        screenshot(alice_tab, "participant-learning-set")
    finally:
        checks.close(alice_tab)
