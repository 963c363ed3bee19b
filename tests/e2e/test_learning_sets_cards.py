"""The learning sets page in a real browser: a set per card (two side by side on a laptop, one under
another on a phone), one move control per person; while new sets form, the old sets' quality
figures are gone until the new ones are in; and the sets download as a PDF for the room."""

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.grouping import inputs
from commonground.grouping.models import GroupingRun, LearningSetMember, RunStatus
from commonground.grouping.services import runs
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.grouping.objects import fill_east, sets_of

PHONE = {"width": 375, "height": 812}


def _open_sets(tab: Page, live_server: LiveServer, world: World) -> None:
    # The first page of a live server (templates, static files) can be slow on a busy machine.
    tab.goto(f"{live_server.url}/accounts/sign-in/", timeout=60_000)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/sets/")


def test_sets_are_cards_side_by_side_on_a_laptop_and_stacked_on_a_phone(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    people = fill_east(world, 12)
    sets_of(world, [people[:6], people[6:]])
    LearningSetMember.objects.filter(person=people[0]).update(locked=True)
    for viewport, side_by_side in (({"width": 1280, "height": 900}, True), (PHONE, False)):
        tab = new_tab(viewport=viewport)
        _open_sets(tab, live_server, world)
        one, two = (tab.locator(f".cg-set[data-set-number='{n}']") for n in (1, 2))
        first, second = one.bounding_box(), two.bounding_box()
        assert first is not None and second is not None
        if side_by_side:
            assert second["x"] > first["x"] + first["width"] - 1 and abs(second["y"] - first["y"]) < 1
        else:
            assert second["y"] >= first["y"] + first["height"] and abs(second["x"] - first["x"]) < 1
        # One "Move to…" list per person not locked, offering only the other set.
        expect(tab.locator("select[name='to']")).to_have_count(11)
        expect(tab.get_by_label(f"Move {people[3].full_name} to set").locator("option")).to_have_text(
            ["Move to…", "Set 2"]
        )
        expect(one.get_by_role("button", name=f"Unlock {people[0].full_name}")).to_be_visible()
        expect(one.get_by_text("6 people ·")).to_be_visible()
        assert_accessible(tab)
        screenshot(tab, f"learning-sets-cards-{viewport['width']}")


def test_while_new_sets_form_the_old_figures_are_hidden_until_the_new_ones_are_in(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    people = fill_east(world, 12)
    sets_of(world, [people[:6], people[6:]], bound=0.0)
    run = GroupingRun.objects.create(
        cohort=world.east, requested_by=world.lena, status=RunStatus.RUNNING, progress=0.3, best_value=29,
        parameters={"min_size": 6, "max_size": 6},
    )
    _open_sets(tab, live_server, world)
    expect(tab.get_by_role("progressbar", name="Progress: 30%")).to_be_visible()
    expect(tab.get_by_text("Best score so far: 29")).to_be_visible()
    expect(tab.get_by_role("heading", name="Quality of these sets")).to_have_count(0)
    expect(tab.get_by_text("Proven best possible")).to_have_count(0)
    expect(tab.get_by_text("New sets are being formed")).to_be_visible()
    expect(tab.get_by_role("heading", name="Set 2", exact=True)).to_be_visible()  # the sets that stand
    assert_accessible(tab)
    screenshot(tab, "learning-sets-forming")

    # The worker saves the new sets: the page reloads itself and shows their figures.
    facts = inputs.cohort_people(world.east)
    runs.save_generated_sets(
        run=run, people=facts, assignment=tuple(i % 2 for i in range(len(facts))),
        result={"objective": 40.0, "bound": 23.0, "seconds": 3.1}, locked={},
    )
    expect(tab.get_by_role("heading", name="Quality of these sets")).to_be_visible(timeout=5000)
    expect(tab.locator("#quality")).to_contain_text("Proven best possible23")
    expect(tab.get_by_text("New sets are being formed")).to_have_count(0)
    assert_accessible(tab)


def test_a_lead_downloads_the_sets_as_a_pdf_for_the_room(tab: Page, live_server: LiveServer, world: World) -> None:
    people = fill_east(world, 12)
    sets_of(world, [people[:6], people[6:]])
    _open_sets(tab, live_server, world)
    with tab.expect_download() as download:
        tab.get_by_role("link", name="PDF for the room").click()
    assert download.value.suggested_filename.startswith("learning-sets-east-surrey-cohort-")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="CSV").click()
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == "Set,Name,Organisation,Sector,Place" and "Alice Acute" in text
