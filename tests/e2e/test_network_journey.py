"""The relationship survey in a real browser.

Nadia, a new East participant who has not decided yet, chooses to be listed, marks colleagues
with the keyboard alone, and later sees her network grow. Lena, the lead, reads the figures and
the map, which say nothing until 5 people stand behind them and never name anyone who did not
agree to be named.
"""

import datetime as dt
import json

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from commonground.network import services
from commonground.network.models import (
    EncounterSource,
    RosterConsent,
    RoundKind,
    SurveyRound,
    TieReport,
)
from commonground.programmes.models import Cohort, Programme, Role, Sector
from tests import factories
from tests.conftest import PASSWORD, World
from tests.e2e.checks import (
    assert_accessible,
    hold_first_post,
    open_menu,
    screenshot,
    sign_in,
    table_rows,
)
from tests.factories import where_of


def _participant(
    world: World, name: str, organisation_name: str, sector: Sector, *, cohort: Cohort | None = None
) -> Person:
    organisation = factories.OrganisationFactory(
        system=world.programme.system, name=organisation_name, sector=sector
    )
    email = name.split()[0].lower() + "@example.org"
    person = factories.PersonFactory(
        full_name=name, email=email, organisation=organisation, place=(cohort or world.east).place
    )
    factories.MembershipFactory(
        person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=cohort or world.east
    )
    return person


def _list(programme: Programme, *people: Person, named: bool = False) -> None:
    for person in people:
        RosterConsent.objects.create(
            person=person, programme=programme, listed=True, named_on_maps=named
        )


def _tab_to(page: Page, target: Locator, *, backwards: bool = False, limit: int = 60) -> None:
    """Press Tab (or Shift+Tab) until the target has focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of {key} never reached {target}")


def _mark(page: Page, checkbox: Locator, row: Locator) -> None:
    """Tab to a checkbox, press Space, and wait for the row to say it saved, focus kept."""
    _tab_to(page, checkbox)
    with page.expect_response(lambda response: response.request.method == "POST") as saved:
        page.keyboard.press("Space")
    assert saved.value.ok
    expect(row).to_contain_text("Saved")
    expect(checkbox).to_be_checked()
    expect(checkbox).to_be_focused()  # htmx puts focus back on the swapped-in checkbox


def _search(page: Page, text: str, shown: str) -> None:
    """Type into the search box (already focused) and wait for the live filter to answer."""
    page.keyboard.press("Control+A")
    if text:
        page.keyboard.type(text)
    else:
        page.keyboard.press("Backspace")
    expect(page.locator("#roster-shown")).to_contain_text(shown)


def _picture_draws(page: Page) -> None:
    """Cytoscape drew something: its canvases exist and hold non-transparent pixels."""
    picture = page.locator("[data-network-picture]")
    expect(picture.locator("canvas").first).to_be_attached()
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-network-picture] canvas')].some(canvas => {
            const { width, height } = canvas;
            if (!width || !height) return false;
            const pixels = canvas.getContext('2d').getImageData(0, 0, width, height).data;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) return true;
            return false;
        })"""
    )


def test_a_participant_joins_the_survey_marks_colleagues_by_keyboard_and_sees_her_network_grow(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    nadia = _participant(
        world, "Nadia Newcomer", "Surrey Community Health", Sector.COMMUNITY_HEALTH
    )
    dina = _participant(
        world, "Dina District", "Mole Valley District Council", Sector.DISTRICT_COUNCIL
    )
    evan = _participant(world, "Evan Estates", "Raven Housing Trust", Sector.HOUSING)
    gita = _participant(
        world, "Gita General", "East Surrey Primary Care Network", Sector.PRIMARY_CARE
    )
    _list(world.programme, dina, evan, gita)
    # The launch event sat Nadia at a table with Bob and Gita.
    services.record_encounters(
        programme=world.programme,
        groups=[[nadia.pk, world.bob.pk, gita.pk]],
        source=EncounterSource.SESSION_TABLE,
        source_ref="launch-1",
        source_label="Launch event, table 1",
        occurred_on=timezone.localdate(),
    )
    sign_in(tab, live_server.url, email="nadia@example.org", password=PASSWORD)

    open_menu(tab, "Relationship survey")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Relationship survey")
    expect(tab.get_by_role("heading", name="Survey rounds")).to_have_count(0)  # not listed yet
    assert_accessible(tab)

    # Choosing to be listed, keyboard only: Tab into the radios, Space, Tab to the button, Enter.
    yes = tab.get_by_role("radio", name="Yes, list me")
    _tab_to(tab, yes)
    tab.keyboard.press("Space")
    expect(yes).to_be_checked()
    _tab_to(tab, tab.get_by_role("button", name="Save my choice"))
    tab.keyboard.press("Enter")

    expect(tab.get_by_role("status")).to_contain_text("You are listed")
    consent = RosterConsent.objects.get(person=nadia, programme=world.programme)
    assert consent.listed and not consent.named_on_maps
    assert_accessible(tab)

    start_link = tab.get_by_role("link", name="Start of the programme (East Surrey cohort)")
    _tab_to(tab, start_link)
    tab.keyboard.press("Enter")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Who do you know?")
    expect(tab.locator("#roster-shown")).to_have_text("5 listed colleagues.")
    expect(tab.locator("#roster-status")).to_have_text("0 of 5 colleagues marked")
    expect(tab.get_by_text("Carol Charity")).to_have_count(0)  # another cohort, and undecided
    assert_accessible(tab)
    tab.evaluate("() => { window.notReloaded = true; }")

    _tab_to(tab, tab.get_by_label("Search by name or organisation"))
    _search(tab, "Mole Valley", "1 of 5 listed colleagues shown")
    dina_row = tab.locator(f"#row-{dina.pk}")
    _mark(tab, dina_row.get_by_role("checkbox", name="Dina District: Knew before"), dina_row)
    _mark(tab, dina_row.get_by_role("checkbox", name="Dina District: Worked with"), dina_row)

    assert tab.evaluate("() => window.notReloaded") is True
    report = TieReport.objects.get(round=world.east_start, reporter=nadia, colleague=dina)
    assert (report.knows, report.worked_with, report.go_to_for_help) == (True, True, False)
    assert_accessible(tab)

    # Months later the midpoint round opens.
    now = timezone.now()
    midpoint = SurveyRound.objects.create(
        programme=world.programme,
        cohort=world.east,
        kind=RoundKind.MIDPOINT,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=14),
    )
    open_menu(tab, "Relationship survey")

    expect(
        tab.get_by_role("link", name="Start of the programme (East Surrey cohort)")
    ).to_be_visible()
    assert_accessible(tab)

    tab.get_by_role("link", name="Midway through (East Surrey cohort)").click()

    expect(tab.get_by_role("columnheader", name="Know now")).to_be_visible()
    assert_accessible(tab)
    tab.evaluate("() => { window.notReloaded = true; }")
    search = tab.get_by_label("Search by name or organisation")
    _tab_to(tab, search)
    _search(tab, "Dina", "1 of 5 listed colleagues shown")
    _mark(tab, dina_row.get_by_role("checkbox", name="Dina District: Know"), dina_row)
    _tab_to(tab, search, backwards=True)
    _search(tab, "Evan", "1 of 5 listed colleagues shown")
    evan_row = tab.locator(f"#row-{evan.pk}")
    _mark(tab, evan_row.get_by_role("checkbox", name="Evan Estates: Know"), evan_row)

    assert tab.evaluate("() => window.notReloaded") is True
    assert set(
        TieReport.objects.filter(round=midpoint, reporter=nadia).values_list(
            "colleague__full_name", "knows"
        )
    ) == {("Dina District", True), ("Evan Estates", True)}
    _tab_to(tab, search, backwards=True)
    _search(tab, "", "5 listed colleagues.")
    expect(tab.locator("#roster-status")).to_contain_text("2 of 5 colleagues marked")
    assert_accessible(tab)
    screenshot(tab, "network-roster")

    open_menu(tab, "My network")

    expect(tab.get_by_role("heading", level=1)).to_have_text("My network")
    assert table_rows(tab, "Then and now") == [
        ["People", "1", "2", "+1"],
        ["Organisations", "1", "2", "+1"],
        ["Sectors", "1", "2", "+1"],
    ]
    # The picture and its lists draw the same people, ring by ring.
    lists = {
        kind: tab.get_by_role("list", name=label).locator(".cg-people__name").all_text_contents()
        for kind, label in (
            ("known", "Knew at the start, know now (1)"),
            ("new", "New since the start (1)"),
            ("met", "Met through the programme, not marked (2)"),
        )
    }
    assert lists == {"known": ["Dina District"], "new": ["Evan Estates"], "met": ["Bob Council", "Gita General"]}
    dots = tab.locator("svg.cg-my-network circle.cg-my-network__dot")
    drawn = {
        (dot.locator("title").text_content() or "").split(",")[0]: dot.get_attribute("data-kind")
        for dot in dots.all()
    }
    assert drawn == {"Bob Council": "met", "Dina District": "known", "Evan Estates": "new", "Gita General": "met"}
    assert_accessible(tab)
    screenshot(tab, "network-mine")


def test_a_second_mark_made_the_moment_the_first_is_saved_is_not_lost(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    nadia = _participant(
        world, "Nadia Newcomer", "Surrey Community Health", Sector.COMMUNITY_HEALTH
    )
    dina = _participant(
        world, "Dina District", "Mole Valley District Council", Sector.DISTRICT_COUNCIL
    )
    _list(world.programme, nadia, dina)
    sign_in(tab, live_server.url, email="nadia@example.org", password=PASSWORD)
    tab.goto(
        f"{live_server.url}/programmes/{world.programme.pk}/network/rounds/{world.east_start.pk}/"
    )
    row = tab.locator(f"#row-{dina.pk}")
    # As the saved row arrives, tick the next box in the very next task: the quickest any
    # person could press a key. The new row's boxes must already answer.
    tab.evaluate(
        """id => document.body.addEventListener("htmx:afterSwap", () => setTimeout(
            () => document.getElementById("worked_with-" + id).click(), 0), {once: true})""",
        dina.pk,
    )
    saves: list[int] = []
    tab.on("response", lambda r: saves.append(r.status) if r.request.method == "POST" else None)
    row.get_by_role("checkbox", name="Dina District: Knew before").check()
    for _ in range(50):  # up to 5 s for both saves to come back
        if len(saves) == 2:
            break
        tab.wait_for_timeout(100)
    assert saves == [200, 200]
    expect(row.get_by_role("checkbox", name="Dina District: Worked with")).to_be_checked()
    expect(tab.locator("#roster-status")).to_contain_text("Saved your marks for Dina District")
    report = TieReport.objects.get(round=world.east_start, reporter=nadia, colleague=dina)
    assert (report.knows, report.worked_with) == (True, True)


def test_a_second_mark_made_while_the_first_is_still_on_its_way_is_saved_and_shown(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    """On a slow connection a person ticks two boxes of one row before the first save answers."""
    nadia = _participant(world, "Nadia Newcomer", "Surrey Community Health", Sector.COMMUNITY_HEALTH)
    dina = _participant(world, "Dina District", "Mole Valley District Council", Sector.DISTRICT_COUNCIL)
    _list(world.programme, nadia, dina)
    sign_in(tab, live_server.url, email="nadia@example.org", password=PASSWORD)
    url = f"{live_server.url}/programmes/{world.programme.pk}/network/rounds/{world.east_start.pk}/"
    tab.goto(url)
    held = hold_first_post(tab, url)
    row = tab.locator(f"#row-{dina.pk}")
    row.get_by_role("checkbox", name="Dina District: Knew before").check()
    row.get_by_role("checkbox", name="Dina District: Go to for help").check()
    held.wait_until_held()
    assert len(held.posted) == 1, "the second tick waits for the first save instead of racing it"
    held.release(answers=2)

    assert held.answers == [200, 200]
    assert "go_to_for_help" in held.posted[1] and "knows" in held.posted[1], "the queued save sends the row as it stands"
    expect(row).to_contain_text("Saved")
    expect(row.get_by_role("checkbox", name="Dina District: Knew before")).to_be_checked()
    expect(row.get_by_role("checkbox", name="Dina District: Go to for help")).to_be_checked()
    expect(tab.locator("#roster-status")).to_have_text("Saved your marks for Dina District. 1 of 3 colleagues marked")
    report = TieReport.objects.get(round=world.east_start, reporter=nadia, colleague=dina)
    assert (report.knows, report.worked_with, report.go_to_for_help) == (True, False, True)
    assert_accessible(tab)  # also fails on any console error, such as a save with nowhere to land


def test_a_lead_sees_figures_and_a_map_only_once_enough_people_are_listed(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    for i in range(5):  # West: Carol and five more, none listed (a cohort of one hides its neighbour's size)
        person = factories.PersonFactory(full_name=f"Westie {i}", email=f"w{i}@example.org")
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)

    open_menu(tab, "Relationships")

    expect(tab.get_by_role("heading", level=1)).to_have_text("Relationships across the system")
    rounds = table_rows(tab, "By survey round")
    assert [row[2] for row in rounds] == ["not shown", "0"]  # Alice and Bob are listed in East
    assert_accessible(tab)

    tab.get_by_role("link", name="Map: Start of the programme (East Surrey cohort)").click()

    expect(
        tab.get_by_text("Fewer than 5 people are listed in this round, so there is no map.")
    ).to_be_visible()
    expect(tab.locator("[data-network-picture]")).to_have_count(0)
    expect(tab.get_by_text("Alice Acute")).to_have_count(0)
    assert_accessible(tab)

    # The cohort fills up: twenty more people listed (a few named), one who said no, and answers.
    organisations = [
        where_of(world.alice, world.programme).organisation,
        where_of(world.bob, world.programme).organisation,
        factories.OrganisationFactory(
            system=world.programme.system,
            name="Surrey Community Health",
            sector=Sector.COMMUNITY_HEALTH,
        ),
        factories.OrganisationFactory(
            system=world.programme.system, name="Raven Housing Trust", sector=Sector.HOUSING
        ),
    ]
    names = [
        "Hana Hughes",
        "Ian Irving",
        "Jo Jennings",
        "Kit Kaur",
        "Lou Lambert",
        "Max Mensah",
        "Nell Nolan",
        "Omar Okafor",
        "Pip Patel",
        "Quinn Quayle",
        "Ruth Reyes",
        "Sol Santos",
        "Tess Turner",
        "Ugo Udeh",
        "Vic Vance",
        "Wen Wu",
        "Xan Xavier",
        "Yas Yilmaz",
        "Zed Zhou",
        "Abi Adeyemi",
        "Uma Unlisted",
    ]
    people: list[Person] = []
    for i, name in enumerate(names):
        person = factories.PersonFactory(
            full_name=name,
            email=f"{name.split()[0].lower()}@example.org",
            organisation=organisations[i % 4],
            place=world.east.place,
        )
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
        people.append(person)
    *listed, uma = people
    named = listed[:3]
    _list(world.programme, *named, named=True)
    _list(world.programme, *listed[3:])
    RosterConsent.objects.create(person=uma, programme=world.programme, listed=False)
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    everyone = [world.alice, world.bob, *listed]
    for i, reporter in enumerate(everyone):
        # Mostly colleagues in the same organisation (4 apart), and one across.
        for step in (4, 8, 1):
            services.save_tie_marks(
                survey_round=world.east_start,
                reporter=reporter,
                colleague_id=everyone[(i + step) % len(everyone)].pk,
                knows=True,
                worked_with=step == 4,
                go_to_for_help=False,
            )

    tab.reload()

    expect(tab.get_by_text("so there is no map")).to_have_count(0)
    _picture_draws(tab)
    data = json.loads(tab.locator("#network-map-data").text_content() or "{}")
    assert len(data["nodes"]) == 22
    assert sorted(n["label"] for n in data["nodes"] if n["label"]) == sorted(
        ["Alice Acute", "Hana Hughes", "Ian Irving", "Jo Jennings"]
    )
    html = tab.content()
    # Unlisted, undecided, or listed but not named: nowhere in the page, data block included.
    for hidden in [uma, world.carol, world.bob, *listed[3:]]:
        assert hidden.full_name not in html
    assert "22 people" in (tab.locator("main").text_content() or "")
    assert_accessible(tab)
    screenshot(tab, "network-map")

    tab.get_by_role("link", name="Back to the figures").click()

    east = table_rows(tab, "By survey round")[0]
    assert east[:4] == ["East Surrey cohort", "Start of the programme", "22", "22"]
    assert "Uma Unlisted" not in tab.content() and "Carol Charity" not in tab.content()
    assert_accessible(tab)
    screenshot(tab, "network-figures")


def test_a_funder_sees_the_map_as_ties_between_sectors_and_no_one_in_it(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    health = factories.OrganisationFactory(
        system=world.programme.system, name="Surrey Community Health", sector=Sector.COMMUNITY_HEALTH
    )
    people = [world.alice, world.bob]
    for i in range(12):
        person = factories.PersonFactory(
            full_name=f"Listed Person{i}", email=f"listed{i}@example.org",
            organisation=health if i % 2 else where_of(world.bob, world.programme).organisation, place=world.east.place,
        )
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        people.append(person)
    _list(world.programme, *people[2:], named=True)  # they agreed to be named: staff only ever see that
    for reporter, colleague in zip(people, people[1:] + people[:1], strict=True):
        services.save_tie_marks(survey_round=world.east_start, reporter=reporter, colleague_id=colleague.pk,
                                knows=True, worked_with=False, go_to_for_help=False)

    sign_in(tab, live_server.url, email="fiona@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/network/figures/")
    tab.get_by_role("link", name="Map: Start of the programme (East Surrey cohort)").click()
    _picture_draws(tab)
    raw = tab.locator("#network-map-data").text_content() or "{}"
    data = json.loads(raw)
    assert {n["id"] for n in data["nodes"]} == {
        "sector-nhs_acute", "sector-adult_social_care", "sector-community_health",
    }
    html = tab.content()
    for person in people:
        assert person.full_name not in html and f'"p{person.pk}"' not in raw
    assert dict(table_rows(tab, "People by sector"))["NHS acute"] == "not shown"  # Alice alone
    assert_accessible(tab)
    screenshot(tab, "network-map-funder")
