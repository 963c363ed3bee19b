"""A sponsor's support: a one-time link mailed to the sponsor, and their answer, given once."""

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.recruitment.links import LINK_DAYS, LinkInvalid
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    SponsorRequest,
    new_token,
    token_digest,
)
from commonground.recruitment.services.common import log_decision


def request_sponsor_support(
    *, application: Application, now: dt.datetime | None = None
) -> SponsorRequest:
    """Send the sponsor a one-time link to support the application (replacing any earlier link)."""
    now = now or timezone.now()
    token, digest = new_token()
    request, _ = SponsorRequest.objects.update_or_create(
        application=application,
        defaults={
            "sponsor_email": application.sponsor_email,
            "token_digest": digest,
            "created_at": now,
            "expires_at": now + dt.timedelta(days=LINK_DAYS),
            "answered_at": None,
            "supported": None,
            "comment": "",
        },
    )
    send_templated_on_commit(
        "recruitment/email/sponsor_request",
        subject=f"Please support {application.person.full_name}'s application",
        to=application.sponsor_email,
        context={
            "application": application,
            "programme": application.programme,
            "expires_at": request.expires_at,
            "link": absolute_reverse("recruitment:support", token),
        },
    )
    return request


@transaction.atomic
def record_sponsor_support(
    *,
    token: str,
    supported: bool,
    comment: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> SponsorRequest:
    """The sponsor's answer by emailed link, once; support moves the application on to review as sponsor-supported."""
    now = now or timezone.now()
    digest = token_digest(token)
    sponsor_request = SponsorRequest.objects.select_for_update().filter(token_digest=digest).first()
    if sponsor_request is None or not sponsor_request.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    return _answer(sponsor_request, supported=supported, comment=comment, now=now, request=request)


@transaction.atomic
def record_signed_in_support(
    *,
    application_id: int,
    sponsor: Person,
    supported: bool,
    comment: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> SponsorRequest:
    """The same answer from the sponsor signed in: the request must be addressed to their own email
    address and still open, exactly as its emailed link would be."""
    now = now or timezone.now()
    sponsor_request = (
        SponsorRequest.objects.select_for_update()
        .filter(application_id=application_id, sponsor_email__iexact=sponsor.email)
        .first()
    )
    if sponsor_request is None or not sponsor_request.is_usable(now):
        raise LinkInvalid("This application no longer waits for your answer.")
    return _answer(sponsor_request, supported=supported, comment=comment, now=now, request=request)


def _answer(
    sponsor_request: SponsorRequest,
    *,
    supported: bool,
    comment: str,
    now: dt.datetime,
    request: HttpRequest | None,
) -> SponsorRequest:
    """Record the answer on the locked request and its application (inside the caller's transaction)."""
    sponsor_request.answered_at, sponsor_request.supported, sponsor_request.comment = now, supported, comment
    sponsor_request.save(update_fields=["answered_at", "supported", "comment"])
    application = Application.objects.select_for_update().get(pk=sponsor_request.application_id)
    fields = ["sponsor_support"]
    if supported and application.status == ApplicationStatus.SUBMITTED:
        fields.append("status")
        log_decision(
            application,
            ApplicationStatus.SPONSOR_SUPPORTED,
            by=None,
            reason=comment or "Sponsor supports",
            now=now,
        )
        application.status = ApplicationStatus.SPONSOR_SUPPORTED
        application.save(update_fields=["status"])
    elif not supported:
        # The lead decides; the sponsor's reservation goes into the record they read.
        log_decision(
            application,
            application.status,
            by=None,
            reason=f"Sponsor does not support: {comment}".strip(": "),
            now=now,
        )
    # The applicant's application changed at the hand of their sponsor (by emailed link nobody is
    # signed in: "someone with an emailed link"; signed in, the request names them).
    audit.changed_many(
        subject_ids=[application.person_id], what="application", fields=fields, request=request, object_id=application.pk, programme_id=application.programme_id,
    )
    return sponsor_request
