"""Places at a session: the one rule for who holds one, shared by replies and the demo.

A session with a capacity gives its places to "attending" replies in the order they came, staff
included (they take a seat too); once it is full, "attending" joins the waiting list, which is
promoted in the order people joined it. So a session is never over-booked, and a waiting list
exists only while the session is full. A lead cannot lower the capacity below the people who hold
a place: they would lose a place they were promised, so the lead asks for apologies first.
"""

import datetime as dt
from collections.abc import Iterable


def has_room(capacity: int | None, attending: int) -> bool:
    """Whether one more "attending" reply gets a place (no capacity means no limit)."""
    return capacity is None or attending < capacity


def allot(
    replies: Iterable[tuple[dt.datetime, int]], *, capacity: int | None
) -> tuple[list[int], list[int]]:
    """The same rule for many replies at once: (replied at, person id) in reply order, a place while
    there is room, then the waiting list. Returns (attending, waiting), each in reply order."""
    attending: list[int] = []
    waiting: list[int] = []
    for _, person_id in sorted(replies):
        (attending if has_room(capacity, len(attending)) else waiting).append(person_id)
    return attending, waiting


def capacity_problem(*, title: str, capacity: int | None, attending: int) -> str:
    """Why a session cannot take this capacity, in words; empty when it can."""
    if capacity is None or capacity >= attending:
        return ""
    people = "1 person already has a place" if attending == 1 else f"{attending} people already have a place"
    return (
        f"{people} at {title}, so its capacity cannot be below {attending}. "
        "Ask people who cannot come to send apologies first, or keep the capacity."
    )
