"""Each role signs in, lands on their home and reaches their next action from it alone: Alice replies
to her next session on a phone, Lena opens the applications waiting for review, Fred opens the
register of his next session, Sam opens an application waiting for his support and answers it, and
Fiona opens her report."""

from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.recruitment.models import ApplicationStatus
from commonground.schedule.models import Invitation, Reply
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.homes import objects

PHONE = {"width": 375, "height": 812}


def _home(tab: Page, live_server: LiveServer, world: World, email: str) -> None:
    sign_in(tab, live_server.url, email=email, password=PASSWORD)
    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/home/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Home")
    menu = tab.get_by_role("navigation", name="Programme menu")
    expect(menu.get_by_role("link", name="Home", exact=True)).to_have_attribute("aria-current", "page")
    assert_accessible(tab)


def test_a_participant_replies_to_her_next_session_from_her_home_on_a_phone(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    session = objects.alices_next_session(world)
    tab = new_tab(viewport=PHONE)
    _home(tab, live_server, world, "alice@example.org")
    next_session = tab.get_by_role("region", name="Your next session")
    expect(next_session.get_by_role("link", name="Working with conflict")).to_be_visible()
    screenshot(tab, "home-participant-phone")

    next_session.get_by_label("I am attending").check()
    next_session.get_by_role("button", name="Send my reply").click()
    expect(next_session.get_by_text("Thank you: you are attending.")).to_be_visible()
    expect(tab).to_have_url(f"{live_server.url}/programmes/{world.programme.pk}/home/")  # answered in place
    assert_accessible(tab)
    assert Invitation.objects.get(session=session, person=world.alice).reply == Reply.ATTENDING


def test_a_lead_opens_the_applications_waiting_for_review(tab: Page, live_server: LiveServer, world: World) -> None:
    objects.lena_has_decisions(world)
    _home(tab, live_server, world, "lena@example.org")
    tab.get_by_role("link", name="Applications waiting for review").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Review queue")
    expect(tab.get_by_role("main")).to_contain_text("Dana Applicant")
    assert_accessible(tab)


def test_a_facilitator_opens_the_register_of_his_next_session(tab: Page, live_server: LiveServer, world: World) -> None:
    objects.alices_next_session(world, "East learning-set meeting")
    _home(tab, live_server, world, "fred@example.org")
    tab.get_by_role("link", name="Register for East learning-set meeting").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Register")
    expect(tab.get_by_role("main")).to_contain_text("East learning-set meeting")
    assert_accessible(tab)


def test_a_sponsor_opens_and_supports_an_application_waiting_for_him(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    sid = objects.sams_request(world)
    _home(tab, live_server, world, "sam@example.org")
    tab.get_by_role("link", name="Sid Supported's application").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Will you support Sid Supported's application?")
    assert_accessible(tab)
    tab.get_by_label("Yes, I support it").check()
    tab.get_by_role("button", name="Send my answer").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(tab)
    sid.refresh_from_db()
    assert sid.status == ApplicationStatus.SPONSOR_SUPPORTED
    tab.get_by_role("link", name="Back to your home page").click()
    expect(tab.get_by_text("No application waits for your support.")).to_be_visible()


def test_a_funder_opens_their_report(tab: Page, live_server: LiveServer, world: World) -> None:
    objects.fionas_report(world)
    _home(tab, live_server, world, "fiona@example.org")
    tab.get_by_role("link", name="Report for Heartlands Charitable Trust").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        f"Report pack {world.programme.report_packs.get().pk}: for Heartlands Charitable Trust"
    )
    assert_accessible(tab)
