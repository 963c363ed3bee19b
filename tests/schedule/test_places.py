"""The one rule for places at a session, as a table: replies in the order they came, a place while
there is room, then the waiting list."""

import datetime as dt

import pytest

from commonground.schedule.places import allot, capacity_problem, has_room

T = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T + dt.timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("replies", "capacity", "expected"),
    [
        ([], 3, ([], [])),
        ([(at(0), 1), (at(1), 2)], None, ([1, 2], [])),  # no limit
        ([(at(5), 1), (at(1), 2), (at(3), 3)], 2, ([2, 3], [1])),  # reply order, not list order
        ([(at(0), 9), (at(0), 4)], 1, ([4], [9])),  # the same moment: the lower id first, every time
        ([(at(0), 1), (at(1), 2), (at(2), 3)], 3, ([1, 2, 3], [])),  # exactly full: nobody waits
        ([(at(0), 1), (at(1), 2)], 0, ([], [1, 2])),
    ],
)
def test_places_go_in_reply_order_then_the_waiting_list(
    replies: list[tuple[dt.datetime, int]], capacity: int | None, expected: tuple[list[int], list[int]]
) -> None:
    assert allot(replies, capacity=capacity) == expected


def test_one_reply_at_a_time_follows_the_same_rule() -> None:
    assert has_room(None, 500) and has_room(3, 2) and not has_room(3, 3) and not has_room(3, 4)


@pytest.mark.parametrize(
    ("capacity", "attending", "problem"),
    [
        (None, 40, ""),
        (10, 10, ""),
        (12, 10, ""),
        (0, 1, "1 person already has a place at Summit, so its capacity cannot be below 1."),
        (8, 10, "10 people already have a place at Summit, so its capacity cannot be below 10."),
    ],
)
def test_the_capacity_never_goes_below_the_places_held(
    capacity: int | None, attending: int, problem: str
) -> None:
    assert capacity_problem(title="Summit", capacity=capacity, attending=attending).startswith(problem)
    assert bool(capacity_problem(title="Summit", capacity=capacity, attending=attending)) == bool(problem)
