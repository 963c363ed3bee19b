"""Applying: an application is saved (matching or creating the person) and its sponsor asked; the applicant may withdraw."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.grouping.services.leaving import leave_learning_sets
from commonground.programmes import figures as programme_figures
from commonground.programmes.affiliations import Work, record
from commonground.programmes.models import Cohort, Membership, Programme
from commonground.recruitment.eligibility import ApplicantDetails, check_eligibility
from commonground.recruitment.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    Offer,
    OfferStatus,
)
from commonground.recruitment.services.common import log_decision
from commonground.recruitment.services.sponsor_support import request_sponsor_support
from commonground.recruitment.services.waiting_list import promote_after_commit


def _person_for(details: ApplicantDetails, *, system_id: int) -> Person:
    """The person with this email, or a new one who signs in by emailed link (no password); where
    they work in the programme's system is filled in from the application."""
    email = details.email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        person = Person(email=email, full_name=details.full_name.strip())
        person.set_unusable_password()
    # Fill what the profile lacks; never overwrite what a person has already said about themselves.
    for name, value in (
        ("job_title", details.job_title),
        ("profession", details.profession),
        ("seniority", details.seniority),
        ("accessibility_needs", details.access_needs),
        ("full_name", details.full_name.strip()),
    ):
        if value and not getattr(person, name):
            setattr(person, name, value)
    person.save()
    record(
        person_id=person.pk,
        system_id=system_id,
        work=Work(organisation=details.organisation, team=details.team, place=details.place),
        fill_only=True,
    )
    return person


@transaction.atomic
def submit_application(
    *,
    programme: Programme,
    details: ApplicantDetails,
    source: str = ApplicationSource.FORM,
    nominated_by: Person | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Check eligibility, match or create the person, save the application and ask the sponsor to support it."""
    now = now or timezone.now()
    reasons = check_eligibility(programme=programme, details=details)
    if reasons:
        raise ValidationError(reasons)
    if Application.objects.filter(
        programme=programme, person__email__iexact=details.email.strip()
    ).exists():
        raise ValidationError(
            "There is already an application to this programme from this email address."
        )
    person = _person_for(details, system_id=programme.system_id)
    supported = nominated_by is not None
    application = Application.objects.create(
        programme=programme,
        person=person,
        cohort=details.cohort,
        source=source,
        status=ApplicationStatus.SPONSOR_SUPPORTED if supported else ApplicationStatus.SUBMITTED,
        organisation=details.organisation,
        team=details.team,
        place=details.place,
        job_title=details.job_title,
        profession=details.profession,
        seniority=details.seniority,
        why_now=details.why_now,
        sponsor_name=(nominated_by.full_name if nominated_by else details.sponsor_name),
        sponsor_email=(
            nominated_by.email if nominated_by else details.sponsor_email.strip().lower()
        ),
        access_needs=details.access_needs,
        consented_at=now,
        submitted_at=now,
        nominated_by=nominated_by,
    )
    log_decision(
        application,
        application.status,
        by=nominated_by or person,
        from_status="",
        reason="Nominated by their sponsor" if supported else "",
        now=now,
    )
    if not supported and application.sponsor_email:
        request_sponsor_support(application=application, now=now)
    return application


WITHDRAWABLE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SPONSOR_SUPPORTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.OFFERED,
    ApplicationStatus.ACCEPTED,
)


@transaction.atomic
def withdraw_application(
    *, application_id: int, person: Person, reason: str = "", now: dt.datetime | None = None
) -> Application:
    """The applicant withdraws. An open offer closes and an accepted place is given up; either way the
    freed place goes to the waiting list (the promotion task), exactly as after a decline. A participant
    role given up is recorded in the audit trail.

    Cohort rows are locked before the application, the same order as accepting and deciding.
    """
    now = now or timezone.now()
    found = (
        Application.objects.filter(pk=application_id, person=person)
        .values_list("cohort_id", "programme_id")
        .first()
    )
    if found is None:
        raise Application.DoesNotExist("No such application.")
    cohort_id, programme_id = found
    participant = Membership.objects.participants().filter(person=person, programme_id=programme_id)
    lock_ids = sorted(
        {i for i in [cohort_id, *participant.values_list("cohort_id", flat=True)] if i}
    )
    list(Cohort.objects.select_for_update().filter(pk__in=lock_ids).order_by("pk").values("pk"))
    application = Application.objects.select_for_update(of=("self",)).get(
        pk=application_id, person=person
    )
    if application.status not in WITHDRAWABLE:
        raise ValidationError(
            f"This application is already {application.get_status_display().lower()}, so there is nothing to withdraw."
        )
    freed: set[int] = set()
    if application.status == ApplicationStatus.OFFERED:
        open_offers = Offer.objects.select_for_update().filter(
            application=application, status=OfferStatus.OPEN
        )
        freed.update(open_offers.values_list("cohort_id", flat=True))
        open_offers.update(status=OfferStatus.DECLINED, responded_at=now)
    elif application.status == ApplicationStatus.ACCEPTED:
        for membership in participant.select_for_update():
            if membership.cohort_id:
                freed.add(membership.cohort_id)
                leave_learning_sets(cohort_id=membership.cohort_id, person_id=person.pk, now=now)
            audit.changes(
                audit.Change("membership", [person.pk], ["role"], membership.pk, AuditAction.ROLE_REVOKED),
                actor_id=person.pk, programme_id=programme_id,
            )
            membership.delete()
        programme_figures.programmes_changed([programme_id])  # one participant fewer in every figure
    log_decision(
        application,
        ApplicationStatus.WITHDRAWN,
        by=person,
        reason=reason.strip() or "Withdrawn by the applicant",
        now=now,
    )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    promote_after_commit(freed)
    return application
