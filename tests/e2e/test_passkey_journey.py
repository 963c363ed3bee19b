"""A lead adds a passkey on the security page, then signs in with it in place of a code, in a real
browser whose authenticator is Chromium's virtual one (the DevTools protocol's WebAuthn domain);
a ceremony that fails lets nobody in and says so. Every page on the way is checked with axe."""

from typing import Any

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.identity import second_factor
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, give_second_factor, screenshot, sign_in
from tests.identity import objects

# An authenticator built into the device (as a laptop's fingerprint reader), its person verified.
BUILT_IN = {
    "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
    "hasUserVerification": True, "isUserVerified": True,
}


def _virtual_authenticator(tab: Page) -> tuple[Any, str]:
    session = tab.context.new_cdp_session(tab)
    session.send("WebAuthn.enable")
    added = session.send("WebAuthn.addVirtualAuthenticator", {"options": BUILT_IN})
    return session, added["authenticatorId"]


def _password_only(tab: Page, base_url: str, next_path: str) -> None:
    tab.goto(f"{base_url}{next_path}")
    tab.get_by_label("Email address").fill("lena@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(tab)


def _add_a_passkey(tab: Page, base_url: str) -> None:
    sign_in(tab, base_url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{base_url}/accounts/security/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Sign-in security")
    assert_accessible(tab)
    tab.get_by_label("Name for this passkey").fill("Work laptop")
    tab.get_by_role("button", name="Add a passkey").click()
    expect(tab.get_by_text("Passkey “Work laptop” added.")).to_be_visible()
    expect(tab.get_by_role("table", name="Your passkeys")).to_contain_text("Work laptop")
    assert_accessible(tab)
    screenshot(tab, "passkey-added")
    tab.get_by_role("button", name="Sign out").click()


def test_a_lead_adds_a_passkey_then_signs_in_with_it_alone(tab: Page, live_server: LiveServer, world: World) -> None:
    _virtual_authenticator(tab)
    _add_a_passkey(tab, live_server.url)
    [passkey] = second_factor.factors(world.lena).passkeys
    assert passkey.name == "Work laptop"

    cohorts = f"/programmes/{world.programme.pk}/cohorts/"
    _password_only(tab, live_server.url, cohorts)
    screenshot(tab, "passkey-asked")
    # By keyboard: the button takes the focus and Enter starts the ceremony.
    tab.get_by_role("button", name="Use your passkey").focus()
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(f"{live_server.url}{cohorts}")
    assert_accessible(tab)
    tab.goto(f"{live_server.url}/accounts/security/")
    expect(tab.get_by_text("Second factor given by passkey")).to_be_visible()
    assert_accessible(tab)


def test_a_ceremony_that_fails_says_so_and_lets_nobody_in(tab: Page, live_server: LiveServer, world: World) -> None:
    session, authenticator = _virtual_authenticator(tab)
    _add_a_passkey(tab, live_server.url)
    cohorts = f"/programmes/{world.programme.pk}/cohorts/"

    # The device holds no passkey for this site any more (as if the person cancelled, or chose
    # another device): the browser refuses, and the page says so and stays as it was.
    session.send("WebAuthn.clearCredentials", {"authenticatorId": authenticator})
    _password_only(tab, live_server.url, cohorts)
    tab.get_by_role("button", name="Use your passkey").click()
    expect(tab.get_by_text("No passkey was used")).to_be_visible()
    assert "/accounts/second-factor/" in tab.url
    expect(tab.get_by_role("button", name="Use your passkey")).to_be_focused()
    assert_accessible(tab)
    screenshot(tab, "passkey-cancelled")
    tab.goto(f"{live_server.url}{cohorts}")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Confirm it is you")

    # A device whose answer does not check out: the server refuses it.
    tab.get_by_role("button", name="Sign out").click()
    session.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
    other = session.send("WebAuthn.addVirtualAuthenticator", {"options": BUILT_IN})["authenticatorId"]
    _add_a_passkey(tab, live_server.url)
    session.send("WebAuthn.setResponseOverrideBits", {"authenticatorId": other, "isBogusSignature": True})
    _password_only(tab, live_server.url, cohorts)
    tab.get_by_role("button", name="Use your passkey").click()
    expect(tab.get_by_text("Your passkey was not accepted")).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "passkey-refused")
    tab.goto(f"{live_server.url}{cohorts}")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Confirm it is you")


def test_a_new_lead_may_choose_a_passkey_as_their_second_factor(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    nia = factories.PersonFactory(full_name="Nia New", email="nia@example.org")
    factories.MembershipFactory(person=nia, programme=world.programme, role=Role.LEAD)
    _virtual_authenticator(tab)
    cohorts = f"{live_server.url}/programmes/{world.programme.pk}/cohorts/"
    tab.goto(cohorts)
    tab.get_by_label("Email address").fill("nia@example.org")
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Set up a second factor")
    assert_accessible(tab)
    screenshot(tab, "passkey-set-up")
    tab.get_by_label("Name for this passkey").fill("Laptop")
    tab.get_by_role("button", name="Add a passkey").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert tab.locator(".cg-recovery-codes li").count() == 10
    assert_accessible(tab)
    tab.get_by_role("button", name="Continue").click()
    expect(tab).to_have_url(cohorts)
    found = second_factor.factors(nia)
    assert [p.name for p in found.passkeys] == ["Laptop"] and found.app is None


def test_a_browser_without_passkeys_says_so_and_a_code_still_works(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    objects.lena_has_a_passkey(world)
    tab.add_init_script("delete window.PublicKeyCredential")
    cohorts = f"/programmes/{world.programme.pk}/cohorts/"
    _password_only(tab, live_server.url, cohorts)
    expect(tab.get_by_text("This browser cannot use passkeys")).to_be_visible()
    tab.get_by_role("button", name="Use your passkey").click()
    assert "/accounts/second-factor/" in tab.url
    give_second_factor(tab, "lena@example.org")
    expect(tab).to_have_url(f"{live_server.url}{cohorts}")
    assert_accessible(tab)
