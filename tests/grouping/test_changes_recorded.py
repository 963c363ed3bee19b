"""Moves between learning sets and cohorts, locks, keep-apart pairs and placement are recorded for the
people moved: who, which fields, from where; one insert however many people."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.grouping.models import LearningSet, LearningSetMember
from commonground.grouping.services import cohort_moves, hand, placement
from commonground.programmes.models import Cohort, Membership, Role
from tests import factories
from tests.accounts.test_changes_recorded import request_by
from tests.conftest import World
from tests.grouping.objects import east_run, east_sets


def _about(person: Person, what: str) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(subject_id=person.pk, what=what)
        .order_by("pk")
        .values_list("action", "actor_id", "object_id", "fields", "programme_id", "address")
    )


def _second_set(world: World) -> LearningSet:
    """East's set 2, with one newcomer in it, beside set 1 (Alice and Bob)."""
    east_sets(world, published=False)
    dora = factories.PersonFactory(full_name="Dora East", email="dora@example.org", place=world.east.place)
    factories.MembershipFactory(person=dora, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    second = LearningSet.objects.create(cohort=world.east, number=2, name="Set 2", run=east_run(world))
    LearningSetMember.objects.create(learning_set=second, cohort=world.east, person=dora)
    return second


def test_a_hand_move_between_sets_is_recorded_for_the_person_moved(world: World) -> None:
    second = _second_set(world)
    hand.move_person(cohort=world.east, run=east_run(world), person_id=world.alice.pk, to_number=2,
                     request=request_by(world.lena))
    assert _about(world.alice, "learning_set_member") == [
        (AuditAction.CHANGED, world.lena.pk, second.pk, ["learning_set"], world.programme.pk, "10.0.0.9")
    ]
    assert not AuditEvent.objects.exclude(subject_id=world.alice.pk).exists()
    (seen,) = audit.seen_by_others(world.alice)
    assert (seen.who, seen.what, seen.fields) == ("Lena Lead", "your place in a learning set", ["learning set"])


def test_a_move_to_the_same_set_a_refused_move_and_ones_own_move_record_nothing(world: World) -> None:
    _second_set(world)
    run = east_run(world)
    hand.move_person(cohort=world.east, run=run, person_id=world.alice.pk, to_number=1, request=request_by(world.lena))
    with pytest.raises(ValidationError):
        hand.move_person(cohort=world.east, run=run, person_id=world.alice.pk, to_number=9, request=request_by(world.lena))
    hand.set_locked(cohort=world.east, person_id=world.bob.pk, locked=True)
    with pytest.raises(ValidationError, match="locked"):
        hand.move_person(cohort=world.east, run=run, person_id=world.bob.pk, to_number=2, request=request_by(world.lena))
    hand.move_person(cohort=world.east, run=run, person_id=world.alice.pk, to_number=2, request=request_by(world.alice))
    assert LearningSetMember.objects.get(person=world.alice).learning_set.number == 2
    assert not AuditEvent.objects.filter(what="learning_set_member").exclude(fields=["locked"]).exists()


def test_locking_is_recorded_once_and_only_when_it_changes(world: World) -> None:
    east_sets(world, published=False)
    for locked in (True, True, False):
        hand.set_locked(cohort=world.east, person_id=world.alice.pk, locked=locked, request=request_by(world.lena))
    assert [(actor, obj, fields) for _, actor, obj, fields, _, _ in _about(world.alice, "learning_set_member")] == [
        (world.lena.pk, world.east.pk, ["locked"]), (world.lena.pk, world.east.pk, ["locked"]),
    ]
    with pytest.raises(ValidationError):
        hand.set_locked(cohort=world.east, person_id=world.carol.pk, locked=True, request=request_by(world.lena))
    assert _about(world.carol, "learning_set_member") == []


def test_a_keep_apart_pair_made_and_removed_is_recorded_for_both_people(world: World) -> None:
    pair = hand.add_keep_apart(cohort=world.east, person_a_id=world.bob.pk, person_b_id=world.alice.pk,
                               request=request_by(world.lena))
    hand.add_keep_apart(cohort=world.east, person_a_id=world.alice.pk, person_b_id=world.bob.pk,
                        request=request_by(world.lena))  # already there: nothing new
    with pytest.raises(ValidationError):
        hand.add_keep_apart(cohort=world.east, person_a_id=world.alice.pk, person_b_id=world.carol.pk,
                            request=request_by(world.lena))
    hand.remove_keep_apart(cohort=world.east, pair_id=pair.pk, request=request_by(world.lena))
    hand.remove_keep_apart(cohort=world.east, pair_id=pair.pk, request=request_by(world.lena))  # gone already
    for person in (world.alice, world.bob):
        assert [(actor, obj, fields) for _, actor, obj, fields, _, _ in _about(person, "keep_apart")] == [
            (world.lena.pk, pair.pk, ["person_a", "person_b"])
        ] * 2
    assert _about(world.carol, "keep_apart") == []


@pytest.fixture
def east_two(world: World) -> Cohort:
    return factories.CohortFactory(programme=world.programme, name="East Two", place=world.east.place, capacity=10)


def test_a_cohort_move_is_recorded_and_a_refused_one_is_not(world: World, east_two: Cohort) -> None:
    membership = Membership.objects.get(person=world.alice, role=Role.PARTICIPANT)
    with pytest.raises(ValidationError):
        cohort_moves.move_to_cohort(programme=world.programme, person_id=world.alice.pk, to_cohort_id=world.west.pk,
                                    request=request_by(world.lena))  # not her place
    with pytest.raises(ValidationError):
        cohort_moves.move_to_cohort(programme=world.programme, person_id=world.alice.pk, to_cohort_id=world.east.pk,
                                    request=request_by(world.lena))  # already there
    assert _about(world.alice, "cohort") == []
    cohort_moves.move_to_cohort(programme=world.programme, person_id=world.alice.pk, to_cohort_id=east_two.pk,
                                request=request_by(world.lena))
    assert _about(world.alice, "cohort") == [
        (AuditAction.CHANGED, world.lena.pk, membership.pk, ["cohort"], world.programme.pk, "10.0.0.9")
    ]
    assert not AuditEvent.objects.exclude(subject_id=world.alice.pk).exists()


def test_placing_many_people_records_each_in_one_insert(world: World) -> None:
    newcomers = []
    for i in range(8):
        person = factories.PersonFactory(full_name=f"New {i}", email=f"new{i}@example.org", place=world.east.place)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT)
        newcomers.append(person)
    with CaptureQueriesContext(connection) as queries:
        result = placement.place_participants(programme=world.programme, time_limit=0.5, request=request_by(world.lena))
    assert sum(result.placed.values()) == 8
    inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]
    assert len(inserts) == 1
    memberships = dict(Membership.objects.filter(person__in=newcomers).values_list("person_id", "pk"))
    assert sorted(AuditEvent.objects.values_list("subject_id", "object_id", "fields", "actor_id")) == sorted(
        (p.pk, memberships[p.pk], ["cohort"], world.lena.pk) for p in newcomers
    )
    placement.place_participants(programme=world.programme, time_limit=0.5, request=request_by(world.lena))
    assert AuditEvent.objects.count() == 8  # nobody left to place: nothing changed


def test_publishing_sets_records_a_set_for_each_person_it_places_once(world: World) -> None:
    from commonground.grouping.services import publishing

    east_sets(world, published=False)
    publishing.publish_learning_sets(cohort=world.east, notify=False, request=request_by(world.lena))
    for person in (world.alice, world.bob):
        assert _about(person, "learning_set_member") == [
            (AuditAction.CHANGED, world.lena.pk, None, ["learning_set"], world.programme.pk, "10.0.0.9")
        ]
    # Publishing again places nobody anew, so records nothing.
    publishing.publish_learning_sets(cohort=world.east, notify=False, request=request_by(world.lena))
    assert AuditEvent.objects.filter(what="learning_set_member").count() == 2
