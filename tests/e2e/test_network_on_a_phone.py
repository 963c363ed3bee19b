"""The relationship survey and My network on a phone, and the survey by keyboard alone.

Nadia answers the survey on a 375 px phone: she finds a colleague by part of a name, ticks a box,
clears the search and saves, and the ticks she made before, hidden while she searched, are still
there. Then she goes through it with the keyboard alone. Her network's picture keeps its words
readable at a phone's width and a laptop's.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from commonground.network import services
from commonground.network.models import EncounterSource, RoundKind, SurveyRound, TieReport
from commonground.programmes.models import Sector
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.e2e.test_network_journey import _list, _participant, _tab_to

PHONE = {"width": 375, "height": 700}
LAPTOP = {"width": 1280, "height": 900}
SECTORS = [Sector.NHS_ACUTE, Sector.ADULT_SOCIAL_CARE, Sector.HOUSING, Sector.PRIMARY_CARE, Sector.POLICE]
ORGANISATIONS = [
    "East Surrey Hospitals NHS Trust", "Surrey County Council Adult Social Care", "Raven Housing Trust",
    "Redhill and Reigate Primary Care Network", "Surrey Police",
]
FIRST = ["Abi", "Ben", "Cas", "Dev", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jon", "Kai", "Lex", "Mo", "Ned", "Ola",
         "Pat", "Quin", "Rae", "Sol", "Tam", "Uma", "Vic", "Wyn", "Xan", "Yan", "Zac", "Amy", "Bo", "Cy"]


def _cohort(world: World) -> tuple[Person, list[Person], Person]:
    """Nadia, thirty listed colleagues of hers in the East cohort, and Zoë among them."""
    nadia = _participant(world, "Nadia Newcomer", "Surrey Community Health", Sector.COMMUNITY_HEALTH)
    colleagues = []
    for i, first in enumerate(FIRST):
        person = _participant(world, f"{first} Colleague{i}", ORGANISATIONS[i % 5] + ("" if i < 5 else f" {i}"),
                              SECTORS[i % 5])
        colleagues.append(person)
    zoe = _participant(world, "Zoë Ångström", "Mole Valley District Council", Sector.DISTRICT_COUNCIL)
    _list(world.programme, nadia, zoe, *colleagues)
    return nadia, colleagues, zoe


def _url(live_server: LiveServer, world: World) -> str:
    return f"{live_server.url}/programmes/{world.programme.pk}/network/rounds/{world.east_start.pk}/"


def _answers(world: World, nadia: Person) -> dict[str, tuple[bool, bool, bool]]:
    return {
        r.colleague.full_name: (r.knows, r.worked_with, r.go_to_for_help)
        for r in TieReport.objects.filter(round=world.east_start, reporter=nadia).select_related("colleague")
    }


def _in_clear_view(page: Page, control: Locator) -> None:
    """The control sits between the sticky column headings and the sticky bar, not under either."""
    box = control.evaluate(
        """element => {
            const target = (element.labels && element.labels[0]) || element;
            const r = element.getBoundingClientRect();
            const head = document.querySelector('.cg-roster__table thead th').getBoundingClientRect();
            const bar = document.querySelector('.cg-roster__bar').getBoundingClientRect();
            const ring = getComputedStyle(target, '::before').boxShadow;
            return {top: r.top, bottom: r.bottom, head: head.bottom, bar: bar.top, ring};
        }"""
    )
    assert box["head"] - 1 <= box["top"] and box["bottom"] <= box["bar"] + 1, box
    assert "rgb(255, 235, 59)" in box["ring"], "the focused box shows the NHS.UK yellow focus ring"


def test_on_a_phone_a_participant_finds_a_colleague_ticks_clears_the_search_and_saves(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    nadia, colleagues, zoe = _cohort(world)
    services.save_tie_marks(survey_round=world.east_start, reporter=nadia, colleague_id=colleagues[3].pk,
                            knows=True, worked_with=False, go_to_for_help=False)
    phone = new_tab(viewport=PHONE, has_touch=True, timeout=20_000)
    sign_in(phone, live_server.url, email="nadia@example.org", password=PASSWORD)

    phone.goto(_url(live_server, world))

    expect(phone.get_by_role("heading", level=1)).to_have_text("Who do you know?")
    expect(phone.locator("#roster-status")).to_have_text("1 of 32 colleagues marked")
    heights = phone.locator(".cg-roster__row").evaluate_all("rows => rows.map(r => r.getBoundingClientRect().height)")
    assert len(heights) == 32
    assert max(heights) <= 100 and sum(heights) / len(heights) <= 80, heights  # one compact row a colleague
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "nothing runs off the side"
    assert_accessible(phone)
    screenshot(phone, "network-roster-phone")

    search = phone.get_by_label("Search by name or organisation")
    search.tap()
    phone.keyboard.type("zoe")

    expect(phone.locator("#roster-shown")).to_have_text("1 of 32 listed colleagues shown.")
    expect(phone.locator(".cg-roster__row:visible")).to_have_count(1)
    dev = phone.locator(f"#knows-{colleagues[3].pk}")  # roles leave hidden boxes out: find it by its id
    expect(dev).to_be_hidden()
    expect(dev).to_be_checked()  # hidden, never dropped
    worked = phone.get_by_role("checkbox", name="Zoë Ångström: Worked with")
    with phone.expect_response(lambda response: response.request.method == "POST") as saved:
        worked.tap()
    assert saved.value.ok
    expect(phone.locator(f"#row-{zoe.pk}")).to_contain_text("Saved")
    expect(phone.locator("#roster-status")).to_have_text(
        "Saved your marks for Zoë Ångström. 2 of 32 colleagues marked"
    )
    assert_accessible(phone)

    search.fill("")

    expect(phone.locator("#roster-shown")).to_have_text("32 listed colleagues.")
    expect(phone.locator(".cg-roster__row:visible")).to_have_count(32)
    expect(dev).to_be_checked()
    # Halfway down the list the headings and the bar with the count and the button stay in sight.
    phone.locator(f"#row-{colleagues[15].pk}").scroll_into_view_if_needed()
    sticky = phone.evaluate(
        """() => ({head: document.querySelector('.cg-roster__table thead th').getBoundingClientRect().top,
                   bar: document.querySelector('.cg-roster__bar').getBoundingClientRect().bottom,
                   height: window.innerHeight})"""
    )
    assert abs(sticky["head"]) <= 1 and abs(sticky["bar"] - sticky["height"]) <= 1, sticky
    phone.get_by_role("button", name="Save answers").tap()

    expect(phone.get_by_role("status").filter(has_text="Your answers are saved.")).to_be_visible()
    expect(phone.locator("#roster-status")).to_have_text("2 of 32 colleagues marked")
    assert _answers(world, nadia) == {
        colleagues[3].full_name: (True, False, False),
        "Zoë Ångström": (False, True, False),
    }
    assert_accessible(phone)


def test_the_survey_by_keyboard_alone(tab: Page, live_server: LiveServer, world: World) -> None:
    nadia, colleagues, _ = _cohort(world)
    sign_in(tab, live_server.url, email="nadia@example.org", password=PASSWORD)
    tab.set_viewport_size(PHONE)
    tab.goto(_url(live_server, world))
    assert_accessible(tab)
    search = tab.get_by_label("Search by name or organisation")

    _tab_to(tab, search)
    tab.keyboard.type("Ångström")
    expect(tab.locator("#roster-shown")).to_have_text("1 of 32 listed colleagues shown.")

    knew = tab.get_by_role("checkbox", name="Zoë Ångström: Knew before")
    tab.keyboard.press("Tab")  # the search's own button is for pages without scripts: Tab goes past it
    expect(knew).to_be_focused()
    _in_clear_view(tab, knew)
    with tab.expect_response(lambda response: response.request.method == "POST"):
        tab.keyboard.press("Space")
    expect(knew).to_be_checked()
    expect(knew).to_be_focused()
    tab.keyboard.press("Tab")
    help_box = tab.get_by_role("checkbox", name="Zoë Ångström: Go to for help")
    tab.keyboard.press("Tab")
    expect(help_box).to_be_focused()
    _in_clear_view(tab, help_box)
    with tab.expect_response(lambda response: response.request.method == "POST"):
        tab.keyboard.press("Space")
    expect(tab.locator("#roster-status")).to_contain_text("1 of 32 colleagues marked")
    assert_accessible(tab)

    # Back to the search for another colleague, then on down the list.
    _tab_to(tab, search, backwards=True)
    tab.keyboard.press("Control+A")
    tab.keyboard.type(colleagues[7].full_name)
    expect(tab.locator("#roster-shown")).to_have_text("1 of 32 listed colleagues shown.")
    worked = tab.get_by_role("checkbox", name=f"{colleagues[7].full_name}: Worked with")
    _tab_to(tab, worked, limit=3)
    _in_clear_view(tab, worked)
    with tab.expect_response(lambda response: response.request.method == "POST"):
        tab.keyboard.press("Space")
    expect(worked).to_be_checked()
    save = tab.get_by_role("button", name="Save answers")
    _tab_to(tab, save, limit=3)
    tab.keyboard.press("Enter")

    expect(tab.get_by_role("status").filter(has_text="Your answers are saved.")).to_be_visible()
    assert _answers(world, nadia) == {
        "Zoë Ångström": (True, False, True),
        colleagues[7].full_name: (False, True, False),
    }
    assert_accessible(tab)

    # Down the whole list and back up: each box reached is scrolled clear of the headings and the bar.
    first = tab.get_by_role("checkbox", name="Abi Colleague0: Knew before")
    _tab_to(tab, first)
    for key in ["Tab"] * 45 + ["Shift+Tab"] * 30:
        tab.keyboard.press(key)
        focused = tab.locator("*:focus")
        expect(focused).to_have_attribute("type", "checkbox")
        _in_clear_view(tab, focused)


def _text_sizes(page: Page) -> list[float]:
    """Each text of My network's picture as drawn: its font size times the drawing's scale, in CSS px."""
    return page.locator("svg.cg-my-network text").evaluate_all(
        "texts => texts.map(t => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)"
    )


def test_my_network_is_readable_on_a_phone_and_a_laptop(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    nadia, colleagues, zoe = _cohort(world)
    for colleague in colleagues[:4]:
        services.save_tie_marks(survey_round=world.east_start, reporter=nadia, colleague_id=colleague.pk,
                                knows=True, worked_with=False, go_to_for_help=False)
    now = timezone.now()
    midpoint = SurveyRound.objects.create(programme=world.programme, cohort=world.east, kind=RoundKind.MIDPOINT,
                                          opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=14))
    for colleague in [*colleagues[:3], zoe, colleagues[10]]:
        services.save_tie_marks(survey_round=midpoint, reporter=nadia, colleague_id=colleague.pk,
                                knows=True, worked_with=False, go_to_for_help=False)
    services.record_encounters(programme=world.programme, groups=[[nadia.pk, *(c.pk for c in colleagues[12:28])]],
                               source=EncounterSource.LEARNING_SET, source_ref="set-1", source_label="Learning set 1",
                               occurred_on=timezone.localdate())
    phone = new_tab(viewport=PHONE, timeout=20_000)
    sign_in(phone, live_server.url, email="nadia@example.org", password=PASSWORD)

    phone.goto(f"{live_server.url}/programmes/{world.programme.pk}/network/me/")

    expect(phone.get_by_role("heading", level=1)).to_have_text("My network")
    picture = phone.get_by_role("img", name="Your network")
    expect(picture).to_be_visible()
    sizes = _text_sizes(phone)
    assert len(sizes) >= 4 and min(sizes) >= 12, sizes
    you = phone.locator("svg.cg-my-network text", has_text="You")
    assert you.evaluate("t => t.getBoundingClientRect().height") >= 12
    assert phone.locator("svg.cg-my-network circle.cg-my-network__dot").count() == 22
    expect(phone.get_by_role("list", name="New since the start (2)")).to_contain_text("Zoë Ångström")
    expect(phone.get_by_role("list", name="Knew at the start, not marked now (1)")).to_contain_text(
        colleagues[3].full_name
    )
    expect(phone.get_by_role("list", name="Met through the programme, not marked (16)").locator("li")).to_have_count(16)
    expect(phone.get_by_role("table", name="Colleagues you met, by their sector")).to_contain_text("NHS acute")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(phone)
    screenshot(phone, "network-mine-phone")

    phone.set_viewport_size(LAPTOP)
    phone.reload()

    sizes = _text_sizes(phone)
    assert min(sizes) >= 12 and max(sizes) <= 24, sizes  # readable, and no bigger than a heading
    assert_accessible(phone)
    screenshot(phone, "network-mine-laptop")
