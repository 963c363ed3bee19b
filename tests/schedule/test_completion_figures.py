"""Completion on the attendance figures page: the rule in words, and counts under disclosure control
linked to the participant figures (the grid is in tests/schedule/completion_objects.py)."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Role
from commonground.schedule.attendance_figures import (
    CompletionFigures,
    CompletionLine,
    completion_figures,
)
from commonground.schedule.models import Attendance, Mark, SessionKind
from tests import factories
from tests.conftest import World
from tests.disclosure_audit import Audit
from tests.schedule.attendance_permission_cases import make_session
from tests.schedule.completion_objects import AFTER_THE_LAST, DURING_THE_LAST, build, day_starts

COLUMNS = ("completed", "on_track", "cannot_complete")


def figures_page(client: Client, world: World) -> tuple[str, CompletionFigures]:
    response = client.get(reverse("schedule:attendance-figures", args=[world.programme.pk]))
    assert response.status_code == 200
    return response.text, response.context["completion"]


def lead(world: World) -> Client:
    client = Client()
    client.force_login(world.lena)
    return client


def west_module_days(world: World, *, completed: int, cannot: int) -> None:
    """West gets six module days of its own, the day before East's: `completed` more West
    participants came to all six, `cannot` came to the first (Carol to none)."""
    people = []
    for i in range(completed + cannot):
        person = factories.PersonFactory(full_name=f"West {i}", email=f"west{i}@example.org")
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)
        people.append(person)
    for n in range(1, 7):
        day = make_session(
            world, f"W{n}", cohorts=[world.west], starts_at=day_starts(n) - dt.timedelta(days=1),
            invite=[world.carol, *people], kind=SessionKind.MODULE,
        )
        came = people[:completed] if n > 1 else people
        Attendance.objects.bulk_create([Attendance(session=day, person=p, mark=Mark.PRESENT) for p in came])


def audit_of(figures: CompletionFigures, world: World) -> Audit:
    """A reader who sees the participant figures and the completion table, and knows how they add up."""
    reach = programme_figures.reach(world.programme)
    audit = Audit()
    published = reach.publication
    for name in published.cells:
        if name not in published.latent:
            audit.see(name, published.value(name))
    for relation in published.relations:
        audit.sum(relation.total, relation.parts)
    cohorts = {world.east.name: world.east.pk, world.west.name: world.west.pk}

    def see(prefix: str, line: CompletionLine) -> list[str]:
        cells = []
        for column in COLUMNS:
            if (column == "completed" and line.finished is False) or (column == "on_track" and line.finished):
                continue  # the column does not apply to this cohort (its count is 0)
            if (column == "completed" and not figures.finished) or (column == "on_track" and not figures.to_come):
                continue
            audit.see(f"{prefix}.{column}", getattr(line, column))
            cells.append(column)
        return cells

    shown = []
    for line in figures.cohorts:
        cells = see(f"C.{line.label}", line)
        audit.sum(programme_figures.cohort_cell(cohorts[line.label]), [f"C.{line.label}.{c}" for c in cells])
        shown.append(line.label)
    assert figures.totals is not None
    cells = see("C.all", figures.totals)
    for column in cells:
        audit.sum(f"C.all.{column}", [f"C.{label}.{column}" for label in shown if f"C.{label}.{column}" in audit.names])
    if not figures.left_out:
        audit.sum(programme_figures.TOTAL, [f"C.all.{c}" for c in cells])
    return audit


def shown_counts(figures: CompletionFigures) -> list[int]:
    lines = [figures.totals, *figures.cohorts]
    return [v for line in lines if line for v in (line.people, line.completed, line.on_track, line.cannot_complete) if v is not None]


def test_the_lead_reads_the_rule_in_words_and_counts_that_give_nobody_away(world: World) -> None:
    build(world, extra=10)
    west_module_days(world, completed=5, cannot=4)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        page, figures = figures_page(lead(world), world)
    assert "A participant completes the programme when they have attended at least 5 of 6 module days" in page
    # East: 15 completed (10 more came to every day), Bob and Quinn cannot; West: 5 completed,
    # Carol and 4 cannot. East's 2 are hidden, so its 15 is too (17 participants are published);
    # then the totals (20 and 7) would give East's away, so West's smaller counts are hidden too.
    east, west = figures.cohorts
    assert (east.label, east.people, east.completed, east.cannot_complete) == ("East Surrey cohort", 17, None, None)
    assert (west.label, west.people, west.completed, west.cannot_complete) == ("Guildford and Waverley cohort", 10, None, None)
    assert figures.totals == CompletionLine("All", 27, 20, 0, 7)
    assert figures.publication is not None
    assert figures.publication.cells[f"completion.cohort.{world.west.pk}.completed"] == 5
    assert all(v >= 5 or v == 0 for v in shown_counts(figures))
    result = audit_of(figures, world).run("lead")
    assert result.attempts > 0 and result.leaks == [] and result.shown_small == [], result.summary()
    assert figures.publication is not None and all(r.safe for r in figures.publication.ranges().values())
    assert ">Completed</th>" in page and ">On track</th>" not in page


def test_before_the_last_day_the_page_counts_who_is_on_track(world: World) -> None:
    build(world, extra=10)
    with time_machine.travel(DURING_THE_LAST, tick=False):
        page, figures = figures_page(lead(world), world)
    east = figures.cohorts[0]
    # Everyone but Quinn can still attend 5 of 6: 16 on track, 1 who cannot (hidden, and so the 16).
    assert (east.finished, east.on_track, east.cannot_complete) == (False, None, None)
    assert figures.to_come and not figures.finished
    assert ">On track</th>" in page and ">Completed</th>" not in page
    assert audit_of(figures, world).run("lead").leaks == []


def test_a_cohort_too_small_to_show_apart_is_left_out_and_said_so(world: World) -> None:
    build(world, extra=10)
    west_module_days(world, completed=2, cannot=2)  # with Carol: 5 people, 2 completed and 3 cannot
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        page, figures = figures_page(lead(world), world)
    assert figures.left_out == ["Guildford and Waverley cohort"]
    assert [line.label for line in figures.cohorts] == ["East Surrey cohort"]
    assert figures.totals is not None and figures.totals.label == "All cohorts shown"
    assert "Left out of these figures because so few people stand behind them" in page
    assert audit_of(figures, world).run("lead").leaks == []


def test_a_facilitator_sees_completion_for_the_cohorts_of_their_sessions_only(world: World) -> None:
    build(world, extra=10)
    west_module_days(world, completed=5, cannot=4)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        figures = completion_figures(world.programme, cohort_ids={world.west.pk})
    assert [line.label for line in figures.cohorts] == ["Guildford and Waverley cohort"]
    assert figures.totals is not None and figures.totals.people == 10


def test_with_no_module_day_scheduled_the_page_says_nobody_can_complete_yet(world: World) -> None:
    page, figures = figures_page(lead(world), world)
    assert figures.rule is None
    assert "No module days are scheduled yet, so nobody can complete the programme." in page
