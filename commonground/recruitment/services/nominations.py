"""Nominations: a sponsor names someone, who confirms by a one-time link and applies as already supported."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.programmes.models import Programme
from commonground.recruitment.eligibility import ApplicantDetails
from commonground.recruitment.links import LINK_DAYS, LinkInvalid
from commonground.recruitment.models import (
    Application,
    ApplicationSource,
    Nomination,
    new_token,
    token_digest,
)
from commonground.recruitment.services.applications import submit_application


@transaction.atomic
def nominate(
    *,
    programme: Programme,
    sponsor: Person,
    nominee_name: str,
    nominee_email: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> Nomination:
    """A sponsor nominates someone; they get a link to confirm and complete their application."""
    now = now or timezone.now()
    email = nominee_email.strip().lower()
    if Nomination.objects.filter(programme=programme, nominee_email=email).exists():
        raise ValidationError("This person has already been nominated for this programme.")
    if Application.objects.filter(programme=programme, person__email__iexact=email).exists():
        raise ValidationError("This person has already applied to this programme.")
    token, digest = new_token()
    nomination = Nomination.objects.create(
        programme=programme,
        sponsor=sponsor,
        nominee_name=nominee_name.strip(),
        nominee_email=email,
        note=note,
        token_digest=digest,
        created_at=now,
        expires_at=now + dt.timedelta(days=LINK_DAYS),
    )
    send_templated_on_commit(
        "recruitment/email/nomination",
        subject=f"{sponsor.full_name} has nominated you for {programme.title}",
        to=email,
        context={
            "nomination": nomination,
            "programme": programme,
            "sponsor": sponsor,
            "link": absolute_reverse("recruitment:nomination-confirm", token),
        },
    )
    return nomination


@transaction.atomic
def confirm_nomination(
    *, token: str, details: ApplicantDetails, now: dt.datetime | None = None
) -> Application:
    """The nominee confirms: their application is saved as already supported by the sponsor who nominated them."""
    nomination = (
        Nomination.objects.select_for_update().filter(token_digest=token_digest(token)).first()
    )
    if nomination is None or not nomination.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    if details.email.strip().lower() != nomination.nominee_email:
        raise ValidationError("Use the email address you were nominated with.")
    application = submit_application(
        programme=nomination.programme,
        details=details,
        source=ApplicationSource.NOMINATION,
        nominated_by=nomination.sponsor,
        now=now,
    )
    nomination.application = application
    nomination.save(update_fields=["application"])
    return application
