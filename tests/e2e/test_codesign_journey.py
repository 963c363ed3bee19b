"""Co-design of local issues in a real browser, from a proposal to the public showcase.

Alice proposes an issue; Bob supports it (the count updates in place); Lena shortlists it;
Alice puts it first in her order; Lena forms the East cohort's challenge teams and publishes
them; Alice adds a milestone and an update in her team's workspace; Lena adopts the issue;
Alice records an outcome; it appears on the showcase, which Lena publishes for anyone to read.
"""

from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.codesign.models import Issue, IssueState
from commonground.codesign.services.interest import save_interest
from commonground.codesign.services.issues import change_state, support_issue
from tests.codesign import objects
from tests.conftest import PASSWORD, World
from tests.e2e import checks
from tests.e2e.checks import assert_accessible, fill_date, open_menu, screenshot, sign_in
from tests.grouping.objects import fill_east


def _as(tab: Page, url: str, email: str) -> None:
    sign_out = tab.get_by_role("button", name="Sign out")
    if sign_out.count():
        sign_out.click()
        tab.wait_for_load_state()
    sign_in(tab, url, email=email, password=PASSWORD)


def _menu(tab: Page, name: str) -> None:
    open_menu(tab, name)


def test_from_a_proposal_to_the_showcase(
    tab: Page, new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    people = fill_east(world, 12)
    base = live_server.url
    home = f"{base}/programmes/{world.programme.pk}/"

    # Alice proposes an issue for her place.
    _as(tab, base, "alice@example.org")
    tab.goto(home)
    _menu(tab, "Local issues")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Local issues")
    assert_accessible(tab)
    tab.get_by_role("link", name="Propose an issue").click()
    assert_accessible(tab)
    tab.get_by_role(
        "button", name="Propose the issue"
    ).click()  # empty: every missing field is named
    expect(tab.get_by_role("link", name="Title: This field is required.")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_label("Title").fill("Delayed discharge from hospital")
    tab.get_by_label("Where").select_option(label="East Surrey")
    tab.get_by_label("The problem in plain words").fill(
        "People fit to leave hospital wait days for care at home."
    )
    tab.get_by_label("Who it affects").fill("Older people, their families and ward staff.")
    tab.get_by_label("County Council").check()
    tab.get_by_role("button", name="Propose the issue").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Delayed discharge from hospital")
    assert_accessible(tab)
    issue = Issue.objects.get(title="Delayed discharge from hospital")

    # Bob supports it: the count changes in place.
    _as(tab, base, "bob@example.org")
    tab.goto(f"{home}issues/{issue.pk}/")
    tab.get_by_role("button", name="Support this issue").click()
    expect(tab.get_by_text("1 supporter · Thank you for your support.")).to_be_visible()
    expect(tab.get_by_role("button", name="Withdraw my support")).to_be_visible()
    assert_accessible(tab)
    for person in people[2:6]:
        support_issue(issue=issue, person=person)

    # Lena shortlists it (a second issue is already shortlisted).
    other = objects.issue(
        world, "Digital exclusion and online appointments", state=IssueState.SHORTLISTED
    )
    _as(tab, base, "lena@example.org")
    tab.goto(f"{home}issues/{issue.pk}/")
    expect(tab.get_by_text("5 supporters")).to_be_visible()
    tab.get_by_label("Move to").select_option(label="Shortlisted")
    tab.get_by_role("button", name="Change state").click()
    expect(tab.get_by_text(f"#{issue.pk} is now shortlisted.")).to_be_visible()
    assert_accessible(tab)

    # Alice states her order; the others' preferences arrive the same way.
    _as(tab, base, "alice@example.org")
    tab.goto(f"{home}issues/")
    tab.get_by_role("link", name="State your interest in shortlisted issues").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your interest in shortlisted issues")
    assert_accessible(tab)
    tab.get_by_label("Delayed discharge from hospital").select_option(label="1st choice")
    tab.get_by_label("Digital exclusion and online appointments").select_option(label="2nd choice")
    tab.get_by_role("button", name="Save my order").click()
    expect(tab.get_by_text("Saved: you ranked 2 issues.")).to_be_visible()
    for i, person in enumerate(people[1:]):
        order = [issue.pk, other.pk] if i % 2 else [other.pk, issue.pk]
        save_interest(
            programme=world.programme, person=person, cohort=world.east, ranking=order
        )

    # Lena forms the East cohort's teams, reviews them and publishes.
    _as(tab, base, "lena@example.org")
    tab.goto(home)
    _menu(tab, "Local issues")
    tab.get_by_role("link", name="Challenge teams").click()
    tab.get_by_role("link", name="Challenge teams: East Surrey cohort").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Challenge teams: East Surrey cohort")
    assert_accessible(tab)
    tab.get_by_label("Fewest people in a team").fill("4")
    tab.get_by_label("Most people in a team").fill("8")
    tab.get_by_role("button", name="Form teams").click()
    expect(tab.get_by_text("12 people placed: 100% got their 1st or 2nd choice.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Delayed discharge from hospital")).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "challenge-teams-formed")
    tab.get_by_role("button", name="Publish the teams and tell their members").click()
    expect(tab.get_by_text("Teams published; 12 people emailed.")).to_be_visible()
    # The issue is adopted once its team starts.
    tab.goto(f"{home}issues/{issue.pk}/")
    tab.get_by_label("Move to").select_option(label="Adopted")
    tab.get_by_role("button", name="Change state").click()
    expect(tab.get_by_text(f"#{issue.pk} is now adopted.")).to_be_visible()

    # Alice works in her team's workspace: a milestone and an update.
    _as(tab, base, "alice@example.org")
    tab.goto(home)
    _menu(tab, "Local issues")
    tab.get_by_role("link", name="My challenge team").click()
    assert_accessible(tab)
    tab.get_by_role("table", name="Your teams").get_by_role("link").first.click()
    expect(tab.get_by_role("heading", name="Members")).to_be_visible()
    assert_accessible(tab)
    tab.get_by_text("Add a milestone").click()
    tab.get_by_label("Milestone").fill("Map the discharge pathway with families")
    fill_date(tab, "Due on", 26, 2, 2027)
    tab.get_by_label("Owner").select_option(label="Alice Acute")
    tab.get_by_role("button", name="Add milestone").click()
    expect(tab.get_by_text("Milestone added.")).to_be_visible()
    expect(
        tab.get_by_role("cell", name="Map the discharge pathway with families", exact=True)
    ).to_be_visible()
    tab.get_by_label("Your update").fill("We met the ward and the home-care provider together.")
    tab.get_by_role("button", name="Post update").click()
    expect(tab.get_by_text("Update posted.")).to_be_visible()
    assert_accessible(tab)

    # Alice records an outcome; it appears on the showcase.
    alice_team_issue = Issue.objects.get(teams__members__person=world.alice)
    tab.goto(f"{home}outcomes/new/?issue={alice_team_issue.pk}")
    if alice_team_issue.pk != issue.pk:  # her team may be the other issue: adopt it too
        change_state(issue=alice_team_issue, actor=world.lena, to_state=IssueState.ADOPTED)
        tab.reload()
    assert_accessible(tab)
    tab.get_by_label("What changed").fill("A daily huddle decides each discharge together.")
    tab.get_by_label("For whom").fill("Older people ready to leave hospital")
    tab.get_by_label("How it is measured").fill("Average days from medically fit to leaving")
    tab.get_by_label("Unit of the figures").fill("days")
    tab.get_by_label("Figure before (optional)", exact=True).fill("6.4")
    fill_date(tab, "Date of the figure before", 31, 1, 2026)
    tab.get_by_label("Figure after (optional)", exact=True).fill("4.1")
    fill_date(tab, "Date of the figure after", 31, 10, 2026)
    tab.get_by_label("The story, in a few sentences").fill(
        "Once the people who did the hand-offs met, the waiting shrank."
    )
    tab.get_by_role("button", name="Record the outcome").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Showcase: what changed")
    expect(tab.get_by_text("A daily huddle decides each discharge together.")).to_be_visible()
    expect(
        tab.get_by_text("Before: 6.4 days (January 2026); after: 4.1 days (October 2026)")
    ).to_be_visible()
    assert_accessible(tab)

    # Lena publishes the showcase; anyone with the address can read it, without people's names.
    _as(tab, base, "lena@example.org")
    tab.goto(home)
    _menu(tab, "Local issues")
    tab.get_by_role("link", name="Showcase of outcomes").click()
    tab.get_by_role("button", name="Publish the showcase").click()
    expect(tab.get_by_text("The showcase is now public.")).to_be_visible()
    public_url = tab.get_by_role("link", name="/showcase/").get_attribute("href")
    assert public_url
    page = new_tab()
    page.goto(public_url)
    expect(page.get_by_text("A daily huddle decides each discharge together.")).to_be_visible()
    expect(page.get_by_text("Alice Acute")).to_have_count(0)
    assert_accessible(page)
    checks.close(page)
