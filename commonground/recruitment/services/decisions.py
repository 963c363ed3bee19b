"""The lead's decisions: offer a place, put on the waiting list or turn down, one or many at once.

An offer counts places under a lock on the cohort row (`cohort_figures(lock_cohort_ids=...)`), so two
leads offering at the same moment can never over-fill a cohort.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.core.mail import send_templated_on_commit
from commonground.programmes.models import Cohort, Programme
from commonground.recruitment.links import offer_link
from commonground.recruitment.models import (
    REVIEWABLE,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Offer,
)
from commonground.recruitment.queries import CohortFigures, cohort_figures
from commonground.recruitment.services.common import log_decision

DEFAULT_OFFER_DAYS = 7


class DecisionKind:
    OFFER = "offer"
    WAITLIST = "waitlist"
    REJECT = "reject"
    CHOICES = [
        (OFFER, "Offer a place"),
        (WAITLIST, "Put on the waiting list"),
        (REJECT, "Do not offer a place"),
    ]


# What each decision changes on an application, as the audit trail names it ("offers": a new offer).
DECIDED_FIELDS = {
    DecisionKind.REJECT: ("status",),
    DecisionKind.WAITLIST: ("status", "waitlisted_at"),
    DecisionKind.OFFER: ("status", "offers"),
}


def decided(application: Application, decision: str) -> audit.Change:
    """The audit trail's record of one decision on an application (the applicant's data)."""
    return audit.Change(
        "application_decision", [application.person_id], DECIDED_FIELDS[decision], application.pk,
        programme_id=application.programme_id,
    )


@dataclass
class DecisionResult:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def offer_deadline(programme: Programme, now: dt.datetime) -> dt.datetime:
    days = (
        EligibilityRule.objects.filter(programme=programme)
        .values_list("offer_days", flat=True)
        .first()
    )
    return now + dt.timedelta(days=days or DEFAULT_OFFER_DAYS)


def make_offer(
    application: Application,
    cohort: Cohort,
    *,
    by: Person | None,
    reason: str,
    deadline: dt.datetime,
    now: dt.datetime,
    from_waiting_list: bool = False,
) -> Offer:
    offer = Offer.objects.create(
        application=application,
        cohort=cohort,
        made_at=now,
        deadline=deadline,
        from_waiting_list=from_waiting_list,
    )
    log_decision(application, ApplicationStatus.OFFERED, by=by, reason=reason, now=now)
    application.status, application.cohort = ApplicationStatus.OFFERED, cohort
    application.save(update_fields=["status", "cohort"])
    template = "promoted" if from_waiting_list else "offer"
    subject = (
        f"A place has come up on {application.programme.title}"
        if from_waiting_list
        else (f"Your place on {application.programme.title}")
    )
    send_templated_on_commit(
        f"recruitment/email/{template}",
        subject=subject,
        to=application.person.email,
        context={
            "application": application,
            "programme": application.programme,
            "cohort": cohort,
            "offer": offer,
            "link": offer_link(offer),
        },
    )
    return offer


@transaction.atomic
def decide_applications(
    *,
    programme: Programme,
    application_ids: Sequence[int],
    decision: str,
    by: Person,
    reason: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> DecisionResult:
    """Offer, waitlist or turn down many applications at once; offers respect capacity and quotas, in order.
    The audit trail records each decision made, all in one insert (by `by`, from `request`'s address)."""
    now = now or timezone.now()
    if decision == DecisionKind.REJECT and not reason.strip():
        raise ValidationError(
            "Give a reason when you do not offer a place: the applicant may ask for it."
        )
    if decision not in {DecisionKind.OFFER, DecisionKind.WAITLIST, DecisionKind.REJECT}:
        raise ValidationError("Choose a decision.")
    ids = list(application_ids)
    figures: dict[int, CohortFigures] = {}
    if decision == DecisionKind.OFFER:
        # Cohorts are locked before applications, in the same order as accept_offer, so the two never deadlock.
        cohort_ids = Application.objects.filter(
            programme=programme, pk__in=ids, cohort__isnull=False
        )
        figures = cohort_figures(
            programme, lock_cohort_ids=list(cohort_ids.values_list("cohort_id", flat=True))
        )
    chosen = list(
        Application.objects.select_for_update(of=("self",))
        .filter(programme=programme, pk__in=ids)
        .select_related("person", "organisation", "cohort", "programme")
        .order_by("submitted_at", "pk")
    )
    result = DecisionResult()
    deadline = offer_deadline(programme, now)
    for application in chosen:
        if application.status not in REVIEWABLE:
            result.refused.append(
                (application, f"It is already {application.get_status_display().lower()}.")
            )
            continue
        if decision == DecisionKind.REJECT:
            log_decision(application, ApplicationStatus.REJECTED, by=by, reason=reason, now=now)
            application.status = ApplicationStatus.REJECTED
            application.save(update_fields=["status"])
        elif decision == DecisionKind.WAITLIST:
            if application.status == ApplicationStatus.WAITLISTED:
                result.refused.append((application, "It is already on the waiting list."))
                continue
            log_decision(application, ApplicationStatus.WAITLISTED, by=by, reason=reason, now=now)
            application.status, application.waitlisted_at = ApplicationStatus.WAITLISTED, now
            application.save(update_fields=["status", "waitlisted_at"])
        else:
            if application.cohort_id is None:
                result.refused.append((application, "Choose a cohort for this application first."))
                continue
            cohort_figs = figures[application.cohort_id]
            breaches = cohort_figs.breaches(
                application.organisation.sector, application.organisation_id
            )
            if breaches:
                result.refused.append((application, " ".join(breaches)))
                continue
            make_offer(
                application, cohort_figs.cohort, by=by, reason=reason, deadline=deadline, now=now
            )
            cohort_figs.add_offer(application.organisation.sector, application.organisation_id)
        result.done.append(application)
    audit.changes(
        *(decided(a, decision) for a in result.done), request=request, actor_id=by.pk,
        programme_id=programme.pk,
    )
    return result


@transaction.atomic
def set_cohort(
    *, application: Application, cohort: Cohort, by: Person, request: HttpRequest | None = None
) -> Application:
    """Move an application (not yet offered) to another cohort of its programme."""
    if cohort.programme_id != application.programme_id:
        raise ValidationError("That cohort is not part of this programme.")
    if application.status not in REVIEWABLE:
        raise ValidationError("Only applications still under review can move cohort.")
    log_decision(application, application.status, by=by, reason=f"Moved to {cohort.name}")
    moved = application.cohort_id != cohort.pk
    application.cohort = cohort
    application.save(update_fields=["cohort"])
    audit.changed_many(
        subject_ids=[application.person_id], what="application", fields=["cohort"] if moved else [],
        request=request, actor_id=by.pk, object_id=application.pk, programme_id=application.programme_id,
    )
    return application
