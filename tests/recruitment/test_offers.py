"""Decisions, quotas, offers, acceptance and the waiting list."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.grouping.holds import places_held
from commonground.programmes.models import Membership, Organisation, Role, Sector
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    Decision,
    EligibilityRule,
    Offer,
    OfferStatus,
    Quota,
    QuotaDimension,
)
from commonground.recruitment.queries import cohort_figures
from commonground.recruitment.services.decisions import DecisionResult, decide_applications
from commonground.recruitment.services.offers import (
    OfferClosed,
    accept_offer,
    decline_offer,
    lapse_offers,
    send_offer_reminders,
)
from tests.conftest import World
from tests.recruitment import objects


def decide(
    world: World, applications: list[Application], decision: str, reason: str = ""
) -> DecisionResult:
    return decide_applications(
        programme=world.programme,
        application_ids=[a.pk for a in applications],
        decision=decision,
        by=world.lena,
        reason=reason,
    )


def small_east(world: World, capacity: int) -> None:
    """East has Alice and Bob already; `capacity` places in all."""
    world.east.capacity = capacity
    world.east.save()


def test_offering_a_place_sends_a_link_with_the_deadline(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    dana = objects.application(world, "Dana Applicant")
    with django_capture_on_commit_callbacks(execute=True):
        result = decide(world, [dana], "offer", "Strong application")
    assert result.done == [dana] and not result.refused
    offer = Offer.objects.get(application=dana)
    assert offer.status == OfferStatus.OPEN and offer.deadline > timezone.now() + dt.timedelta(
        days=6
    )
    [message] = mail.outbox
    assert message.to == [dana.person.email] and "/recruitment/offers/" in str(message.body)
    assert Decision.objects.filter(
        application=dana, to_status="offered", by=world.lena, reason="Strong application"
    ).exists()


def test_no_offer_beyond_capacity(world: World, rule: EligibilityRule) -> None:
    small_east(world, 3)  # Alice, Bob and one more
    first, second = objects.application(world, "Dana One"), objects.application(world, "Eve Two")
    result = decide(world, [first, second], "offer")
    assert result.done == [first]
    assert "has no free place (3 of 3 held)" in result.refused[0][1]


def test_a_sector_maximum_refuses_with_the_reason(world: World, rule: EligibilityRule) -> None:
    small_east(world, 10)
    Quota.objects.create(
        cohort=world.east,
        dimension=QuotaDimension.SECTOR,
        sector=Sector.ADULT_SOCIAL_CARE,
        max_share=20,
    )
    council = [
        objects.application(world, f"Person Council{i}") for i in range(2)
    ]  # Bob is already one of two
    result = decide(world, council, "offer")
    assert len(result.done) == 1
    assert "maximum for Adult social care (20%: 2 places)" in result.refused[0][1]


def test_an_organisation_limit_applies_to_each_organisation(
    world: World, rule: EligibilityRule
) -> None:
    small_east(world, 10)
    Quota.objects.create(cohort=world.east, dimension=QuotaDimension.ORGANISATION, max_share=10)
    result = decide(
        world, [objects.application(world, "Dana Council")], "offer"
    )  # Bob holds County Council's 1 place
    assert "maximum for any one organisation" in result.refused[0][1]


def test_places_are_kept_for_a_sector_below_its_minimum(
    world: World, rule: EligibilityRule
) -> None:
    small_east(world, 4)  # 2 free
    Quota.objects.create(
        cohort=world.east,
        dimension=QuotaDimension.SECTOR,
        sector=Sector.VOLUNTARY_COMMUNITY,
        min_share=50,
    )
    council = objects.application(world, "Dana Council")
    result = decide(world, [council], "offer")
    assert (
        "too few places left to reach its minimum for Voluntary and community (2 more)"
        in result.refused[0][1]
    )
    charity = objects.application(world, "Vic Voluntary", organisation="Community Action")
    assert decide(world, [charity], "offer").done == [charity]


def test_turning_someone_down_needs_a_reason_and_records_it(
    world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world)
    with pytest.raises(ValidationError):
        decide(world, [dana], "reject")
    decide(world, [dana], "reject", "Not yet in a leadership role")
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.REJECTED
    assert dana.decisions.get(to_status="rejected").reason == "Not yet in a leadership role"


def test_accepting_makes_them_a_participant_of_the_cohort(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    offer, token = objects.offer(world)
    response = client.post(reverse("recruitment:offer", args=[token]), {"action": "accept"})
    assert response.status_code == 200 and "You have a place" in response.text
    membership = Membership.objects.get(person=offer.application.person, programme=world.programme)
    assert membership.role == Role.PARTICIPANT and membership.cohort == world.east
    assert (
        client.post(reverse("recruitment:offer", args=[token]), {"action": "decline"}).status_code
        == 400
    )


def test_an_offer_cannot_be_accepted_after_its_deadline(
    world: World, rule: EligibilityRule
) -> None:
    offer, _ = objects.offer(world)
    with pytest.raises(OfferClosed):
        accept_offer(offer_id=offer.pk, now=offer.deadline + dt.timedelta(seconds=1))


def test_accepting_a_full_cohort_puts_them_at_the_front_of_the_waiting_list(
    world: World, rule: EligibilityRule
) -> None:
    offer, _ = objects.offer(world)
    small_east(world, 2)  # Alice and Bob fill it
    result = accept_offer(offer_id=offer.pk)
    assert not result.accepted and "front of the waiting list" in result.message
    offer.refresh_from_db()
    assert offer.status == OfferStatus.FILLED
    assert offer.application.status == ApplicationStatus.WAITLISTED  # type: ignore[comparison-overlap]


def test_a_decline_promotes_the_next_suitable_person(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    small_east(world, 10)
    Quota.objects.create(
        cohort=world.east,
        dimension=QuotaDimension.SECTOR,
        sector=Sector.ADULT_SOCIAL_CARE,
        max_share=20,
    )
    offer, _ = objects.offer(world, "Olly Offered", organisation="Surrey Acute")
    first_waiting = objects.application(
        world, "Wendy Council"
    )  # would be a third council person: over 20%
    second_waiting = objects.application(world, "Will Acute", organisation="Surrey Acute")
    decide(world, [first_waiting, second_waiting], "waitlist", "Full for now")
    world.east.capacity = (
        4  # Alice, Bob and Olly's offer: one free place goes to the waiting list already
    )
    world.east.save()
    with django_capture_on_commit_callbacks(execute=True):
        decline_offer(offer_id=offer.pk, reason="Cannot be released")
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert (
        first_waiting.status == ApplicationStatus.WAITLISTED
    )  # skipped: the quota, not the queue, stops them
    assert second_waiting.status == ApplicationStatus.OFFERED
    assert Offer.objects.get(application=second_waiting).from_waiting_list
    assert any("A place has come up" in str(m.subject) for m in mail.outbox)


def test_lapsed_offers_are_closed_and_their_places_offered_on(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    small_east(world, 3)
    offer, _ = objects.offer(world)
    waiting = objects.application(
        world, "Wendy Waiting", status="waitlisted", waitlisted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert lapse_offers(now=offer.deadline) == 1
    offer.refresh_from_db()
    waiting.refresh_from_db()
    assert (
        offer.status == OfferStatus.LAPSED and offer.application.status == ApplicationStatus.LAPSED
    )
    assert waiting.status == ApplicationStatus.OFFERED


def test_a_reminder_goes_once_before_the_deadline(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    _, token = objects.offer(world, days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_offer_reminders() == 1
        assert send_offer_reminders() == 0
    [message] = mail.outbox
    assert "Reminder" in str(message.subject) and token in str(
        message.body
    )  # the same link as the offer


def test_quota_figures_count_participants_and_open_offers(
    world: World, rule: EligibilityRule
) -> None:
    objects.offer(world, organisation="Community Action")
    figures = cohort_figures(world.programme)[world.east.pk]
    assert (figures.participants, figures.open_offers, figures.held) == (2, 1, 3)
    assert figures.by_sector[Sector.VOLUNTARY_COMMUNITY] == 1
    assert figures.by_organisation[Organisation.objects.get(name="County Council").pk] == 1


def test_quota_figures_hold_the_same_places_as_the_cohort_moves_count(
    world: World, rule: EligibilityRule
) -> None:
    """The figures need participants and offers apart, by sector and organisation, so they count
    on their own; their totals must still be the places `grouping.holds` counts for a move."""
    objects.offer(world, organisation="Community Action")
    objects.offer(world, "Wendy West", cohort=world.west)
    declined, _ = objects.offer(world, "Dora Declined")
    Offer.objects.filter(pk=declined.pk).update(status=OfferStatus.DECLINED)
    figures = cohort_figures(world.programme)
    held = places_held(list(figures))
    assert {pk: f.held for pk, f in figures.items()} == {pk: held.get(pk, 0) for pk in figures}
    assert figures[world.east.pk].held == 3
