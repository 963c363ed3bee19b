"""Answering an offer: accept, decline, or let it lapse; and the reminder before its deadline.

Accepting locks the cohort row first (`select_for_update`) and counts participants under that lock,
so two people accepting at the same moment can never over-fill a cohort.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts import audit
from commonground.core.mail import send_templated_on_commit
from commonground.programmes.cohorts import join_cohort
from commonground.programmes.models import Cohort, Membership
from commonground.recruitment.links import offer_link
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    EligibilityRule,
    Offer,
    OfferStatus,
)
from commonground.recruitment.services.common import log_decision
from commonground.recruitment.services.waiting_list import promote_after_commit


@dataclass(frozen=True)
class AcceptResult:
    accepted: bool
    message: str
    membership: Membership | None = None


class OfferClosed(ValidationError):
    """The offer was answered already or its deadline has passed."""


@transaction.atomic
def accept_offer(*, offer_id: int, now: dt.datetime | None = None) -> AcceptResult:
    """Take the place if the cohort still has one; otherwise the applicant goes to the front of the waiting list.

    The cohort row is locked first and the participants counted under that lock, so however
    many people accept at once, no more than the cohort's capacity ever get in.
    """
    now = now or timezone.now()
    cohort_id = Offer.objects.values_list("cohort_id", flat=True).get(pk=offer_id)
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    offer = Offer.objects.select_for_update().get(pk=offer_id)
    if offer.status != OfferStatus.OPEN:
        raise OfferClosed(f"This offer was already {offer.get_status_display().lower()}.")
    if now >= offer.deadline:
        raise OfferClosed("The deadline for this offer has passed.")
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=offer.application_id)
    )
    taken = Membership.objects.participants().filter(cohort=cohort).count()
    if taken >= cohort.capacity:
        offer.status, offer.responded_at = OfferStatus.FILLED, now
        offer.save(update_fields=["status", "responded_at"])
        reason = f"{cohort.name} filled before the offer was accepted; kept at the front of the waiting list."
        log_decision(application, ApplicationStatus.WAITLISTED, by=None, reason=reason, now=now)
        # The original submission time keeps them ahead of people waitlisted since.
        application.status, application.waitlisted_at = (
            ApplicationStatus.WAITLISTED,
            application.submitted_at,
        )
        application.save(update_fields=["status", "waitlisted_at"])
        return AcceptResult(
            False,
            f"Sorry: every place in {cohort.name} was taken before you accepted. "
            "You are at the front of the waiting list.",
        )
    # Through the cohort's owner, so the new cohort's invitations (and leaving any old one) follow at
    # once; it records the participant role given, by the applicant themselves.
    membership = join_cohort(
        person=application.person, cohort=cohort, now=now, actor_id=application.person_id
    )
    offer.status, offer.responded_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "responded_at"])
    log_decision(application, ApplicationStatus.ACCEPTED, by=application.person, now=now)
    application.status = ApplicationStatus.ACCEPTED
    application.save(update_fields=["status"])
    return AcceptResult(True, f"You have a place in {cohort.name}. Welcome!", membership)


@transaction.atomic
def decline_offer(*, offer_id: int, reason: str = "", now: dt.datetime | None = None) -> Offer:
    """Decline the place; the next suitable person on the waiting list is offered it."""
    now = now or timezone.now()
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("application__person")
        .get(pk=offer_id)
    )
    if offer.status != OfferStatus.OPEN:
        raise OfferClosed(f"This offer was already {offer.get_status_display().lower()}.")
    offer.status, offer.responded_at = OfferStatus.DECLINED, now
    offer.save(update_fields=["status", "responded_at"])
    application = offer.application
    log_decision(
        application, ApplicationStatus.DECLINED, by=application.person, reason=reason, now=now
    )
    application.status = ApplicationStatus.DECLINED
    application.save(update_fields=["status"])
    promote_after_commit([offer.cohort_id])
    return offer


@transaction.atomic
def lapse_offers(*, now: dt.datetime | None = None) -> int:
    """Close every open offer past its deadline and offer the places to the waiting list. The audit
    trail records each lapse, by Common Ground itself, in one insert."""
    now = now or timezone.now()
    due = list(
        Offer.objects.select_for_update(of=("self",))
        .open()
        .filter(deadline__lte=now)
        .select_related("application")
    )
    for offer in due:
        offer.status = OfferStatus.LAPSED
        offer.save(update_fields=["status"])
        log_decision(
            offer.application,
            ApplicationStatus.LAPSED,
            by=None,
            reason="No answer before the deadline",
            now=now,
        )
        offer.application.status = ApplicationStatus.LAPSED
        offer.application.save(update_fields=["status"])
    audit.changes(
        *(
            audit.Change(
                "application_decision", [o.application.person_id], ["offers", "status"],
                o.application_id, programme_id=o.application.programme_id,
            )
            for o in due
        )
    )
    promote_after_commit(o.cohort_id for o in due)
    return len(due)


@transaction.atomic
def send_offer_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind each person once, shortly before their offer lapses."""
    now = now or timezone.now()
    rules = dict(EligibilityRule.objects.values_list("programme_id", "reminder_hours"))
    due = []
    candidates = (
        Offer.objects.select_for_update(of=("self",))
        .open()
        .filter(
            reminded_at__isnull=True, deadline__gt=now, deadline__lte=now + dt.timedelta(hours=168)
        )
        .select_related("application__person", "application__programme", "cohort")
    )
    for offer in candidates:
        hours = rules.get(offer.application.programme_id, 48)
        if offer.deadline - now <= dt.timedelta(hours=hours):
            due.append(offer)
    for offer in due:
        offer.reminded_at = now
        offer.save(update_fields=["reminded_at"])
        application = offer.application
        send_templated_on_commit(
            "recruitment/email/offer_reminder",
            subject=f"Reminder: your place on {application.programme.title}",
            to=application.person.email,
            context={
                "application": application,
                "programme": application.programme,
                "cohort": offer.cohort,
                "offer": offer,
                "link": offer_link(offer),
            },
        )
    return len(due)
