"""Who completed: the completion rule applied to attendance, around the last module day (the grid is
in tests/schedule/completion_objects.py)."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonground.programmes.models import Membership, Role
from commonground.schedule import completion
from commonground.schedule.completion import CompletionRule, Standing
from commonground.schedule.models import Attendance, Mark, Session, SessionKind
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session
from tests.schedule.completion_objects import (
    AFTER_THE_LAST,
    COMPLETED,
    DURING_THE_LAST,
    build,
    crowd,
    day_starts,
)


def names(world: World, **kwargs: object) -> set[str]:
    return {p.full_name.split()[0] for p in completion.completers(world.programme, **kwargs)}  # type: ignore[arg-type]


def by_cohort(world: World) -> dict[str, tuple[int, int, int]]:
    return {
        row.label: (row.completed, row.on_track, row.cannot_complete)
        for row in completion.completion(world.programme).cohorts
    }


def test_after_the_last_module_day_the_people_who_attended_five_of_six_completed(world: World) -> None:
    people = build(world)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        assert names(world) == COMPLETED
        assert by_cohort(world) == {
            "East Surrey cohort": (5, 0, 2),  # Bob and Quinn attended 4
            "Guildford and Waverley cohort": (0, 1, 0),  # no module day of its own yet: Carol is on track
        }
        assert completion.is_completer(people["Alice"], world.programme)
        assert not completion.is_completer(people["Bob"], world.programme)
        rule = completion.completion(world.programme).rule
    assert rule == CompletionRule(minimum=5, module_days=6, chosen=False)
    assert rule.words == "attended at least 5 of 6 module days"


def test_before_the_last_module_day_has_ended_nobody_has_completed_and_people_are_on_track(world: World) -> None:
    people = build(world)
    with time_machine.travel(DURING_THE_LAST, tick=False):
        assert names(world) == set()
        # Everyone but Quinn (3 of 5, one to come) can still attend 5; Alice, Pam, Sue and Tom already have.
        assert by_cohort(world)["East Surrey cohort"] == (0, 6, 1)
        assert not completion.is_completer(people["Alice"], world.programme)
    with time_machine.travel(day_starts(5) - dt.timedelta(days=1), tick=False):
        # Four days ended: Quinn has 2 with 2 to come; Bob has 4 with 2 to come.
        assert by_cohort(world)["East Surrey cohort"] == (0, 6, 1)


def test_someone_who_withdrew_is_no_completer_whatever_they_attended(world: World) -> None:
    people = build(world)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        assert not completion.is_completer(people["Lee"], world.programme)
        assert sum(sum(counts) for counts in by_cohort(world).values()) == Membership.objects.filter(
            programme=world.programme, role=Role.PARTICIPANT
        ).count()


def test_a_lead_who_asks_for_all_six_days_leaves_two_completers(world: World) -> None:
    build(world)
    completion.set_completion_rule(programme=world.programme, minimum=6)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        assert names(world) == {"Alice", "Tom"}


def test_a_cancelled_day_and_other_kinds_of_session_count_for_nothing(world: World) -> None:
    build(world)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        days = completion.module_days(world.programme)
    assert days.scheduled(world.east.pk) == 6 and days.most == 6
    assert days.ended_without_register == 0


def test_whole_programme_module_days_count_for_every_cohort(world: World) -> None:
    build(world)
    summit = make_session(
        world, "System-wide module day", cohorts=[], starts_at=day_starts(6) + dt.timedelta(days=7),
        invite=[world.alice, world.carol], kind=SessionKind.MODULE,
    )
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        days = completion.module_days(world.programme)
        # A day for everyone is still to come: East is back on track, seven days in all.
        assert (days.scheduled(world.east.pk), days.scheduled(world.west.pk), days.most) == (7, 1, 7)
        assert names(world) == set()
    with time_machine.travel(summit.ends_at + dt.timedelta(hours=1), tick=False):
        # All but one of seven is six, and nobody marked the summit: its register was never taken.
        assert completion.module_days(world.programme).ended_without_register == 1
        assert names(world) == {"Alice", "Tom"}


def test_when_every_module_day_is_for_the_whole_programme_everyone_follows_them(world: World) -> None:
    days = [
        make_session(
            world, f"Day {n}", cohorts=[], starts_at=day_starts(n), invite=[world.alice, world.bob, world.carol],
            kind=SessionKind.MODULE,
        )
        for n in (1, 2)
    ]
    Attendance.objects.bulk_create(
        [Attendance(session=day, person=world.alice, mark=Mark.PRESENT) for day in days]
        + [Attendance(session=days[0], person=world.carol, mark=Mark.LATE)]
    )
    with time_machine.travel(days[1].ends_at + dt.timedelta(minutes=1), tick=False):
        # All but one of two is one: Alice came to both, Carol to one, Bob to none.
        assert names(world) == {"Alice", "Carol"}
        assert by_cohort(world) == {"East Surrey cohort": (1, 0, 1), "Guildford and Waverley cohort": (1, 0, 0)}


@pytest.mark.parametrize(
    ("attended", "scheduled", "to_come", "standing"),
    [
        (5, 6, 0, Standing.COMPLETED),
        (4, 6, 0, Standing.CANNOT_COMPLETE),
        (4, 6, 1, Standing.ON_TRACK),
        (3, 6, 1, Standing.CANNOT_COMPLETE),
        (5, 6, 1, Standing.ON_TRACK),  # reached already, but a day is still to come
        (0, 0, 0, Standing.ON_TRACK),  # nothing scheduled for the cohort yet
        (0, 6, 6, Standing.ON_TRACK),
    ],
)
def test_where_someone_stands(attended: int, scheduled: int, to_come: int, standing: Standing) -> None:
    rule = CompletionRule(minimum=5, module_days=6, chosen=False)
    assert rule.standing(attended=attended, scheduled=scheduled, to_come=to_come) == standing


@pytest.mark.parametrize(
    ("minimum", "days", "words"),
    [
        (5, 6, "attended at least 5 of 6 module days"),
        (1, 1, "attended at least 1 of 1 module day"),
        (6, 5, "attended at least 6 module days (only 5 scheduled)"),
    ],
)
def test_the_rule_in_words(minimum: int, days: int, words: str) -> None:
    assert CompletionRule(minimum=minimum, module_days=days, chosen=True).words == words


@pytest.mark.parametrize(("chosen", "days", "minimum"), [(None, 6, 5), (None, 1, 1), (None, 0, None), (3, 6, 3), (3, 0, None)])
def test_the_default_rule_is_all_but_one(world: World, chosen: int | None, days: int, minimum: int | None) -> None:
    world.programme.min_module_days_to_complete = chosen
    assert world.programme.module_days_to_complete(days) == minimum


def test_with_no_module_day_scheduled_nobody_completes(world: World) -> None:
    assert completion.completion(world.programme).rule is None
    assert list(completion.completers(world.programme)) == []


def _queries(world: World) -> int:
    with time_machine.travel(AFTER_THE_LAST, tick=False), CaptureQueriesContext(connection) as queries:
        completion.completion(world.programme)
        list(completion.completers(world.programme))
        completion.is_completer(world.alice, world.programme)
    return len(queries)


def test_the_readers_run_the_same_queries_for_a_small_and_a_larger_programme(world: World) -> None:
    build(world)
    small = _queries(world)
    crowd(world, 60, attended=5)
    west = factories.PersonFactory(full_name="West newcomer")
    factories.MembershipFactory(person=west, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)
    assert Session.objects.filter(programme=world.programme).count() == 8
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        assert len(list(completion.completers(world.programme))) == len(COMPLETED) + 60
    assert _queries(world) == small == 6  # two each: module days, then the participants
