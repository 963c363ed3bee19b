"""Learning sets in a real browser, the parts a quick run hides.

The progress bar while a run is genuinely under way: the run row says 40%, the page polls, and when the
test finishes the run the page swaps to the sets. Then a lead drags a person onto another set, sees
the score change before saving, saves; and does the same with the keyboard form.
"""

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.accounts.models import Person
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.grouping.objects import fill_east


def _two_sets(world: World, people: list[Person], run: GroupingRun) -> None:
    """People split into two sets of six, made directly (the engine is not what these tests look at)."""
    for number, members in ((1, people[:6]), (2, people[6:12])):
        learning_set = LearningSet.objects.create(
            cohort=world.east, number=number, name=f"Set {number}", run=run
        )
        LearningSetMember.objects.bulk_create(
            [
                LearningSetMember(learning_set=learning_set, cohort=world.east, person=p)
                for p in members
            ]
        )


def _sign_in_lena(tab: Page, live_server: LiveServer) -> None:
    # The first page of a live server (templates, static files) can be slow on a busy machine.
    tab.goto(f"{live_server.url}/accounts/sign-in/", timeout=60_000)
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)


def _sets_url(live_server: LiveServer, world: World) -> str:
    return f"{live_server.url}/programmes/{world.programme.pk}/cohorts/{world.east.pk}/sets/"


def test_the_progress_bar_fills_while_a_run_is_under_way_then_shows_the_sets(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    people = fill_east(world, 12)
    run = GroupingRun.objects.create(
        cohort=world.east,
        requested_by=world.lena,
        status=RunStatus.RUNNING,
        progress=0.4,
        best_value=31,
        parameters={"min_size": 5, "max_size": 7},
    )
    _sign_in_lena(tab, live_server)
    tab.goto(_sets_url(live_server, world))

    progress = tab.get_by_role("progressbar", name="Progress: 40%")
    expect(progress).to_be_visible()
    expect(progress).to_have_attribute("value", "40")
    expect(tab.get_by_role("heading", name="Forming the sets…")).to_be_visible()
    expect(tab.get_by_text("Best score so far: 31")).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "learning-sets-in-progress")

    # The worker moves on: the next poll shows the new figure without a reload.
    GroupingRun.objects.filter(pk=run.pk).update(progress=0.7, best_value=24)
    expect(tab.get_by_role("progressbar", name="Progress: 70%")).to_be_visible(timeout=5000)
    expect(tab.get_by_text("Best score so far: 24")).to_be_visible()

    # The worker finishes: the page reloads itself and shows the sets.
    _two_sets(world, people, run)
    GroupingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=1.0,
        result={"sets": 2, "people": 12, "seconds": 4.2, "bound": 0.0},
    )
    expect(tab.get_by_role("heading", name="Sets formed")).to_be_visible(timeout=5000)
    expect(tab.get_by_role("progressbar", name="Progress: 100%")).to_be_visible()
    expect(tab.get_by_text("2 sets for 12 people in 4.2 seconds.")).to_be_visible()
    expect(tab.get_by_role("heading", name="Set 2", exact=True)).to_be_visible()
    assert_accessible(tab)


def test_a_lead_drags_a_person_to_another_set_and_moves_one_with_the_keyboard(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    people = fill_east(world, 12)
    run = GroupingRun.objects.create(
        cohort=world.east,
        requested_by=world.lena,
        status=RunStatus.DONE,
        progress=1.0,
        parameters={"min_size": 5, "max_size": 7},
        result={"sets": 2, "people": 12, "seconds": 1.0, "bound": 0.0},
    )
    _two_sets(world, people, run)
    mover = people[2]
    _sign_in_lena(tab, live_server)
    tab.goto(_sets_url(live_server, world))
    before = tab.locator("#objective").inner_text()

    # Take hold of the name (the list item is draggable; its form controls are not) and drop it on set 2.
    member = tab.locator(f".cg-set-member[data-person='{mover.pk}']")
    target = tab.locator(".cg-set[data-set-number='2'] .nhsuk-card__heading")
    tab.evaluate(
        """() => { window.cgDrops = 0; document.addEventListener('drop', () => { window.cgDrops += 1; }, true); }"""
    )
    member.locator("strong").first.drag_to(target)
    if not tab.evaluate("() => window.cgDrops"):
        # Some Chromium builds do not start a native drag from synthetic mouse input; send the same
        # HTML5 drag events (with one DataTransfer, as a real drag carries) to the same elements.
        transfer = tab.evaluate_handle("() => new DataTransfer()")
        member.dispatch_event("dragstart", {"dataTransfer": transfer})
        target.dispatch_event("dragenter", {"dataTransfer": transfer})
        target.dispatch_event("dragover", {"dataTransfer": transfer})
        target.dispatch_event("drop", {"dataTransfer": transfer})
        member.dispatch_event("dragend", {"dataTransfer": transfer})
    assert tab.evaluate("() => window.cgDrops") == 1

    preview = tab.locator("#move-preview")
    expect(preview).to_contain_text(f"If {mover.full_name} moves from set 1 to set 2")
    expect(preview).to_contain_text(f"Score {before} →")
    expect(preview.locator("#preview-objective")).to_be_visible()
    expect(preview).to_contain_text("Set 2: 7 people")
    assert (
        LearningSetMember.objects.get(person=mover).learning_set.number == 1
    )  # a preview saves nothing
    assert_accessible(tab)
    screenshot(tab, "learning-sets-drag-preview")
    previewed = preview.locator("#preview-objective").inner_text()
    preview.get_by_role("button", name="Save this move").click()
    expect(tab.get_by_text(f"{mover.full_name} moved to set 2.")).to_be_visible()
    assert LearningSetMember.objects.get(person=mover).learning_set.number == 2
    expect(tab.locator("#objective")).to_have_text(
        previewed
    )  # the saved score is the previewed score
    expect(
        tab.locator(f".cg-set[data-set-number='2'] .cg-set-member[data-person='{mover.pk}']")
    ).to_be_visible()
    assert_accessible(tab)

    # The keyboard path: choose a set in the list next to a name, preview, save.
    back = people[8]
    tab.get_by_label(f"Move {back.full_name} to set").select_option("1")
    tab.get_by_role("button", name=f"Preview moving {back.full_name}").click()
    expect(preview).to_contain_text(f"If {back.full_name} moves from set 2 to set 1")
    expect(preview).to_contain_text("Set 1: 6 people")
    assert_accessible(tab)
    preview.get_by_role("button", name="Save this move").click()
    expect(tab.get_by_text(f"{back.full_name} moved to set 1.")).to_be_visible()
    assert LearningSetMember.objects.get(person=back).learning_set.number == 1
    assert_accessible(tab)
