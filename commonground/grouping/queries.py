"""Reads for the grouping pages, each a fixed number of queries however large the cohort."""

from dataclasses import dataclass

from django.db.models import Count, Q

from commonground.accounts.models import Person
from commonground.grouping.models import LearningSet, LearningSetMember
from commonground.programmes.models import Cohort, Membership, Programme, Role


@dataclass(frozen=True)
class SetWithMembers:
    learning_set: LearningSet
    members: list[LearningSetMember]


def _with_members(sets: list[LearningSet]) -> list[SetWithMembers]:
    members: dict[int, list[LearningSetMember]] = {s.pk: [] for s in sets}
    for row in (
        LearningSetMember.objects.filter(learning_set__in=sets)
        .select_related("person__organisation")
        .order_by("person__full_name", "person_id")
    ):
        members[row.learning_set_id].append(row)
    return [SetWithMembers(s, members[s.pk]) for s in sets]


def my_published_sets(person: Person, programme: Programme) -> list[SetWithMembers]:
    """The published sets a participant is in, with their set-mates (two queries)."""
    sets = list(
        LearningSet.objects.filter(
            cohort__programme=programme, published_at__isnull=False, members__person=person
        )
        .select_related("cohort", "facilitator")
        .order_by("cohort__name", "number")
    )
    return _with_members(sets)


def facilitated_sets(person: Person, programme: Programme) -> list[SetWithMembers]:
    """The sets a facilitator looks after, published or not (two queries)."""
    sets = list(
        LearningSet.objects.filter(cohort__programme=programme, facilitator=person)
        .select_related("cohort", "facilitator")
        .order_by("cohort__name", "number")
    )
    return _with_members(sets)


def facilitator_choices(programme: Programme) -> list[Person]:
    """People who may look after a set: the programme's facilitators and leads."""
    return list(
        Person.objects.filter(
            memberships__programme=programme, memberships__role__in=[Role.FACILITATOR, Role.LEAD]
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def cohort_size(cohort: Cohort) -> int:
    return Membership.objects.participants().filter(cohort=cohort).count()


@dataclass(frozen=True)
class PlacementRow:
    cohort: Cohort
    participants: int


def placement_summary(programme: Programme) -> tuple[list[PlacementRow], int]:
    """Each cohort's participants against capacity, and how many participants have no cohort (two queries)."""
    cohorts = (
        Cohort.objects.filter(programme=programme)
        .select_related("place")
        .annotate(n=Count("memberships", filter=Q(memberships__role=Role.PARTICIPANT)))
        .order_by("name")
    )
    unplaced = (
        Membership.objects.participants().filter(programme=programme, cohort__isnull=True).count()
    )
    return [PlacementRow(c, c.n) for c in cohorts], unplaced
