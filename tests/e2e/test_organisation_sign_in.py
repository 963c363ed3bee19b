"""Signing in with one's organisation, in a real browser, against a real OpenID Connect provider
started on 127.0.0.1: the sign-in page sends a council address to the council's sign-in
(home-realm discovery), the first sign-in links to the existing person by a vouched address, a
claim the provider does not vouch for links nobody, and a provider's own second factor counts."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from commonground.identity.models import IdentityProvider
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import World
from tests.e2e.checks import assert_accessible, ignore_origin, screenshot
from tests.identity import objects
from tests.identity.oidc import running_provider


@dataclass(frozen=True)
class Council:
    """The council's provider as registered, and the issuer its running sign-in answers at."""

    provider: IdentityProvider
    issuer: str


@pytest.fixture
def council(live_server: LiveServer, world: World) -> Iterator[Council]:
    provider = objects.council_provider(world)
    with running_provider(provider, live_server.url) as issuer:
        provider.refresh_from_db()
        yield Council(provider=provider, issuer=issuer)


def _cleo(w: World) -> Person:
    cleo = factories.PersonFactory(full_name="Cleo Council", email="cleo@council.example")
    factories.MembershipFactory(person=cleo, programme=w.programme, role=Role.PARTICIPANT, cohort=w.east)
    return cleo


def _type_address(tab: Page, base_url: str, email: str, council: Council) -> None:
    ignore_origin(tab, council.issuer)
    # The provider's development pages ask for a web font; this machine has no internet.
    tab.context.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(content_type="text/css", body=""))
    tab.goto(f"{base_url}/accounts/sign-in/")
    assert_accessible(tab)
    tab.get_by_label("Email address").fill(email)
    tab.get_by_role("button", name="Sign in").click()


def _sign_in_at_provider(tab: Page, login: str) -> None:
    """The provider's own (development) sign-in page."""
    tab.locator("input[name=login]").fill(login)
    tab.locator("input[name=password]").fill("any password")
    tab.locator("button[type=submit]").click()
    tab.wait_for_load_state()


def test_a_council_address_signs_in_at_the_council_and_links_to_its_person(
    tab: Page, live_server: LiveServer, world: World, council: Council
) -> None:
    cleo = _cleo(world)
    _type_address(tab, live_server.url, "cleo@council.example", council)
    expect(tab).to_have_url(re.compile("^" + re.escape(council.issuer)))
    screenshot(tab, "oidc-provider-sign-in")
    _sign_in_at_provider(tab, "cleo@council.example")
    expect(tab.get_by_text("Cleo")).not_to_have_count(0)
    assert tab.url.startswith(live_server.url)
    assert_accessible(tab)
    link = SocialAccount.objects.get(provider=council.provider.app.provider_id)
    assert link.user_id == cleo.pk and link.uid == "cleo@council.example"
    # No token of the provider's is kept.
    assert not link.socialtoken_set.exists()


def test_an_address_the_provider_does_not_vouch_for_links_nobody(
    tab: Page, live_server: LiveServer, world: World, council: Council
) -> None:
    _cleo(world)
    _type_address(tab, live_server.url, "cleo@council.example", council)
    # At the council's sign-in, claim Alice's address (not a council domain) without verifying it.
    _sign_in_at_provider(tab, "unverified-alice@example.org")
    expect(tab.get_by_role("heading", level=1)).to_have_text("No Common Ground account for this address")
    assert_accessible(tab)
    assert not SocialAccount.objects.exists()
    tab.goto(f"{live_server.url}/programmes/profile/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Sign in to Common Ground")


def test_a_lead_whose_organisation_asked_for_a_second_factor_is_not_asked_again(
    tab: Page, live_server: LiveServer, world: World, council: Council
) -> None:
    cora = factories.PersonFactory(full_name="Cora Council", email="cora@council.example")
    factories.MembershipFactory(person=cora, programme=world.programme, role=Role.LEAD)
    factories.authenticator_app(cora)
    _type_address(tab, live_server.url, "cora@council.example", council)
    _sign_in_at_provider(tab, "cora+mfa@council.example")
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/cohorts/")
    expect(tab.get_by_role("heading", level=1)).not_to_have_text("Enter your security code")
    assert "/accounts/second-factor/" not in tab.url
    assert_accessible(tab)
