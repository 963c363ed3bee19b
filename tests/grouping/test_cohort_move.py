"""A lead moves a participant between cohorts by hand: same place rules, capacity, a preview of the
balance, and a confirmation once sets are published."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.grouping.models import KeepApart, LearningSetMember
from commonground.grouping.services import cohort_moves, encounters
from commonground.network.models import Encounter
from commonground.programmes.models import Cohort, Membership, Role
from commonground.recruitment.models import OfferStatus
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.grouping.objects import east_sets
from tests.recruitment import objects as recruitment_objects


@pytest.fixture
def east_two(world: World) -> Cohort:
    """A second cohort for East's place, with room."""
    return factories.CohortFactory(
        programme=world.programme, name="East Two", place=world.east.place, capacity=10
    )


def _move_url(world: World, person_id: int) -> str:
    return reverse("grouping:placement-move", args=[world.programme.pk, person_id])


def test_the_preview_shows_both_cohorts_balance_and_saves_nothing(
    world: World, east_two: Cohort
) -> None:
    move = cohort_moves.propose_cohort_move(
        programme=world.programme, person_id=world.alice.pk, to_cohort_id=east_two.pk
    )
    assert move.problems == [] and move.published_warning == ""
    assert (move.from_rows[0].before, move.from_rows[0].after) == (2, 1)
    assert (move.to_rows[0].before, move.to_rows[0].after) == (0, 1)
    assert any(r.label == f"From {where_of(world.alice, world.programme).organisation.name}" for r in move.to_rows)
    client = Client()
    client.force_login(world.lena)
    response = client.post(
        _move_url(world, world.alice.pk),
        {"to_cohort": east_two.pk, "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "If Alice" in response.text and "East Two" in response.text
    assert (
        Membership.objects.get(person=world.alice, role=Role.PARTICIPANT).cohort_id == world.east.pk
    )


def test_a_move_is_saved(world: World, east_two: Cohort) -> None:
    client = Client()
    client.force_login(world.lena)
    response = client.post(_move_url(world, world.alice.pk), {"to_cohort": east_two.pk})
    assert response.status_code == 302
    assert (
        Membership.objects.get(person=world.alice, role=Role.PARTICIPANT).cohort_id == east_two.pk
    )


def test_only_cohorts_of_their_place_are_offered(world: World, east_two: Cohort) -> None:
    client = Client()
    client.force_login(world.lena)
    response = client.post(_move_url(world, world.alice.pk), {"to_cohort": world.west.pk})
    assert response.status_code == 400
    assert "Move to cohort: Select a valid choice" in response.text
    with pytest.raises(
        ValidationError,
        match="works in East Surrey; they can join East Surrey cohort, East Two, not Guildford and Waverley cohort",
    ):
        cohort_moves.move_to_cohort(
            programme=world.programme, person_id=world.alice.pk, to_cohort_id=world.west.pk
        )
    assert (
        Membership.objects.get(person=world.alice, role=Role.PARTICIPANT).cohort_id == world.east.pk
    )


def test_a_full_cohort_is_refused_with_the_figures(world: World, east_two: Cohort) -> None:
    east_two.capacity = 1
    east_two.save()
    cohort_moves.move_to_cohort(
        programme=world.programme, person_id=world.bob.pk, to_cohort_id=east_two.pk
    )
    client = Client()
    client.force_login(world.lena)
    response = client.post(_move_url(world, world.alice.pk), {"to_cohort": east_two.pk})
    assert response.status_code == 400
    assert "East Two is full: 1 of its 1 places are taken" in response.text
    assert (
        Membership.objects.get(person=world.alice, role=Role.PARTICIPANT).cohort_id == world.east.pk
    )


def test_an_open_offer_holds_its_place(world: World, east_two: Cohort) -> None:
    """Places held are participants plus open offers (recruitment counts its offers for grouping)."""
    east_two.capacity = 1
    east_two.save()
    offered, _ = recruitment_objects.offer(world, cohort=east_two)
    move = cohort_moves.propose_cohort_move(
        programme=world.programme, person_id=world.alice.pk, to_cohort_id=east_two.pk
    )
    assert move.problems == [
        "East Two is full: 1 of its 1 places are taken (accepted or offered). "
        "Raise its capacity or move someone out first."
    ]
    offered.status = OfferStatus.DECLINED
    offered.save()
    move = cohort_moves.propose_cohort_move(
        programme=world.programme, person_id=world.alice.pk, to_cohort_id=east_two.pk
    )
    assert move.problems == []


def test_after_publishing_the_move_needs_confirming_and_the_sets_follow(
    world: World, east_two: Cohort
) -> None:
    east_sets(world)  # Alice and Bob share East's published set
    encounters.sync_encounters(cohort=world.east)
    KeepApart.objects.create(
        cohort=world.east,
        person_a=min(world.alice, world.bob, key=lambda p: p.pk),
        person_b=max(world.alice, world.bob, key=lambda p: p.pk),
    )
    client = Client()
    client.force_login(world.lena)
    response = client.post(_move_url(world, world.alice.pk), {"to_cohort": east_two.pk})
    assert response.status_code == 400
    assert (
        "Confirm the move" in response.text
        and "leaves their published learning set in East Surrey cohort" in response.text
    )
    assert LearningSetMember.objects.filter(person=world.alice).exists()

    response = client.post(
        _move_url(world, world.alice.pk), {"to_cohort": east_two.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert (
        Membership.objects.get(person=world.alice, role=Role.PARTICIPANT).cohort_id == east_two.pk
    )
    assert not LearningSetMember.objects.filter(person=world.alice).exists()
    assert not KeepApart.objects.filter(cohort=world.east).exists()
    assert not Encounter.objects.filter(source_ref=encounters.encounter_ref(world.east)).exists()
    assert (
        LearningSetMember.objects.get(person=world.bob).notified_at is None
    )  # Bob is told at the next publish


def test_the_placement_page_finds_people_by_name(world: World, east_two: Cohort) -> None:
    client = Client()
    client.force_login(world.lena)
    page = client.get(reverse("grouping:placement", args=[world.programme.pk]) + "?q=ali").text
    assert _move_url(world, world.alice.pk) in page and _move_url(world, world.bob.pk) not in page
