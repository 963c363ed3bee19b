"""Alice asks for an emailed sign-in link, uses it once, and cannot use it again;
and the sign-in page works from the keyboard alone."""

import re
from typing import Any

from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import World
from tests.e2e.checks import assert_accessible


def test_an_emailed_link_signs_in_once(
    tab: Page, live_server: LiveServer, world: World, settings: Any
) -> None:
    # The link in the email is built from SITE_URL; point it at the live server.
    settings.SITE_URL = live_server.url
    tab.goto(f"{live_server.url}/accounts/sign-in/")
    tab.get_by_role("link", name="Email me a sign-in link instead").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Email me a sign-in link")
    assert_accessible(tab)

    tab.get_by_role("button", name="Send the link").click()

    # Nothing entered: the error summary takes focus and the field itself is described by its error.
    expect(tab.get_by_role("alert")).to_be_focused()
    expect(tab.get_by_label("Email address")).to_have_accessible_description(
        re.compile("This field is required")
    )
    assert_accessible(tab)

    tab.get_by_label("Email address").fill("alice@example.org")
    tab.get_by_role("button", name="Send the link").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(tab.get_by_role("main")).to_contain_text("alice@example.org")
    assert_accessible(tab)
    # Under tests mail ends in the locmem backend; the live server sends it from its own
    # thread but in this process, so this is the outbox it lands in.
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]
    match = re.search(r"https?://\S+/accounts/sign-in/link/use/\?\S+", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    link = match.group(0)

    tab.goto(link)

    expect(tab.get_by_role("heading", level=1)).to_have_text("Sign in as Alice Acute")
    assert_accessible(tab)
    tab.get_by_role("button", name="Continue and sign in").click()

    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/home/")
    expect(tab.get_by_role("status")).to_contain_text("You are signed in.")
    expect(tab.get_by_role("navigation", name="Account")).to_contain_text("Alice Acute")
    assert_accessible(tab)

    tab.goto(link)

    expect(tab.get_by_role("heading", level=1)).to_have_text("This sign-in link does not work")
    assert_accessible(tab)


def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(
    tab: Page, live_server: LiveServer
) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")
    assert_accessible(tab)
    # Start from the top of the document, where a keyboard user arriving on a page without
    # autofocus starts (this one has autofocus on the email field; see the next test).
    tab.evaluate(
        "() => { const b = document.body; b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex'); }"
    )

    tab.keyboard.press("Tab")

    skip_link = tab.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    tab.keyboard.press("Enter")

    expect(tab.locator("main#maincontent")).to_be_focused()
    tab.keyboard.press("Tab")
    expect(tab.get_by_label("Email address")).to_be_focused()
    assert_accessible(tab)


def test_a_keyboard_user_arriving_on_the_sign_in_page_tabs_to_the_skip_link_first(
    tab: Page, live_server: LiveServer
) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")

    tab.keyboard.press("Tab")

    expect(tab.get_by_role("link", name="Skip to main content")).to_be_focused(timeout=1_000)
