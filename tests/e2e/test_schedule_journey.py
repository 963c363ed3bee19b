"""Alice opens her schedule, replies attending to one session and sends apologies (with a reason) to
another, then adds her calendar: the feed at her secret address holds the session she is going to."""

from icalendar import Calendar
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.schedule.models import Invitation, Reply, SessionKind
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, open_menu, screenshot, sign_in
from tests.schedule.session_permission_cases import module, planned


def test_a_participant_replies_and_adds_the_calendar(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    launch = planned(
        world, "East launch", days=10, access_information="Step-free entrance on West Street"
    )
    trust = planned(
        world, "Building trust day", days=20, module=module(world), kind=SessionKind.MODULE
    )
    planned(world, "West launch", cohorts=[world.west], days=11)

    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    open_menu(tab, "Schedule")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Schedule")
    expect(tab.get_by_role("link", name="West launch")).to_have_count(0)
    assert_accessible(tab)
    screenshot(tab, "schedule")

    tab.get_by_role("link", name="East launch").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("East launch")
    expect(tab.get_by_text("Step-free entrance on West Street")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("I am attending").check()
    tab.get_by_role("button", name="Send my reply").click()
    expect(tab.get_by_text("Thank you: you are attending.")).to_be_visible()
    assert_accessible(tab)
    assert Invitation.objects.get(session=launch, person=world.alice).reply == Reply.ATTENDING

    tab.get_by_role("link", name="Back to the schedule").click()
    tab.get_by_role("link", name="Building trust day").click()
    expect(tab.get_by_text("Practise a difficult conversation")).to_be_visible()
    tab.get_by_label("I am sending apologies").check()
    tab.get_by_role("button", name="Send my reply").click()
    expect(
        tab.get_by_text("Say why you cannot come, so the facilitators can plan.").first
    ).to_be_visible()
    assert_accessible(tab)
    assert Invitation.objects.get(session=trust, person=world.alice).reply == Reply.INVITED
    tab.get_by_label("I am sending apologies").check()
    tab.get_by_label("Reason for apologies").fill("Ward inspection that day")
    tab.get_by_role("button", name="Send my reply").click()
    expect(tab.get_by_text("Thank you: your apologies are sent.")).to_be_visible()
    assert_accessible(tab)
    invitation = Invitation.objects.get(session=trust, person=world.alice)
    assert (invitation.reply, invitation.apology_reason) == (
        Reply.APOLOGIES,
        "Ward inspection that day",
    )

    tab.get_by_role("link", name="Back to the schedule").click()
    tab.get_by_role("link", name="Add your sessions to your calendar").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Add your sessions to your calendar")
    assert_accessible(tab)
    screenshot(tab, "calendar")
    address = tab.locator("#feed-url").inner_text().strip()
    assert address.startswith(live_server.url)
    expect(tab.get_by_role("link", name="Open in my calendar app")).to_have_attribute(
        "href", "webcal://" + address.split("://", 1)[1]
    )
    feed = tab.context.request.get(address)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    summaries = {str(e["summary"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")}
    assert summaries == {"East launch"}  # apologies sent for the trust day; West is not hers
