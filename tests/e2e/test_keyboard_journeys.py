"""Keyboard only: Alice's week (replies, feedback on a session she came to, her journal) and Fred
taking a register, with Tab, Shift+Tab, Enter, Space, the arrow keys and typing, never a click.

On every page: axe and a quiet console (`assert_accessible`), every control reached shows where
the focus is, and after each htmx swap the focus stays in the part of the page that changed
rather than falling back to the page itself, so the next Tab carries on from there.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.development import services as development
from commonground.development.models import JournalEntry, Response
from commonground.programmes.models import Organisation, Role
from commonground.schedule.models import Attendance, Invitation, Mark, Reply, SessionKind
from commonground.schedule.services.feedback import open_feedback
from tests import factories
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible
from tests.schedule.attendance_permission_cases import make_session
from tests.schedule.session_permission_cases import module, planned

# The focused element draws a focus indicator it does not draw unfocused, on itself or, for the
# NHS.UK radios and checkboxes (whose input is hidden), on its label's box: an outline that shows
# (not `none`, not zero wide, not transparent), a box shadow or a background colour. Comparing with
# the same element blurred keeps a button's permanent shadow, or an outline made transparent for
# high-contrast modes, from passing for a focus indicator.
_FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "the focus is on the page itself";
  const parts = [[element, null]];
  for (const label of element.labels || []) parts.push([label, null], [label, "::before"]);
  const looks = () => parts.map(([part, pseudo]) => {
    const style = getComputedStyle(part, pseudo);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      && style.outlineColor !== "transparent" && !/, 0\\)$/.test(style.outlineColor);
    return [outline ? `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}` : "",
            style.boxShadow === "none" ? "" : style.boxShadow, style.backgroundColor];
  });
  const focused = looks();
  element.blur();
  const blurred = looks();
  element.focus();
  const shown = focused.some((look, i) => look.some((drawn, j) => drawn && drawn !== blurred[i][j]));
  return shown ? "" : `no visible focus on ${element.outerHTML.slice(0, 160)}`;
}"""


def _focus_shown(page: Page) -> None:
    problem = page.evaluate(_FOCUS_SHOWN)
    assert not problem, problem


def _focused(target: Locator) -> bool:
    return bool(target.evaluate("element => element === document.activeElement"))


def _tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the target has the focus, checking that the focus shows."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if _focused(target):
            _focus_shown(page)
            return
    pytest.fail(f"{limit} presses of {key} never reached {target}")


def _follow(page: Page, link: Locator, *, backwards: bool = False) -> None:
    """Tab to a link (or a button that loads a page) and press Enter, waiting for the next page."""
    _tab_to(page, link, backwards=backwards)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state()


def _from_the_top(page: Page) -> None:
    """Start the next Tab at the top of the page, as just after it loaded."""
    page.evaluate(
        "() => { const b = document.body; b.tabIndex = -1; b.focus(); b.removeAttribute('tabindex'); }"
    )


def _menu(page: Page, name: str) -> None:
    """Follow a programme-menu entry by keyboard, opening "More" first when it did not fit the bar."""
    menu = page.get_by_role("navigation", name="Programme menu")
    link = menu.get_by_role("link", name=name, exact=True)
    _from_the_top(page)
    if not link.is_visible():
        _tab_to(page, menu.get_by_role("button", name="More"))
        page.keyboard.press("Enter")
        expect(link).to_be_visible()
    _follow(page, link)


def _sign_in(page: Page, base_url: str, email: str) -> None:
    """Sign in with the keyboard: type the address and password, Enter; staff type their code."""
    page.goto(f"{base_url}/accounts/sign-in/")
    assert_accessible(page)
    _tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(email)
    _tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if "/accounts/second-factor/" in page.url:
        assert_accessible(page)
        _tab_to(page, page.get_by_label("Security code"))
        page.keyboard.type(factories.unused_totp_code(email))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/accounts/" not in page.url, f"still signing in at {page.url}"


def _programme(page: Page, base_url: str, world: World) -> None:
    page.goto(f"{base_url}/programmes/{world.programme.pk}/")
    assert_accessible(page)


def _posted_by_htmx(page: Page, key: str = "Enter") -> None:
    """Press a key on the focused control and wait for its htmx answer to be swapped in."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.keyboard.press(key)
    assert answer.value.status in (200, 400), answer.value.status
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling')")


def _focus_kept_in(page: Page, area: Locator) -> None:
    """After a swap the focus is inside the swapped part, never back on the page itself."""
    assert page.evaluate("() => document.activeElement !== document.body"), "the focus fell to the page"
    assert area.evaluate("area => area.contains(document.activeElement)"), (
        "the focus left the part of the page that changed: "
        + page.evaluate("() => document.activeElement.outerHTML.slice(0, 160)")
    )


# -- The participant's week ----------------------------------------------------------------------


def _alices_week(world: World) -> None:
    """Two sessions to reply to, and one she came to two days ago whose feedback is now open."""
    development.install_builtin_instruments()
    planned(world, "East launch", days=3, access_information="Step-free entrance on West Street")
    planned(world, "Building trust day", days=5, module=module(world), kind=SessionKind.MODULE)
    held = make_session(
        world,
        "Systems thinking day",
        starts_at=timezone.now() - dt.timedelta(days=2),
        hours=6,
        invite=[world.alice, world.bob],
        facilitators=[world.fred],
    )
    for person in (world.alice, world.bob):
        Attendance.objects.create(session=held, person=person, mark=Mark.PRESENT, marked_by=world.fred)
    assert open_feedback(held) == 2
    JournalEntry.objects.create(
        person=world.alice,
        programme=world.programme,
        body="Met the discharge team lead at the launch; promised to call back.",
        created_at=timezone.now() - dt.timedelta(days=9),
    )


def test_a_participants_week_by_keyboard(tab: Page, live_server: LiveServer, world: World) -> None:
    _alices_week(world)
    _sign_in(tab, live_server.url, "alice@example.org")
    _programme(tab, live_server.url, world)

    # Her schedule, and the first session's page.
    _menu(tab, "Schedule")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Schedule")
    assert_accessible(tab)
    _follow(tab, tab.get_by_role("link", name="East launch"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("East launch")
    assert_accessible(tab)

    # Attending: Tab into the radios (the first is "I am attending"), Space, Tab on to the button.
    reply_area = tab.locator("#reply-area")
    attending = tab.get_by_role("radio", name="I am attending")
    _tab_to(tab, attending)
    tab.keyboard.press("Space")
    expect(attending).to_be_checked()
    _tab_to(tab, tab.get_by_role("button", name="Send my reply"))
    _posted_by_htmx(tab)
    expect(reply_area.get_by_text("Thank you: you are attending.")).to_be_visible()
    _focus_kept_in(tab, reply_area)
    expect(reply_area.get_by_role("status")).to_be_focused()  # the message is read out first
    assert_accessible(tab)
    # The next Tab carries on into the reply form, at the answer she gave.
    tab.keyboard.press("Tab")
    expect(tab.get_by_role("radio", name="I am attending")).to_be_focused()
    _focus_shown(tab)
    assert Invitation.objects.get(session__title="East launch", person=world.alice).reply == Reply.ATTENDING

    # The module day: apologies, first forgetting the reason, then giving it.
    _follow(tab, tab.get_by_role("link", name="Back to the schedule"))
    _follow(tab, tab.get_by_role("link", name="Building trust day"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Building trust day")
    assert_accessible(tab)
    _tab_to(tab, tab.get_by_role("radio", name="I am attending"))
    tab.keyboard.press("ArrowDown")  # the arrow moves to the next answer and chooses it
    apologies = tab.get_by_role("radio", name="I am sending apologies")
    expect(apologies).to_be_checked()
    expect(apologies).to_be_focused()
    _tab_to(tab, tab.get_by_role("button", name="Send my reply"))
    _posted_by_htmx(tab)
    summary = reply_area.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Say why you cannot come, so the facilitators can plan.")
    _focus_kept_in(tab, reply_area)
    expect(summary).to_be_focused()  # the error summary takes the focus, as on a full page
    assert_accessible(tab)
    # Its link leads to the box to fill in.
    _tab_to(tab, summary.get_by_role("link", name="Reason for apologies", exact=False))
    tab.keyboard.press("Enter")
    reason = tab.get_by_label("Reason for apologies")
    expect(reason).to_be_focused()
    _focus_shown(tab)
    tab.keyboard.type("Ward inspection that day")
    expect(apologies).to_be_checked()  # the swapped form kept her answer
    _tab_to(tab, tab.get_by_role("button", name="Send my reply"))
    _posted_by_htmx(tab)
    expect(reply_area.get_by_text("Thank you: your apologies are sent.")).to_be_visible()
    expect(reply_area.get_by_role("status")).to_be_focused()
    assert_accessible(tab)
    invitation = Invitation.objects.get(session__title="Building trust day", person=world.alice)
    assert (invitation.reply, invitation.apology_reason) == (Reply.APOLOGIES, "Ward inspection that day")

    # The session she came to is under Past; its feedback is one of her questionnaires.
    _follow(tab, tab.get_by_role("link", name="Back to the schedule"))
    _follow(tab, tab.get_by_role("navigation", name="Which sessions").get_by_role("link", name="Past"))
    assert_accessible(tab)
    _follow(tab, tab.get_by_role("link", name="Systems thinking day"))
    expect(tab.get_by_text("You replied: Attending")).to_be_visible()
    assert_accessible(tab)
    _menu(tab, "My progress")
    expect(tab.get_by_role("heading", level=1)).to_have_text("My progress")
    assert_accessible(tab)
    _follow(tab, tab.get_by_role("link", name="Session feedback: Systems thinking day", exact=False))
    expect(tab.get_by_role("heading", level=1)).to_contain_text("Systems thinking day")
    assert_accessible(tab)
    # Tab reaches each question's first answer; the arrows move along the scale and choose.
    useful = tab.get_by_role("group", name="This session was useful for my work.", exact=False)
    _tab_to(tab, useful.get_by_role("radio").first)
    for _ in range(3):
        tab.keyboard.press("ArrowRight")
    expect(useful.get_by_role("radio").nth(3)).to_be_checked()  # 4, agree
    recommend = tab.get_by_role("group", name="I would recommend this session", exact=False)
    _tab_to(tab, recommend.get_by_role("radio").first)
    for _ in range(4):
        tab.keyboard.press("ArrowRight")
    expect(recommend.get_by_role("radio").nth(4)).to_be_checked()  # 5, strongly agree
    _tab_to(tab, tab.get_by_label("One thing I learnt", exact=False))
    tab.keyboard.type("Ask the council's team before assuming what they can do.")
    _follow(tab, tab.get_by_role("button", name="Save my answers"))
    expect(tab.get_by_text("Your answers are saved")).to_be_visible()
    assert_accessible(tab)
    answers = Response.objects.get(person=world.alice, round__session__title="Systems thinking day").answers
    assert answers == {
        "useful": 4,
        "recommend": 5,
        "learnt": "Ask the council's team before assuming what they can do.",
    }

    # A journal entry from a prompt, chosen with the arrow keys, then found again later.
    _follow(tab, tab.get_by_role("link", name="Open my journal"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("My journal")
    assert_accessible(tab)
    prompt = tab.get_by_label("Start from a prompt")
    _tab_to(tab, prompt)
    tab.keyboard.press("ArrowDown")
    expect(prompt).to_have_value(
        "Who did you meet this month from an organisation you rarely work with, and what surprised you?"
    )
    _tab_to(tab, tab.get_by_label("Your reflection"))
    tab.keyboard.type("The housing officer on my table knew half my discharge list by name.")
    _follow(tab, tab.get_by_role("button", name="Save to my journal"))
    expect(tab.get_by_text("Saved to your journal. Only you can read it.")).to_be_visible()
    assert_accessible(tab)
    entry = JournalEntry.objects.get(person=world.alice, body__startswith="The housing officer")
    assert entry.prompt.startswith("Who did you meet this month")

    _follow(tab, tab.get_by_role("link", name="Back to my progress"))
    _follow(tab, tab.get_by_role("link", name="Open my journal"))
    today = f"{timezone.localtime(entry.created_at):%-d %B %Y}"
    # Each entry's link says which entry it is, not only its date.
    newest = tab.get_by_role("link", name=re.compile(rf"^{today}\W+The housing officer"))
    expect(tab.get_by_role("link", name="Met the discharge team lead", exact=False)).to_have_count(1)
    _follow(tab, newest)
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"Journal entry, {today}")
    expect(tab.get_by_label("Your reflection")).to_have_value(
        "The housing officer on my table knew half my discharge list by name."
    )
    assert_accessible(tab)


# -- The facilitator's register ------------------------------------------------------------------


def _todays_register(world: World) -> None:
    """Today's session, begun ten minutes ago: Alice, Bob and three more East participants, one of
    whom sent apologies."""
    session = make_session(
        world, "East development day", invite=[world.alice, world.bob], facilitators=[world.fred]
    )
    names = ["Dina District", "Evan Estates", "Gita General"]
    council = Organisation.objects.get(name="County Council")
    for name in names:
        person = factories.PersonFactory(
            full_name=name, email=name.split()[0].lower() + "@example.org", organisation=council
        )
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        Invitation.objects.create(
            session=session,
            person=person,
            reply=Reply.APOLOGIES if name == "Gita General" else Reply.ATTENDING,
            apology_reason="On leave" if name == "Gita General" else "",
        )


def _marks() -> dict[str, str]:
    return dict(Attendance.objects.values_list("person__full_name", "mark"))


def _mark(page: Page, mark: str, name: str) -> None:
    """Tab to a person's mark, press Space, and check the swap kept the focus in the list."""
    register = page.get_by_role("list", name="People invited")
    button = register.get_by_role("button", name=f"{mark} – {name}")
    _tab_to(page, button)
    _posted_by_htmx(page, "Space")
    expect(button).to_have_attribute("aria-pressed", "true")
    _focus_kept_in(page, register)
    expect(button).to_be_focused()  # the same mark, swapped in, still has the focus
    _focus_shown(page)


def test_a_facilitator_takes_the_register_by_keyboard(tab: Page, live_server: LiveServer, world: World) -> None:
    _todays_register(world)
    _sign_in(tab, live_server.url, "fred@example.org")
    _programme(tab, live_server.url, world)

    _menu(tab, "Attendance")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Attendance")
    assert_accessible(tab)
    _follow(tab, tab.get_by_role("link", name="Register for East development day", exact=False))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Register")
    assert_accessible(tab)
    counts = tab.locator("#register-counts")
    expect(counts.locator("[data-count=unmarked]")).to_have_text("4")  # Gita's apologies are filled in

    # Find Bob: type in the search box and press Enter.
    _tab_to(tab, tab.get_by_label("Find a person"))
    tab.keyboard.type("bob")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert "q=bob" in tab.url
    register = tab.get_by_role("list", name="People invited")
    expect(register.get_by_role("listitem")).to_have_count(1)
    expect(tab.get_by_text("1 of 5 people match “bob”.")).to_be_visible()
    assert_accessible(tab)
    _mark(tab, "Present", "Bob Council")
    expect(counts.locator("[data-count=present]")).to_have_text("1")
    assert_accessible(tab)

    # Everyone again: Alice is marked present, then late, then present after all; Dina is here.
    # Each swap leaves the focus on the mark pressed, and Tab and Shift+Tab carry on from there.
    _follow(tab, tab.get_by_role("link", name="Show everyone"))
    tab.evaluate("window.cgSamePage = true")
    _mark(tab, "Present", "Alice Acute")
    tab.keyboard.press("Tab")
    expect(tab.get_by_role("button", name="Late – Alice Acute")).to_be_focused()
    _focus_shown(tab)
    _posted_by_htmx(tab, "Enter")
    expect(tab.get_by_role("button", name="Late – Alice Acute")).to_have_attribute("aria-pressed", "true")
    expect(tab.get_by_role("button", name="Late – Alice Acute")).to_be_focused()
    expect(counts.locator("[data-count=late]")).to_have_text("1")
    expect(counts.locator("[data-count=present]")).to_have_text("1")
    # Back up with Shift+Tab to a mark already passed: Alice was present after all.
    _tab_to(tab, tab.get_by_role("button", name="Present – Alice Acute"), backwards=True)
    _posted_by_htmx(tab, "Enter")
    expect(tab.get_by_role("button", name="Present – Alice Acute")).to_be_focused()
    expect(counts.locator("[data-count=present]")).to_have_text("2")
    _mark(tab, "Present", "Dina District")
    expect(counts.locator("[data-count=unmarked]")).to_have_text("1")  # Evan
    assert_accessible(tab)
    assert _marks() == {
        "Alice Acute": Mark.PRESENT, "Bob Council": Mark.PRESENT, "Dina District": Mark.PRESENT,
    }
    assert tab.evaluate("window.cgSamePage") is True  # marked without a reload

    # The rest absent in one go (Gita keeps her apologies), then taken back.
    _from_the_top(tab)
    _follow(tab, tab.get_by_role("button", name="Mark everyone not yet marked as absent"))
    expect(tab.get_by_text("Marked 1 person absent.")).to_be_visible()
    expect(counts.locator("[data-count=unmarked]")).to_have_text("0")
    assert_accessible(tab)
    assert _marks()["Evan Estates"] == Mark.ABSENT
    assert "Gita General" not in _marks()
    _follow(tab, tab.get_by_role("button", name="Undo: take back the absent marks just made"))
    expect(tab.get_by_text("Took back 1 absent mark: not marked again.")).to_be_visible()
    expect(counts.locator("[data-count=unmarked]")).to_have_text("1")
    expect(tab.get_by_role("button", name="Undo: take back the absent marks just made")).to_have_count(0)
    assert_accessible(tab)
    assert "Evan Estates" not in _marks()
    # After the reload the register still answers the keyboard: Evan came in late after all.
    _mark(tab, "Late", "Evan Estates")
    expect(counts.locator("[data-count=unmarked]")).to_have_text("0")
    assert_accessible(tab)
