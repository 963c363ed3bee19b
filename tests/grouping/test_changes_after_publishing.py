"""After publishing: generating again or moving someone tells only the people whose set changed, and the
record of who met whom through a learning set always matches the sets as they are."""

from itertools import combinations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.grouping import inputs, queries
from commonground.grouping.models import LearningSetMember
from commonground.grouping.services import encounters, hand, publishing, runs
from commonground.network.models import Encounter, EncounterSource
from commonground.programmes.models import Membership
from tests.conftest import World
from tests.grouping.objects import fill_east


def _sets(world: World) -> dict[int, set[int]]:
    sets: dict[int, set[int]] = {}
    for number, person_id in LearningSetMember.objects.filter(cohort=world.east).values_list(
        "learning_set__number", "person_id"
    ):
        sets.setdefault(number, set()).add(person_id)
    return sets


def _told_about(world: World) -> dict[int, tuple[int, frozenset[int]]]:
    return {
        pid: (n, frozenset(members - {pid}))
        for n, members in _sets(world).items()
        for pid in members
    }


def _pairs(world: World) -> set[tuple[int, int]]:
    return {pair for members in _sets(world).values() for pair in combinations(sorted(members), 2)}


def _encounter_pairs(world: World) -> set[tuple[int, int]]:
    return set(
        Encounter.objects.filter(
            programme=world.programme,
            source=EncounterSource.LEARNING_SET,
            source_ref=encounters.encounter_ref(world.east),
        ).values_list("person_a_id", "person_b_id")
    )


def _publish(world: World, capture: object) -> int:
    mail.outbox.clear()
    with capture(execute=True):  # type: ignore[operator]
        told = publishing.publish_learning_sets(cohort=world.east)
    assert told == len(mail.outbox)
    return told


def _generate(world: World) -> None:
    run = runs.start_learning_sets(
        cohort=world.east, requested_by=world.lena, min_size=6, max_size=6, time_limit=1.0
    )
    assert run.status == "done", run.error


def test_generating_again_mails_only_the_people_whose_set_changed(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    fill_east(world, 24)
    _generate(world)
    assert _publish(world, django_capture_on_commit_callbacks) == 24
    first = _told_about(world)

    _generate(world)  # the same rules give the same sets: nobody needs telling again
    assert _told_about(world) == first
    assert _publish(world, django_capture_on_commit_callbacks) == 0

    # Lock sets 1 and 2 and keep apart two set-mates of set 3: sets 3 and 4 must change, 1 and 2 not.
    sets = _sets(world)
    for person_id in sets[1] | sets[2]:
        hand.set_locked(cohort=world.east, person_id=person_id, locked=True)
    a, b = sorted(sets[3])[:2]
    hand.add_keep_apart(cohort=world.east, person_a_id=a, person_b_id=b)
    _generate(world)
    second = _told_about(world)
    changed = {pid for pid in second if second[pid] != first[pid]}
    assert {a, b} <= changed <= sets[3] | sets[4]
    assert _publish(world, django_capture_on_commit_callbacks) == len(changed)
    assert {m.to[0] for m in mail.outbox} == set(
        Membership.objects.filter(person_id__in=changed, cohort=world.east).values_list(
            "person__email", flat=True
        )
    )
    # Pairs no longer together are gone from the record, new ones are there.
    assert _encounter_pairs(world) == _pairs(world)
    assert (a, b) not in _encounter_pairs(world)


def test_a_move_after_publishing_updates_the_encounters_and_tells_both_sets(
    world: World, django_capture_on_commit_callbacks: object
) -> None:
    fill_east(world, 18)
    _generate(world)
    _publish(world, django_capture_on_commit_callbacks)
    before = _encounter_pairs(world)
    sets = _sets(world)
    mover = min(sets[1])
    run = queries.latest_run(world.east)

    hand.move_person(cohort=world.east, run=run, person_id=mover, to_number=2)

    assert _encounter_pairs(world) == _pairs(
        world
    )  # at once: participants already see the new sets
    assert all(
        (min(mover, o), max(mover, o)) not in _encounter_pairs(world) for o in sets[1] - {mover}
    )
    assert all((min(mover, o), max(mover, o)) in _encounter_pairs(world) for o in sets[2])
    assert len(before) == 3 * 15 and len(_encounter_pairs(world)) == 10 + 21 + 15
    told = _publish(world, django_capture_on_commit_callbacks)
    assert told == 12  # the 6 of set 1 (mover included) and the 6 of set 2; set 3 hears nothing
    assert {m.to[0] for m in mail.outbox}.isdisjoint(
        set(
            Membership.objects.filter(person_id__in=sets[3]).values_list("person__email", flat=True)
        )
    )


def test_the_size_error_names_the_numbers_and_suggests_bounds(world: World) -> None:
    fill_east(world, 23)
    with pytest.raises(ValidationError) as caught:
        runs.start_learning_sets(
            cohort=world.east, requested_by=world.lena, min_size=8, max_size=9
        )
    message = caught.value.messages[0]
    assert message == (
        "23 people cannot be split into sets of 8 to 9: 2 sets hold at most 18 people and 3 sets need at least 24. "
        "Try sets of 7 to 9 (3 sets) or 8 to 12 (2 sets)."
    )


def test_the_size_error_on_the_page(world: World) -> None:
    fill_east(world, 23)
    client = Client()
    client.force_login(world.lena)
    url = reverse("grouping:generate", args=[world.programme.pk, world.east.pk])
    response = client.post(url, {"min_size": 8, "max_size": 9})
    assert response.status_code == 400
    assert "Try sets of 7 to 9 (3 sets) or 8 to 12 (2 sets)." in response.text


@pytest.mark.parametrize(
    ("people", "low", "high"), [(23, 7, 9), (23, 8, 12), (5, 2, 5), (5, 5, 5), (100, 8, 10)]
)
def test_suggested_bounds_really_fit(people: int, low: int, high: int) -> None:
    assert inputs.size_problem(people, low, high) == ""
