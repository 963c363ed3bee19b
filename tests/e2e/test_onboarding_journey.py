"""A new system starts alone, in a real browser, from an install that holds only its site
administrator: the invitation, the emailed sign-in link, every step of the set-up (organisations
typed and imported, a wrong file refused row by row), the checklist, and applications open on the
public form. Every page is checked with axe, and the time from the first click to open applications
is printed and kept under 90 seconds."""

import datetime as dt
import re
import time
from typing import Any

from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.onboarding.models import Onboarding
from commonground.programmes.models import Organisation, Programme, ProgrammeStatus, System
from tests import factories
from tests.conftest import PASSWORD
from tests.e2e.checks import arrived, assert_accessible, fill_date, sign_in

BUDGET_SECONDS = 90
WRONG_FILE = (
    "name,NHS organisation code,sector,place\n"
    "Vale Hospitals NHS Trust,RVH,NHS acute,North Vale\n"
    "Downs Faith Forum,,Temple,South Downs\n"
)
RIGHT_FILE = (
    "name,NHS organisation code,sector,place\n"
    "Vale Hospitals NHS Trust,RVH,NHS acute,North Vale\n"
    "Downs Faith Forum,,Faith,South Downs\n"
    "Westmoor County Council,,Adult social care,all\n"
)


def step(tab: Page, heading: str, name: str) -> None:
    arrived(tab, heading, f"onboarding-{name}")


def test_a_new_system_goes_from_invitation_to_open_applications(
    tab: Page, new_tab: Any, live_server: LiveServer, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    sade = factories.PersonFactory(full_name="Sade Siteadmin", email="sade@operators.example",
                                   is_staff=True, is_superuser=True)
    factories.authenticator_app(sade)
    assert not System.objects.exists()
    starts = timezone.localdate() + dt.timedelta(days=120)
    ends = starts + dt.timedelta(days=240)

    started = time.perf_counter()
    sign_in(tab, live_server.url, email=sade.email, password=PASSWORD)
    tab.goto(f"{live_server.url}/onboarding/")
    step(tab, "Systems on Common Ground", "index")
    tab.get_by_role("link", name="Invite a new system").click()
    step(tab, "Invite a new system", "invite")
    tab.get_by_label("The new system's name").fill("Westmoor Care Partnership")
    tab.get_by_label("Its administrator's full name").fill("Wren Admin")
    tab.get_by_label("Its administrator's email address").fill("wren@westmoor.example")
    tab.get_by_role("button", name="Send the invitation").click()
    step(tab, "Set up Westmoor Care Partnership", "site-admin-tasks")
    expect(tab.get_by_role("status")).to_contain_text("We have emailed Wren Admin")

    # Wren opens the emailed link in her own browser.
    (invitation,) = [m for m in mail.outbox if m.to == ["wren@westmoor.example"]]
    link = re.search(r"https?://\S+/accounts/sign-in/link/use/\?\S+", invitation.body)
    assert link, invitation.body
    wren = new_tab()
    wren.goto(link.group(0))
    step(wren, "Sign in as Wren Admin", "link")
    wren.get_by_role("button", name="Continue and sign in").click()
    step(wren, "Set up a second factor", "second-factor")  # a system's administrator is staff
    key = re.sub(r"\s", "", wren.locator("code.cg-secret").inner_text())
    wren.get_by_label("Security code").fill(factories.totp_code(key))
    wren.get_by_role("button", name="Set up").click()
    expect(wren.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    wren.get_by_role("button", name="Continue").click()
    step(wren, "Set up Westmoor Care Partnership", "tasks")
    expect(wren.get_by_text("You have done 0 of 7 steps.")).to_be_visible()

    wren.get_by_role("link", name="Name and data controller").click()
    step(wren, "Name and data controller", "details")
    wren.get_by_label("Short name").fill("Westmoor")
    wren.get_by_label("Data controller").fill("Westmoor Integrated Care Board")
    wren.get_by_label("Privacy contact's email address").fill("dpo@westmoor.example")
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "Places", "places")
    wren.get_by_label("Place name").fill("North Vale")
    wren.get_by_role("button", name="Add and add another").click()
    expect(wren.get_by_role("status")).to_contain_text("North Vale is a place of Westmoor Care Partnership.")
    wren.get_by_label("Place name").fill("South Downs")
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "Organisations", "organisations")
    wren.get_by_label("Organisation name").fill("Vale Surgery")
    wren.get_by_label("NHS organisation code").fill("A81001")
    wren.get_by_label("Sector").select_option(label="Primary care")
    wren.get_by_label("North Vale").check()
    wren.get_by_role("button", name="Add and add another").click()
    expect(wren.get_by_role("status")).to_contain_text("Vale Surgery is an organisation of Westmoor Care Partnership.")
    assert_accessible(wren)
    wren.get_by_role("link", name="import them from a CSV or Excel file").click()
    step(wren, "Import organisations", "import")
    wren.get_by_label("Upload a CSV or Excel file").set_input_files(
        files=[{"name": "organisations.csv", "mimeType": "text/csv", "buffer": WRONG_FILE.encode()}])
    wren.get_by_role("button", name="Import the organisations").click()
    expect(wren.get_by_role("alert")).to_contain_text("Row 3, sector: “Temple” is not one of NHS acute")
    assert_accessible(wren)
    assert Organisation.objects.count() == 1  # the wrong file wrote nothing
    wren.get_by_label("Upload a CSV or Excel file").set_input_files(
        files=[{"name": "organisations.csv", "mimeType": "text/csv", "buffer": RIGHT_FILE.encode()}])
    wren.get_by_role("button", name="Import the organisations").click()
    step(wren, "Organisations", "organisations-imported")
    expect(wren.get_by_role("status")).to_contain_text("Imported 3 organisations.")
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "Sectors", "sectors")
    expect(wren.get_by_role("table", name="Sectors of the organisations")).to_contain_text("Faith")
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "How people sign in", "sign-in")
    expect(wren.get_by_role("link", name="Add an identity provider")).to_be_visible()
    wren.get_by_role("button", name="People sign in with email links: save and continue").click()

    step(wren, "First programme", "programme")
    wren.get_by_label("Programme title").fill("Westmoor 200")
    fill_date(wren, "Starts on", starts.day, starts.month, starts.year)
    fill_date(wren, "Ends on", ends.day, ends.month, ends.year)
    wren.get_by_label("Places in the North Vale cohort").fill("100")
    wren.get_by_label("Places in the South Downs cohort").fill("80")
    wren.get_by_label("I will lead it").check()
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "Who may apply", "eligibility")
    wren.get_by_role("button", name="Save and continue").click()

    step(wren, "Before applications open", "checklist")
    expect(wren.get_by_text("Still missing")).to_have_count(0)
    wren.get_by_role("button", name="Open applications to Westmoor 200").click()
    step(wren, "Before applications open", "checklist-open")
    expect(wren.get_by_role("status")).to_contain_text("Applications to Westmoor 200 are open.")
    elapsed = time.perf_counter() - started

    programme = Programme.objects.get(title="Westmoor 200")
    assert programme.status == ProgrammeStatus.RECRUITING
    assert Onboarding.objects.get(system__name="Westmoor Care Partnership").programme == programme
    wren.get_by_role("link", name="the application form").click()
    step(wren, "Apply for a place", "apply")
    expect(wren.get_by_role("main")).to_contain_text(programme.title)
    print(f"\nOnboarding: from the first click to open applications in {elapsed:.1f} s")
    assert elapsed < BUDGET_SECONDS, f"Onboarding took {elapsed:.1f} s, over {BUDGET_SECONDS} s"
