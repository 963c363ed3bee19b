"""The alumni directory in a real browser: an alumna chooses what her entry shows and to whom,
and a colleague taking part in the system's programme then finds her by topic, and on the map.

Alice completed the system's first intake (tests/alumni/objects.py); Bob takes part in the
programme now and is not alumni, so he sees what Alice shows to everyone taking part, not what
she keeps for alumni.
"""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.alumni import objects as al
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, sign_in


def test_an_alumna_sets_what_her_entry_shows_and_a_member_finds_her(tab: Page, live_server: LiveServer, world: World) -> None:
    al.alice_is_alumna(world)
    base = live_server.url
    sign_in(tab, base, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{base}/programmes/{world.programme.pk}/")
    open_menu(tab, "Alumni")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Alumni")
    assert_accessible(tab)
    tab.get_by_role("link", name="Choose what it shows").click()
    expect(tab.get_by_text("it shows nothing to anyone yet")).to_be_visible()
    assert_accessible(tab)

    tab.get_by_label("Who sees: name").select_option(label="Everyone taking part in this system's programmes")
    tab.get_by_role("textbox", name="Ask me about (optional)").fill("Frailty, hospital discharge")
    tab.get_by_label("Who sees: ask me about").select_option(label="Everyone taking part in this system's programmes")
    tab.get_by_role("textbox", name="Role or job title (optional)").fill("Ward manager")
    tab.get_by_label("Who sees: role or job title").select_option(label="Alumni of this system only")
    tab.get_by_role("button", name="Save my entry").click()  # no consent yet: refused, named
    expect(tab.get_by_role("link", name="I agree to be listed", exact=False)).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("I agree to be listed", exact=False).check()
    tab.get_by_role("button", name="Save my entry").click()
    expect(tab.get_by_text("Your entry is saved and listed for a year.")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Sign out").click()

    sign_in(tab, base, email="bob@example.org", password=PASSWORD)
    tab.goto(f"{base}/alumni/{world.programme.system_id}/directory/")
    tab.get_by_label("Topic").fill("frailty")
    tab.get_by_role("button", name="Search").click()
    card = tab.locator(".nhsuk-card").filter(has_text="Alice Acute")
    expect(card).to_contain_text("Frailty, hospital discharge")
    expect(card).not_to_contain_text("Ward manager")  # shown to alumni only
    assert_accessible(tab)
    tab.set_viewport_size({"width": 375, "height": 800})
    tab.get_by_role("link", name="See alumni by place").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Alumni by place")
    assert_accessible(tab)
