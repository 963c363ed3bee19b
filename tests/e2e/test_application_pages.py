"""The applicant's and the lead's recruitment pages in a real browser.

Alice, who applied and accepted, finds "My applications" in the menu and withdraws, confirming first.
Lena sets a cohort's quota (seeing the field error first) and the eligibility rules.
"""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.programmes.models import Membership, Role
from commonground.recruitment.models import ApplicationStatus, Quota
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.recruitment import objects


def _sign_in(tab: Page, live_server: LiveServer, email: str) -> None:
    # The first page of a live server (templates, static files) can be slow on a busy machine.
    tab.goto(f"{live_server.url}/accounts/sign-in/", timeout=60_000)
    sign_in(tab, live_server.url, email=email, password=PASSWORD)


def test_an_applicant_sees_her_application_and_withdraws_it(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    application = objects.alices_application(world)
    _sign_in(tab, live_server, "alice@example.org")
    tab.get_by_role("link", name="My applications").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("My applications")
    expect(tab.get_by_text("Accepted", exact=True)).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "my-applications")

    tab.get_by_role("link", name=f"Withdraw this application to {world.programme.title}").click()
    expect(tab.get_by_text("You will give up your place")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_role("button", name="Withdraw my application").click()
    expect(
        tab.get_by_text("Tick the box to confirm that you want to withdraw.").first
    ).to_be_visible()
    assert_accessible(tab)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    tab.get_by_label("Yes, withdraw my application").check()
    tab.get_by_role("button", name="Withdraw my application").click()
    expect(
        tab.get_by_text(f"Your application to {world.programme.title} is withdrawn.")
    ).to_be_visible()
    expect(tab.get_by_text("Withdrawn", exact=True)).to_be_visible()
    assert_accessible(tab)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert not Membership.objects.filter(
        person=world.alice, programme=world.programme, role=Role.PARTICIPANT
    ).exists()


def test_a_lead_sets_a_quota_and_the_eligibility_rules(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    objects.open_applications(world)
    _sign_in(tab, live_server, "lena@example.org")
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/recruitment/quotas/")
    assert_accessible(tab)
    tab.get_by_role("link", name=f"Change the capacity and quotas of {world.east.name}").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text("places and quotas")
    assert_accessible(tab)

    tab.get_by_role("combobox", name="Sector").select_option(label="Voluntary and community")
    tab.get_by_role("radio", name="Sector").check()
    tab.get_by_label("Minimum share (%)").fill("30")
    tab.get_by_label("Maximum share (%)").fill("20")
    tab.get_by_role("button", name="Add the quota").click()
    expect(
        tab.get_by_role(
            "link", name="Minimum share (%): The minimum (30%) cannot be above the maximum (20%)."
        )
    ).to_be_visible()
    assert_accessible(tab)
    assert not Quota.objects.exists()
    tab.get_by_label("Maximum share (%)").fill("60")
    tab.get_by_role("button", name="Add the quota").click()
    expect(tab.get_by_text("Quota added")).to_be_visible()
    assert Quota.objects.get().min_share == 30
    assert_accessible(tab)

    tab.get_by_role("link", name="Eligibility").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Who may apply")
    assert_accessible(tab)
    tab.get_by_label("Days an offer stays open").fill("2")
    tab.get_by_label("Remind people this many hours before their offer lapses").fill("72")
    tab.get_by_role("button", name="Save the rules").click()
    expect(tab.get_by_text("An offer stays open 48 hours (2 days)").first).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("Remind people this many hours before their offer lapses").fill("24")
    tab.get_by_role("button", name="Save the rules").click()
    expect(tab.get_by_text("Eligibility rules saved.")).to_be_visible()
    assert_accessible(tab)
