"""A programme whose East cohort has six module days, for the completion tests.

East's module days E1–E6 fall four weeks apart from Monday 11 January 2027; P = present,
L = late, A = absent, Ap = apologies, - = not marked (the register was taken, so absent).

           E1  E2  E3  E4  E5  E6   attended   after E6       during E6 (E1–E5 count)
    Alice  P   P   L   P   P   P    6          completed      5, 1 to come: on track
    Bob    P   P   P   P   A   A    4          cannot         4, 1 to come: on track
    Pam    P   P   P   P   P   A    5          completed      5: on track
    Quinn  A   A   P   P   P   P    4          cannot         3, 1 to come: cannot
    Ravi   P   Ap  P   P   P   P    5          completed      4, 1 to come: on track
    Sue    P   P   P   P   P   -    5          completed      5: on track
    Tom    L   L   L   L   L   L    6          completed      5: on track
    Lee    P   P   P   P   P   P    6          withdrew: in no count

Also in East's schedule, and never counted: a cancelled module day (everyone marked present),
and a learning-set meeting everyone came to. West has no module day of its own, so Carol is on
track. The rule is the default: all but one of the six, "at least 5 of 6".
"""

import datetime as dt

from commonground.accounts.models import Person
from commonground.programmes.models import Membership, Role
from commonground.schedule.models import Attendance, Mark, Session, SessionKind, SessionStatus
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

FIRST_DAY = dt.datetime(2027, 1, 11, 9, 30, tzinfo=dt.UTC)
DAY_HOURS = 7
GRID = {
    "Alice": "P P L P P P",
    "Bob": "P P P P A A",
    "Pam": "P P P P P A",
    "Quinn": "A A P P P P",
    "Ravi": "P Ap P P P P",
    "Sue": "P P P P P -",
    "Tom": "L L L L L L",
    "Lee": "P P P P P P",
}
MARKS = {"P": Mark.PRESENT, "L": Mark.LATE, "A": Mark.ABSENT, "Ap": Mark.APOLOGIES}
COMPLETED = {"Alice", "Pam", "Ravi", "Sue", "Tom"}


def day_starts(n: int) -> dt.datetime:
    """When module day En starts (1-based)."""
    return FIRST_DAY + dt.timedelta(weeks=4 * (n - 1))


AFTER_THE_LAST = day_starts(6) + dt.timedelta(hours=DAY_HOURS + 1)
DURING_THE_LAST = day_starts(6) + dt.timedelta(hours=1)


def east_people(world: World) -> dict[str, Person]:
    """Alice, Bob and the others of the grid, all East participants."""
    people = {"Alice": world.alice, "Bob": world.bob}
    for name in GRID:
        if name not in people:
            people[name] = factories.PersonFactory(full_name=name, email=f"{name.lower()}@example.org")
            factories.MembershipFactory(
                person=people[name], programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
            )
    return people


def crowd(world: World, n: int, *, attended: int) -> list[Person]:
    """`n` more East participants, each present at the first `attended` module days."""
    people = Person.objects.bulk_create(
        [Person(email=f"crowd{i}@example.org", full_name=f"Crowd {i}") for i in range(n)]
    )
    Membership.objects.bulk_create(
        [Membership(person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east) for p in people]
    )
    days = Session.objects.filter(programme=world.programme, kind=SessionKind.MODULE, title__startswith="E")
    Attendance.objects.bulk_create(
        [Attendance(session=s, person=p, mark=Mark.PRESENT) for s in days.order_by("starts_at")[:attended] for p in people]
    )
    return people


def build(world: World, *, extra: int = 0) -> dict[str, Person]:
    """The grid above (and `extra` more East participants who came to all six days)."""
    people = east_people(world)
    for n in range(1, 7):
        session = make_session(
            world, f"E{n}", cohorts=[world.east], starts_at=day_starts(n), hours=DAY_HOURS,
            invite=list(people.values()), kind=SessionKind.MODULE,
        )
        for name, row in GRID.items():
            code = row.split()[n - 1]
            if code in MARKS:
                Attendance.objects.create(session=session, person=people[name], mark=MARKS[code])
    for title, fields in (
        ("Cancelled module day", {"kind": SessionKind.MODULE, "status": SessionStatus.CANCELLED}),
        ("Learning-set meeting", {"kind": SessionKind.LEARNING_SET}),
    ):
        other = make_session(
            world, title, cohorts=[world.east], starts_at=day_starts(2) + dt.timedelta(days=2),
            invite=list(people.values()), **fields,
        )
        Attendance.objects.bulk_create([Attendance(session=other, person=p, mark=Mark.PRESENT) for p in people.values()])
    crowd(world, extra, attended=6)
    # Lee withdrew: the participant role goes, what they attended stays.
    Membership.objects.filter(person=people["Lee"], programme=world.programme).delete()
    return people
