"""Applications from the public form, and the emailed confirmation an existing account's owner gives.

Anyone may use the form without signing in, so an email address proves nothing. When it belongs
to an existing account, the application is held as a `PendingApplication`: that account does not
change, no application is attached to it and reviewers see nothing, until its owner, signed in,
follows the signed link mailed to that address. Only then is the application made through
`services.applications.submit_application`, which fills the blank fields of their profile and asks
their sponsor.

Whoever the address belongs to, the form answers the same ("check your email"), so it tells nobody
whether an account exists. A signed-in person applying with their own address needs no link.
"""

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.programmes.models import Programme
from commonground.recruitment.eligibility import ApplicantDetails, check_eligibility
from commonground.recruitment.links import LinkInvalid
from commonground.recruitment.models import Application, PendingApplication
from commonground.recruitment.services.applications import submit_application

CONFIRM_SALT = "recruitment.confirm-application"
CONFIRM_DAYS = 7


def confirm_token(pending: PendingApplication) -> str:
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(pending.link_key)


def confirm_link(pending: PendingApplication) -> str:
    return absolute_reverse("recruitment:application-confirm", confirm_token(pending))


@transaction.atomic
def receive_application(
    *,
    programme: Programme,
    details: ApplicantDetails,
    signed_in: Person | None = None,
    now: dt.datetime | None = None,
) -> Application | PendingApplication:
    """The public form's application: made at once for a new address or the signed-in person's own,
    held for its owner's confirmation when the address belongs to someone else's account."""
    now = now or timezone.now()
    email = details.email.strip().lower()
    if signed_in is not None and signed_in.email.lower() == email:
        return submit_application(programme=programme, details=details, now=now)
    reasons = check_eligibility(programme=programme, details=details)
    if reasons:
        raise ValidationError(reasons)
    if not Person.objects.filter(email__iexact=email).exists():
        application = submit_application(programme=programme, details=details, now=now)
        send_templated_on_commit(
            "recruitment/email/application_received",
            subject=f"Your application to {programme.title}",
            to=email,
            context={"application": application, "programme": programme},
        )
        return application
    pending = PendingApplication.objects.create(
        programme=programme,
        email=email,
        full_name=details.full_name.strip(),
        organisation=details.organisation,
        team=details.team,
        place=details.place,
        cohort=details.cohort,
        job_title=details.job_title,
        profession=details.profession,
        seniority=details.seniority,
        why_now=details.why_now,
        sponsor_name=details.sponsor_name,
        sponsor_email=details.sponsor_email.strip().lower(),
        access_needs=details.access_needs,
        consented_at=now,
        created_at=now,
    )
    send_templated_on_commit(
        "recruitment/email/application_confirm",
        subject=f"Confirm your application to {programme.title}",
        to=email,
        context={
            "pending": pending,
            "programme": programme,
            "link": confirm_link(pending),
            "days": CONFIRM_DAYS,
        },
    )
    return pending


def pending_for(token: str, *, person: Person) -> PendingApplication:
    """The held application this link confirms, when it is valid, unused and for this person's address."""
    try:
        key = signing.TimestampSigner(salt=CONFIRM_SALT).unsign(
            token, max_age=dt.timedelta(days=CONFIRM_DAYS)
        )
    except signing.SignatureExpired:
        raise LinkInvalid(
            f"This link has expired: it works for {CONFIRM_DAYS} days. Apply again for a new one."
        ) from None
    except signing.BadSignature:
        raise LinkInvalid("This link is not valid.") from None
    pending = (
        PendingApplication.objects.select_related(
            "programme__system", "organisation", "team", "place", "cohort"
        )
        .filter(link_key=key)
        .first()
    )
    if pending is None or pending.confirmed_at is not None:
        raise LinkInvalid("This link has already been used.")
    if pending.email.lower() != person.email.lower():
        raise LinkInvalid(
            "This link was sent to someone else's email address. Sign in as the person it was "
            "sent to, then open it again."
        )
    return pending


def _details(pending: PendingApplication) -> ApplicantDetails:
    return ApplicantDetails(
        full_name=pending.full_name,
        email=pending.email,
        organisation=pending.organisation,
        team=pending.team,
        place=pending.place,
        cohort=pending.cohort,
        job_title=pending.job_title,
        profession=pending.profession,
        seniority=pending.seniority,
        why_now=pending.why_now,
        sponsor_name=pending.sponsor_name,
        sponsor_email=pending.sponsor_email,
        access_needs=pending.access_needs,
    )


@transaction.atomic
def confirm_application(
    *, token: str, person: Person, now: dt.datetime | None = None
) -> Application:
    """The account's owner confirms: the application is made and attached to them, once."""
    now = now or timezone.now()
    found = pending_for(token, person=person)
    pending = PendingApplication.objects.select_for_update().get(pk=found.pk)
    if pending.confirmed_at is not None:
        raise LinkInvalid("This link has already been used.")
    application = submit_application(programme=found.programme, details=_details(found), now=now)
    pending.confirmed_at, pending.application = now, application
    pending.save(update_fields=["confirmed_at", "application"])
    return application
