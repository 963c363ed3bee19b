"""From application to learning set, in a real browser.

Priya applies on the public form naming her line manager as sponsor; the manager opens the
emailed link and supports her; Lena, the lead, finds her in the review queue and offers her a
place in the East cohort; Priya opens the emailed offer and accepts, which places her in the
cohort. Lena then generates the cohort's learning sets (the progress bar shows), publishes them,
and Priya signs in with an emailed link and finds her set and her set-mates.

Only what the product has no page for is set up with the ORM: opening applications, and the
nineteen people already in East so that sets can form.
"""

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.grouping.models import LearningSetMember
from commonground.programmes.models import Membership, Role
from commonground.recruitment.models import Application, ApplicationStatus, Offer, OfferStatus
from tests.conftest import PASSWORD, World
from tests.e2e import checks
from tests.e2e.checks import assert_accessible, open_menu, screenshot, sign_in, table_rows
from tests.grouping.objects import fill_east
from tests.recruitment.objects import open_applications

APPLICANT = "Priya Patel"
APPLICANT_EMAIL = "priya.patel@example.org"
SPONSOR = "Maria Manager"
SPONSOR_EMAIL = "maria.manager@example.org"


def _link(to: str, pattern: str) -> str:
    """The path of the one link matching `pattern` in the latest mail to `to`."""
    sent = [message for message in mail.outbox if message.to == [to]]
    assert sent, f"No mail to {to}; outbox: {[(m.to, m.subject) for m in mail.outbox]}"
    match = re.search(pattern, sent[-1].body)
    assert match, sent[-1].body
    split = urlsplit(match.group(0))
    return split.path + (f"?{split.query}" if split.query else "")


def test_an_applicant_is_recruited_placed_and_finds_her_learning_set(
    tab: Page,
    new_tab: Callable[..., Page],
    live_server: LiveServer,
    world: World,
    settings: Any,
) -> None:
    settings.SITE_URL = live_server.url  # mailed links point at the live server
    open_applications(world)  # no page opens applications
    # East already has 19 participants (Alice and Bob among them); Priya makes 20.
    fill_east(world, 19)
    base = live_server.url

    # 1. Priya applies on the public form, naming her sponsor.
    applicant = new_tab()
    try:
        applicant.goto(f"{base}/programmes/{world.programme.pk}/apply/")
        expect(applicant.get_by_role("heading", level=1)).to_have_text("Apply for a place")
        assert_accessible(applicant)
        applicant.get_by_label("Full name").fill(APPLICANT)
        applicant.get_by_label("Email address").fill(APPLICANT_EMAIL)
        applicant.get_by_label("Organisation you work for").select_option(label="County Council")
        applicant.get_by_label("Your role", exact=True).fill("Social Work Team Manager")
        applicant.get_by_label("Profession").select_option(label="Social worker")
        applicant.get_by_label("Seniority band").select_option(label="Team leader or supervisor")
        applicant.get_by_label("Place you mostly work in").select_option(label="East Surrey")
        applicant.get_by_label("Cohort you would like to join").select_option(label=world.east.name)
        applicant.get_by_label("Why now?").fill(
            "To build relationships across health and care in East Surrey."
        )
        applicant.get_by_label("Your sponsor's name").fill(SPONSOR)
        applicant.get_by_label("Your sponsor's email").fill(SPONSOR_EMAIL)
        applicant.get_by_label("I have read the privacy notice").check()
        assert_accessible(applicant)
        applicant.get_by_role("button", name="Send my application").click()

        expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your email")
        assert_accessible(applicant)
        application = Application.objects.get(
            programme=world.programme, person__email=APPLICANT_EMAIL
        )
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.cohort == world.east

        # 2. The sponsor opens the emailed link (no account) and supports the application.
        sponsor = new_tab()
        try:
            sponsor.goto(base + _link(SPONSOR_EMAIL, r"https?://\S+/recruitment/support/\S+/"))
            expect(sponsor.get_by_role("heading", level=1)).to_have_text(
                f"Will you support {APPLICANT}'s application?"
            )
            assert_accessible(sponsor)
            sponsor.get_by_label("Yes, I support it").check()
            sponsor.get_by_label("Anything the programme team should know").fill(
                "Priya is ready for this."
            )
            sponsor.get_by_role("button", name="Send my answer").click()
            expect(sponsor.get_by_role("heading", level=1)).to_have_text("Thank you")
            expect(sponsor.get_by_role("main")).to_contain_text(
                f"You support {APPLICANT}'s application."
            )
            assert_accessible(sponsor)
        finally:
            checks.close(sponsor)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SPONSOR_SUPPORTED
        assert application.sponsor_request.supported is True

        # 3. Lena signs in, finds Priya in the review queue and offers her a place.
        sign_in(tab, base, email="lena@example.org", password=PASSWORD)
        tab.goto(f"{base}/programmes/{world.programme.pk}/")
        open_menu(tab, "Applications")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Review queue")
        assert_accessible(tab)
        rows = table_rows(tab, "1 application to review")
        assert len(rows) == 1 and APPLICANT in rows[0][1], rows
        assert world.east.name in rows[0][3] and "Supported by sponsor" in rows[0][4], rows
        tab.get_by_label(f"Select {APPLICANT}").check()
        tab.get_by_label("Decision").select_option(label="Offer a place")
        tab.get_by_role("button", name="Record the decision").click()
        expect(tab.get_by_role("status").first).to_contain_text(
            "Decision recorded for 1 application."
        )
        expect(tab.get_by_role("table", name="0 applications to review")).to_be_visible()
        assert_accessible(tab)
        offer = Offer.objects.get(application=application)
        assert offer.status == OfferStatus.OPEN and offer.cohort == world.east

        # 4. Priya opens the emailed offer and accepts: that places her in East.
        applicant.goto(base + _link(APPLICANT_EMAIL, r"https?://\S+/recruitment/offers/\S+/"))
        expect(applicant.get_by_role("heading", level=1)).to_have_text(
            f"A place in {world.east.name}"
        )
        assert_accessible(applicant)
        applicant.get_by_role("button", name="Accept my place").click()
        expect(applicant.get_by_role("heading", level=1)).to_have_text("You have a place")
        expect(applicant.get_by_role("status")).to_have_text(
            f"You have a place in {world.east.name}. Welcome!"
        )
        assert_accessible(applicant)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.ACCEPTED
        membership = Membership.objects.get(
            person=application.person, programme=world.programme, role=Role.PARTICIPANT
        )
        # Accepting placed her, so the placement page has nobody to place.
        assert membership.cohort == world.east
        tab.goto(f"{base}/programmes/{world.programme.pk}/cohorts/placement/")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Place participants in cohorts")
        east_row = [row for row in table_rows(tab, "Cohorts") if row[0] == world.east.name]
        assert [row[2] for row in east_row] == ["20"], east_row
        expect(tab.get_by_role("main")).to_contain_text("0 participants without a cohort.")
        assert_accessible(tab)

        # 5. Lena generates East's learning sets from its sets page; the progress bar shows.
        tab.goto(f"{base}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/")
        assert_accessible(tab)
        tab.get_by_role("link", name="Learning sets").click()
        expect(tab.get_by_role("heading", level=1)).to_have_text("Learning sets")
        assert_accessible(tab)
        tab.get_by_role("button", name="Generate learning sets").click()
        # Under tests the task runs at once, so the bar is already full when the page returns.
        progress = tab.get_by_role("progressbar", name=re.compile(r"^Progress: \d+%$"))
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute("max", "100")
        expect(progress).to_have_attribute("value", "100")
        expect(progress).to_have_accessible_name("Progress: 100%")
        expect(tab.get_by_role("heading", name="Sets formed")).to_be_visible()
        assert_accessible(tab)
        screenshot(tab, "recruitment-journey-sets-generated")
        priya_set = (
            LearningSetMember.objects.select_related("learning_set")
            .get(person=application.person)
            .learning_set
        )
        assert LearningSetMember.objects.filter(cohort=world.east).count() == 20
        assert priya_set.published_at is None

        # 6. Lena publishes; everyone, Priya included, is emailed their set.
        tab.get_by_role("link", name="Publish the sets").click()  # first, what publishing will do
        expect(tab.get_by_text("20 people will be emailed")).to_be_visible()
        assert_accessible(tab)
        tab.get_by_role("button", name="Publish and email 20 people").click()
        expect(tab.get_by_text("Published. 20 people were emailed their set.")).to_be_visible()
        assert_accessible(tab)
        priya_set.refresh_from_db()
        assert priya_set.published_at is not None

        # 7. Priya asks for a sign-in link (she has no password), signs in and finds her set.
        applicant.goto(f"{base}/accounts/sign-in/")
        applicant.get_by_role("link", name="Email me a sign-in link instead").click()
        assert_accessible(applicant)
        applicant.get_by_label("Email address").fill(APPLICANT_EMAIL)
        applicant.get_by_role("button", name="Send the link").click()
        expect(applicant.get_by_role("heading", level=1)).to_have_text("Check your email")
        assert_accessible(applicant)
        applicant.goto(
            base + _link(APPLICANT_EMAIL, r"https?://\S+/accounts/sign-in/link/use/\?\S+")
        )
        expect(applicant.get_by_role("heading", level=1)).to_have_text(f"Sign in as {APPLICANT}")
        assert_accessible(applicant)
        applicant.get_by_role("button", name="Continue and sign in").click()
        expect(applicant.get_by_role("navigation", name="Account")).to_contain_text(APPLICANT)
        assert_accessible(applicant)

        applicant.get_by_role("link", name="My learning set").click()
        expect(applicant.get_by_role("heading", level=1)).to_have_text("Your learning set")
        mates = sorted(
            LearningSetMember.objects.filter(learning_set=priya_set).values_list(
                "person__full_name", flat=True
            )
        )
        assert len(mates) > 1
        rows = table_rows(applicant, f"{priya_set.name}: who is in it")
        names = [row[0] for row in rows]
        assert f"{APPLICANT} (you)" in names, names
        assert sorted(name.removesuffix(" (you)") for name in names) == mates
        expect(applicant.get_by_text("Carol Charity")).to_have_count(0)  # West, not East
        assert_accessible(applicant)
        screenshot(applicant, "recruitment-journey-participant-set")
    finally:
        checks.close(applicant)
