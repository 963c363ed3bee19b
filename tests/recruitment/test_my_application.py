"""The applicant's own page: where each application stands, and withdrawing it."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.grouping.models import LearningSetMember
from commonground.network.models import Encounter
from commonground.programmes.models import Membership, Role
from commonground.recruitment.links import offer_path
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    Decision,
    EligibilityRule,
    Offer,
    OfferStatus,
    SponsorRequest,
)
from commonground.recruitment.queries import my_applications
from commonground.recruitment.services.applications import withdraw_application
from tests.conftest import World
from tests.grouping.objects import east_sets
from tests.recruitment import objects


def _page(client: Client, person: object) -> str:
    client.force_login(person)  # type: ignore[arg-type]
    response = client.get(reverse("recruitment:mine"))
    assert response.status_code == 200
    return response.content.decode()


def test_each_stage_in_words(client: Client, world: World, rule: EligibilityRule) -> None:
    waiting = objects.application(world, "Sid Supported")
    SponsorRequest.objects.create(
        application=waiting,
        sponsor_email="sam@example.org",
        token_digest="x" * 64,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    assert "waiting for your sponsor" in _page(client, waiting.person)
    supported = objects.application(
        world, "Una Supported", status=ApplicationStatus.SPONSOR_SUPPORTED
    )
    assert "Under review (your sponsor supports it)" in _page(client, supported.person)
    offer, _ = objects.offer(world, "Olly Offered")
    page = _page(client, offer.application.person)
    assert (
        "Answer by" in page and offer_path(offer) in page and "accept or decline" in page
    )
    assert timezone.localtime(offer.deadline).strftime("%-d %B %Y") in page


def test_the_waiting_list_position_follows_promotion_order(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    now = timezone.now()
    first = objects.application(
        world,
        "Wendy First",
        status=ApplicationStatus.WAITLISTED,
        waitlisted_at=now - dt.timedelta(days=2),
    )
    second = objects.application(
        world,
        "Walt Second",
        status=ApplicationStatus.WAITLISTED,
        waitlisted_at=now - dt.timedelta(days=1),
    )
    third = objects.application(
        world, "Will Third", status=ApplicationStatus.WAITLISTED, waitlisted_at=now
    )
    objects.application(
        world,
        "Wes West",
        status=ApplicationStatus.WAITLISTED,
        waitlisted_at=now - dt.timedelta(days=9),
        cohort=world.west,
    )  # another cohort's list does not count
    positions = {
        a.pk: (
            my_applications(a.person)[0].waiting_position,
            my_applications(a.person)[0].waiting_total,
        )
        for a in (first, second, third)
    }
    assert positions == {first.pk: (1, 3), second.pk: (2, 3), third.pk: (3, 3)}
    assert "Number 2 of 3 waiting for East" in _page(client, second.person)


def test_nobody_sees_or_withdraws_another_persons_application(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world, "Dana Applicant")
    assert "Dana" not in _page(client, world.bob)
    response = client.post(reverse("recruitment:withdraw", args=[dana.pk]), {"confirm": "on"})
    assert response.status_code == 404
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED


def test_withdrawing_needs_the_confirmation_box(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world, "Dana Applicant")
    client.force_login(dana.person)
    response = client.post(
        reverse("recruitment:withdraw", args=[dana.pk]), {"reason": "Changed my mind"}
    )
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED
    response = client.post(
        reverse("recruitment:withdraw", args=[dana.pk]), {"confirm": "on", "reason": "New job"}
    )
    assert response.status_code == 302
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.WITHDRAWN
    assert Decision.objects.filter(
        application=dana, to_status="withdrawn", by=dana.person, reason="New job"
    ).exists()
    assert "Withdraw this application" not in _page(client, dana.person)


def test_withdrawing_an_offer_declines_it_and_promotes_the_waiting_list(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    world.east.capacity = 3  # Alice, Bob and the offer
    world.east.save()
    offer, _ = objects.offer(world, "Olly Offered")
    wendy = objects.application(
        world, "Wendy Waiting", status=ApplicationStatus.WAITLISTED, waitlisted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_application(
            application_id=offer.application_id, person=offer.application.person
        )
    offer.refresh_from_db()
    wendy.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert wendy.status == ApplicationStatus.OFFERED
    assert [m.to for m in mail.outbox] == [[wendy.person.email]]


def test_withdrawing_an_accepted_place_frees_it_for_the_waiting_list(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    world.east.capacity = 2  # full with Alice and Bob
    world.east.save()
    alice_application = objects.alices_application(world)
    east_sets(world)  # Alice and Bob share a published set; they met through it
    from commonground.grouping.services.encounters import sync_encounters

    sync_encounters(cohort=world.east)
    assert Encounter.objects.filter(
        person_a__in=[world.alice, world.bob], person_b__in=[world.alice, world.bob]
    ).exists()
    wendy = objects.application(
        world, "Wendy Waiting", status=ApplicationStatus.WAITLISTED, waitlisted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_application(
            application_id=alice_application.pk, person=world.alice, reason="Moving away"
        )
    assert not Membership.objects.filter(
        person=world.alice, programme=world.programme, role=Role.PARTICIPANT
    ).exists()
    assert not LearningSetMember.objects.filter(person=world.alice).exists()
    assert not Encounter.objects.filter(
        person_a__in=[world.alice], source_ref=f"cohort-{world.east.pk}-sets"
    ).exists()
    assert not Encounter.objects.filter(
        person_b__in=[world.alice], source_ref=f"cohort-{world.east.pk}-sets"
    ).exists()
    wendy.refresh_from_db()
    assert wendy.status == ApplicationStatus.OFFERED
    assert Offer.objects.get(application=wendy).from_waiting_list


@pytest.mark.parametrize(
    "status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED, ApplicationStatus.DECLINED]
)
def test_a_closed_application_cannot_be_withdrawn(
    world: World, rule: EligibilityRule, status: str
) -> None:
    dana = objects.application(world, "Dana Applicant", status=status)
    with pytest.raises(ValidationError, match="nothing to withdraw"):
        withdraw_application(application_id=dana.pk, person=dana.person)
    assert Application.objects.get(pk=dana.pk).status == status


def test_the_menu_links_my_applications_only_for_applicants(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    link = reverse("recruitment:mine")
    client.force_login(world.bob)
    assert link not in client.get(reverse("programmes:profile")).content.decode()
    objects.alices_application(world)
    client.force_login(world.alice)
    assert link in client.get(reverse("programmes:profile")).content.decode()
