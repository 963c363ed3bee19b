"""Grouping objects for tests that get the shared `world`: a fuller East cohort to form sets from."""

from django.utils import timezone

from commonground.accounts.models import Person, Profession
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from commonground.network.models import RosterConsent, TieReport
from commonground.programmes.models import (
    Affiliation,
    Membership,
    Organisation,
    Role,
    Sector,
    Team,
)
from tests.conftest import World

SECTORS = [
    Sector.NHS_ACUTE,
    Sector.ADULT_SOCIAL_CARE,
    Sector.VOLUNTARY_COMMUNITY,
    Sector.PRIMARY_CARE,
    Sector.HOUSING,
    Sector.MENTAL_HEALTH,
]
PROFESSIONS = [
    Profession.NURSE,
    Profession.SOCIAL_WORKER,
    Profession.MANAGER,
    Profession.GP,
    Profession.COMMUNITY_WORKER,
]


def fill_east(world: World, total: int = 24) -> list[Person]:
    """East grows to `total` participants (Alice and Bob included) across 6 organisations with 2 teams each.

    The sixth person of each organisation shares a team with the first, so "never two from the same
    team" has work to do.
    """
    system = world.programme.system
    orgs = [
        Organisation.objects.create(system=system, name=f"East Org {i}", sector=SECTORS[i])
        for i in range(6)
    ]
    teams = {
        org.pk: [Team.objects.create(organisation=org, name=f"Team {j}") for j in range(2)]
        for org in orgs
    }
    people = Person.objects.bulk_create(
        [
            Person(
                email=f"east{i}@example.org",
                full_name=f"East Person {i:02d}",
                profession=PROFESSIONS[i % 5],
                password="!",
            )
            for i in range(total - 2)
        ]
    )
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                person=p,
                system=system,
                organisation=orgs[i % 6],
                team=teams[orgs[i % 6].pk][(i // 6) % 2],
                place=world.east.place,
            )
            for i, p in enumerate(people)
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
            )
            for p in people
        ]
    )
    return [world.alice, world.bob, *people]


def say_they_know(world: World, a: Person, b: Person) -> None:
    """a says at the start that they already know b (both listed in the survey)."""
    for person in (a, b):
        RosterConsent.objects.get_or_create(
            person=person, programme=world.programme, defaults={"listed": True}
        )
    TieReport.objects.create(round=world.east_start, reporter=a, colleague=b, knows=True)


def east_sets(world: World, *, published: bool = True) -> LearningSet:
    """Alice and Bob in East's one learning set (made directly, no engine), looked after by Fred."""
    existing = LearningSet.objects.filter(cohort=world.east, number=1).first()
    if existing:
        return existing
    run = GroupingRun.objects.create(
        cohort=world.east,
        requested_by=world.lena,
        status=RunStatus.DONE,
        progress=1.0,
        parameters={"min_size": 2, "max_size": 4},
        result={"bound": 0.0},
    )
    learning_set = LearningSet.objects.create(
        cohort=world.east,
        number=1,
        name="Set 1",
        run=run,
        facilitator=world.fred,
        published_at=timezone.now() if published else None,
    )
    for person in (world.alice, world.bob):
        LearningSetMember.objects.create(
            learning_set=learning_set, cohort=world.east, person=person
        )
    return learning_set


def east_run(world: World) -> GroupingRun:
    run = east_sets(world).run
    assert run is not None
    return run


def sets_of(world: World, groups: list[list[Person]], *, bound: float = 0.0) -> GroupingRun:
    """East's sets made directly from `groups` (Set 1, Set 2, …) by a finished run whose proven best
    possible is `bound` (the engine is not what such tests look at)."""
    run = GroupingRun.objects.create(
        cohort=world.east,
        requested_by=world.lena,
        status=RunStatus.DONE,
        progress=1.0,
        parameters={"min_size": 2, "max_size": 50},
        result={"sets": len(groups), "people": sum(map(len, groups)), "seconds": 1.0, "bound": bound},
    )
    for number, members in enumerate(groups, start=1):
        learning_set = LearningSet.objects.create(cohort=world.east, number=number, name=f"Set {number}", run=run)
        LearningSetMember.objects.bulk_create(
            [LearningSetMember(learning_set=learning_set, cohort=world.east, person=p) for p in members]
        )
    return run
