"""Learning-set pages about named people are in the audit trail: a cohort's sets and the pairs kept
apart (staff), a set's members (its facilitator and its other members), and the lead's placement
pages. A person's own view of their set records nothing about them."""

from django.urls import reverse

from commonground.accounts.models import AuditEvent
from commonground.grouping.models import KeepApart
from tests.accounts.seen import seen, signed_in, viewed
from tests.conftest import World
from tests.grouping.objects import east_sets


def test_a_cohorts_sets_and_the_pairs_kept_apart_are_recorded(world: World) -> None:
    east_sets(world)
    KeepApart.objects.create(cohort=world.east, person_a=world.alice, person_b=world.bob)
    page = signed_in(world.lena).get(reverse("grouping:sets", args=[world.programme.pk, world.east.pk]))
    assert page.status_code == 200
    for person in (world.alice, world.bob):
        assert sorted(seen(person)) == sorted([viewed(world.lena, "learning_sets"), viewed(world.lena, "keep_apart")])
    (row,) = AuditEvent.objects.filter(what="learning_sets", subject_id=world.alice.pk)
    assert (row.object_id, row.fields) == (world.east.pk, ["full_name", "locked", "organisation", "sector"])


def test_a_facilitator_sees_the_sets_they_look_after_and_no_pair_kept_apart(world: World) -> None:
    east_sets(world)
    KeepApart.objects.create(cohort=world.east, person_a=world.alice, person_b=world.bob)
    signed_in(world.fred).get(reverse("grouping:sets", args=[world.programme.pk, world.east.pk]))
    assert seen(world.alice) == [viewed(world.fred, "learning_sets")]


def test_a_sets_members_are_recorded_for_its_facilitator_and_its_other_members_only(world: World) -> None:
    east_sets(world)
    url = reverse("grouping:my-set", args=[world.programme.pk])
    assert signed_in(world.alice).get(url).status_code == 200
    assert seen(world.alice) == []
    assert seen(world.bob) == [viewed(world.alice, "learning_set")]
    signed_in(world.fred).get(url)
    assert seen(world.alice) == [viewed(world.fred, "learning_set")]


def test_finding_and_moving_someone_between_cohorts_is_recorded(world: World) -> None:
    lena = signed_in(world.lena)
    found = lena.get(reverse("grouping:placement", args=[world.programme.pk]), {"q": "Alice"})
    assert "Alice Acute" in found.text
    lena.get(reverse("grouping:placement-move", args=[world.programme.pk, world.alice.pk]))
    assert seen(world.alice) == [viewed(world.lena, "placement")] * 2
    assert seen(world.bob) == []
