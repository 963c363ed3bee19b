"""Writes for recruitment: applications, nominations, sponsor support, decisions, offers and the waiting list.

Every place in a cohort is counted under a lock on the cohort row (`select_for_update`), so two
people accepting, or two leads offering, at the same moment can never over-fill a cohort.
"""

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.cohorts import join_cohort
from commonground.programmes.models import (
    Cohort,
    Membership,
    Organisation,
    Place,
    Programme,
    Team,
)
from commonground.recruitment import eligibility, importing
from commonground.recruitment.models import (
    REVIEWABLE,
    Application,
    ApplicationSource,
    ApplicationStatus,
    Decision,
    EligibilityRule,
    Nomination,
    Offer,
    OfferStatus,
    SponsorRequest,
    new_token,
    token_digest,
)
from commonground.recruitment.queries import CohortFigures, cohort_figures

LINK_DAYS = 14  # sponsor and nomination links stay usable this long
DEFAULT_OFFER_DAYS = 7


class LinkInvalid(Exception):
    """A link that is unknown, already used or expired."""


# -- Mail ----------------------------------------------------------------------------------------


def _absolute(path: str) -> str:
    # SITE_URL is the public address mail links use (set by the deployment; a laptop default otherwise).
    return settings.SITE_URL.rstrip("/") + path


def _mail(template: str, subject: str, to: str, context: dict[str, Any]) -> None:
    """Queue one message (plain text and HTML) once the surrounding transaction commits."""

    def send() -> None:
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"recruitment/email/{template}.txt", context),
            to=[to],
        )
        message.attach_alternative(
            render_to_string(f"recruitment/email/{template}.html", context), "text/html"
        )
        message.send()

    transaction.on_commit(send)


# -- Applications --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantDetails:
    """What an applicant tells us, already parsed by a form or the importer."""

    full_name: str
    email: str
    organisation: Organisation
    place: Place
    job_title: str
    profession: str
    seniority: str
    why_now: str
    team: Team | None = None
    cohort: Cohort | None = None
    sponsor_name: str = ""
    sponsor_email: str = ""
    access_needs: str = ""


def check_eligibility(*, programme: Programme, details: ApplicantDetails) -> list[str]:
    """The reasons this applicant may not take part (empty when eligible)."""
    place_ids = set(details.organisation.places.values_list("pk", flat=True))
    who = eligibility.candidate(details.organisation, details.place, details.seniority, place_ids)
    reasons = eligibility.problems(eligibility.rules_for(programme), who)
    if details.team is not None and details.team.organisation_id != details.organisation.pk:
        reasons.append(f"{details.team.name} is not a team of {details.organisation.name}.")
    if details.cohort is not None and details.cohort.programme_id != programme.pk:
        reasons.append("That cohort is not part of this programme.")
    return reasons


def applications_open(programme: Programme) -> bool:
    return EligibilityRule.objects.filter(programme=programme, applications_open=True).exists()


def _person_for(details: ApplicantDetails) -> Person:
    """The person with this email, or a new one who signs in by emailed link (no password)."""
    email = details.email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        person = Person(email=email, full_name=details.full_name.strip())
        person.set_unusable_password()
    # Fill what the profile lacks; never overwrite what a person has already said about themselves.
    for name, value in (
        ("organisation", details.organisation),
        ("team", details.team),
        ("place", details.place),
        ("job_title", details.job_title),
        ("profession", details.profession),
        ("seniority", details.seniority),
        ("accessibility_needs", details.access_needs),
        ("full_name", details.full_name.strip()),
    ):
        if value and not getattr(
            person, name if name not in {"organisation", "team", "place"} else f"{name}_id"
        ):
            setattr(person, name, value)
    person.save()
    return person


def _log(
    application: Application,
    to_status: str,
    *,
    by: Person | None,
    reason: str = "",
    from_status: str | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    return Decision.objects.create(
        application=application,
        by=by,
        from_status=application.status if from_status is None else from_status,
        to_status=to_status,
        reason=reason,
        at=now or timezone.now(),
    )


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
    person = _person_for(details)
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
    _log(
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
    _mail(
        "sponsor_request",
        f"Please support {application.person.full_name}'s application",
        application.sponsor_email,
        {
            "application": application,
            "programme": application.programme,
            "expires_at": request.expires_at,
            "link": _absolute(reverse("recruitment:support", args=[token])),
        },
    )
    return request


def sponsor_request_for(token: str, now: dt.datetime | None = None) -> SponsorRequest:
    request = (
        SponsorRequest.objects.select_related(
            "application__person", "application__programme", "application__organisation"
        )
        .filter(token_digest=token_digest(token))
        .first()
    )
    if request is None or not request.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    return request


@transaction.atomic
def record_sponsor_support(
    *, token: str, supported: bool, comment: str = "", now: dt.datetime | None = None
) -> SponsorRequest:
    """The sponsor's answer, once; support moves the application on to review as sponsor-supported."""
    now = now or timezone.now()
    digest = token_digest(token)
    request = SponsorRequest.objects.select_for_update().filter(token_digest=digest).first()
    if request is None or not request.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
    request.answered_at, request.supported, request.comment = now, supported, comment
    request.save(update_fields=["answered_at", "supported", "comment"])
    application = Application.objects.select_for_update().get(pk=request.application_id)
    if supported and application.status == ApplicationStatus.SUBMITTED:
        _log(
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
        _log(
            application,
            application.status,
            by=None,
            reason=f"Sponsor does not support: {comment}".strip(": "),
            now=now,
        )
    return request


# -- Nominations ---------------------------------------------------------------------------------


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
    _mail(
        "nomination",
        f"{sponsor.full_name} has nominated you for {programme.title}",
        email,
        {
            "nomination": nomination,
            "programme": programme,
            "sponsor": sponsor,
            "link": _absolute(reverse("recruitment:nomination-confirm", args=[token])),
        },
    )
    return nomination


def nomination_for(token: str, now: dt.datetime | None = None) -> Nomination:
    nomination = (
        Nomination.objects.select_related("programme__system", "sponsor__organisation")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if nomination is None or not nomination.is_usable(now):
        raise LinkInvalid("This link has expired or has already been used.")
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


# -- Decisions and offers ------------------------------------------------------------------------


class DecisionKind:
    OFFER = "offer"
    WAITLIST = "waitlist"
    REJECT = "reject"
    CHOICES = [
        (OFFER, "Offer a place"),
        (WAITLIST, "Put on the waiting list"),
        (REJECT, "Do not offer a place"),
    ]


@dataclass
class DecisionResult:
    done: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, str]] = field(default_factory=list)


def _offer_deadline(programme: Programme, now: dt.datetime) -> dt.datetime:
    days = (
        EligibilityRule.objects.filter(programme=programme)
        .values_list("offer_days", flat=True)
        .first()
    )
    return now + dt.timedelta(days=days or DEFAULT_OFFER_DAYS)


def _make_offer(
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
    _log(application, ApplicationStatus.OFFERED, by=by, reason=reason, now=now)
    application.status, application.cohort = ApplicationStatus.OFFERED, cohort
    application.save(update_fields=["status", "cohort"])
    template = "promoted" if from_waiting_list else "offer"
    subject = (
        f"A place has come up on {application.programme.title}"
        if from_waiting_list
        else (f"Your place on {application.programme.title}")
    )
    _mail(
        template,
        subject,
        application.person.email,
        {
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
) -> DecisionResult:
    """Offer, waitlist or turn down many applications at once; offers respect capacity and quotas, in order."""
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
    deadline = _offer_deadline(programme, now)
    for application in chosen:
        if application.status not in REVIEWABLE:
            result.refused.append(
                (application, f"It is already {application.get_status_display().lower()}.")
            )
            continue
        if decision == DecisionKind.REJECT:
            _log(application, ApplicationStatus.REJECTED, by=by, reason=reason, now=now)
            application.status = ApplicationStatus.REJECTED
            application.save(update_fields=["status"])
        elif decision == DecisionKind.WAITLIST:
            if application.status == ApplicationStatus.WAITLISTED:
                result.refused.append((application, "It is already on the waiting list."))
                continue
            _log(application, ApplicationStatus.WAITLISTED, by=by, reason=reason, now=now)
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
            _make_offer(
                application, cohort_figs.cohort, by=by, reason=reason, deadline=deadline, now=now
            )
            cohort_figs.add_offer(application.organisation.sector, application.organisation_id)
        result.done.append(application)
    return result


@transaction.atomic
def set_cohort(*, application: Application, cohort: Cohort, by: Person) -> Application:
    """Move an application (not yet offered) to another cohort of its programme."""
    if cohort.programme_id != application.programme_id:
        raise ValidationError("That cohort is not part of this programme.")
    if application.status not in REVIEWABLE:
        raise ValidationError("Only applications still under review can move cohort.")
    _log(application, application.status, by=by, reason=f"Moved to {cohort.name}")
    application.cohort = cohort
    application.save(update_fields=["cohort"])
    return application


OFFER_SALT = "recruitment.offer"


def offer_link(offer: Offer) -> str:
    """The offer's link: signed, answerable once, and only until the deadline (the same link in every reminder)."""
    token = signing.Signer(salt=OFFER_SALT).sign(offer.link_key)
    return _absolute(reverse("recruitment:offer", args=[token]))


def offer_path(offer: Offer) -> str:
    """The same link as `offer_link`, as a path for pages on this site."""
    return reverse("recruitment:offer", args=[signing.Signer(salt=OFFER_SALT).sign(offer.link_key)])


def offer_for(token: str) -> Offer:
    try:
        key = signing.Signer(salt=OFFER_SALT).unsign(token)
    except signing.BadSignature:
        raise LinkInvalid("This link is not valid.") from None
    offer = (
        Offer.objects.select_related(
            "application__person", "application__programme", "cohort__place"
        )
        .filter(link_key=key)
        .first()
    )
    if offer is None:
        raise LinkInvalid("This link is not valid.")
    return offer


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
        _log(application, ApplicationStatus.WAITLISTED, by=None, reason=reason, now=now)
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
    # Through the cohort's owner, so the new cohort's invitations (and leaving any old one) follow at once.
    membership = join_cohort(person=application.person, cohort=cohort, now=now)
    offer.status, offer.responded_at = OfferStatus.ACCEPTED, now
    offer.save(update_fields=["status", "responded_at"])
    _log(application, ApplicationStatus.ACCEPTED, by=application.person, now=now)
    application.status = ApplicationStatus.ACCEPTED
    application.save(update_fields=["status"])
    return AcceptResult(True, f"You have a place in {cohort.name}. Welcome!", membership)


def _promote_after_commit(cohort_ids: Iterable[int]) -> None:
    from commonground.recruitment.tasks import promote_waiting_list

    for cohort_id in sorted(set(cohort_ids)):
        transaction.on_commit(lambda cohort_id=cohort_id: promote_waiting_list.enqueue(cohort_id))  # type: ignore[misc]


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
    _log(application, ApplicationStatus.DECLINED, by=application.person, reason=reason, now=now)
    application.status = ApplicationStatus.DECLINED
    application.save(update_fields=["status"])
    _promote_after_commit([offer.cohort_id])
    return offer


@transaction.atomic
def lapse_offers(*, now: dt.datetime | None = None) -> int:
    """Close every open offer past its deadline and offer the places to the waiting list."""
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
        _log(
            offer.application,
            ApplicationStatus.LAPSED,
            by=None,
            reason="No answer before the deadline",
            now=now,
        )
        offer.application.status = ApplicationStatus.LAPSED
        offer.application.save(update_fields=["status"])
    _promote_after_commit(o.cohort_id for o in due)
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
        _mail(
            "offer_reminder",
            f"Reminder: your place on {application.programme.title}",
            application.person.email,
            {
                "application": application,
                "programme": application.programme,
                "cohort": offer.cohort,
                "offer": offer,
                "link": offer_link(offer),
            },
        )
    return len(due)


@transaction.atomic
def promote_from_waiting_list(*, cohort_id: int, now: dt.datetime | None = None) -> list[Offer]:
    """Offer each free place in the cohort to the longest-waiting person whose offer keeps the quotas."""
    now = now or timezone.now()
    cohort = Cohort.objects.select_related("programme").get(pk=cohort_id)
    figures = cohort_figures(cohort.programme, lock_cohort_ids=[cohort_id])[cohort_id]
    if figures.free == 0:
        return []
    waiting = (
        Application.objects.select_for_update(of=("self",))
        .filter(cohort_id=cohort_id, status=ApplicationStatus.WAITLISTED)
        .select_related("person", "organisation", "programme")
        .order_by("waitlisted_at", "submitted_at", "pk")
    )
    deadline = _offer_deadline(cohort.programme, now)
    offers = []
    for application in waiting:
        if figures.free == 0:
            break
        if figures.breaches(application.organisation.sector, application.organisation_id):
            continue  # skipped, not removed: they stay in line for a place that fits
        offers.append(
            _make_offer(
                application,
                figures.cohort,
                by=None,
                deadline=deadline,
                now=now,
                reason="A place came up and they were next on the waiting list",
                from_waiting_list=True,
            )
        )
        figures.add_offer(application.organisation.sector, application.organisation_id)
    return offers


# -- Import --------------------------------------------------------------------------------------


class ImportInvalid(ValidationError):
    """An import with row errors; nothing was written."""

    def __init__(self, errors: list[importing.RowError]) -> None:
        super().__init__([f"Row {e.row}, {e.field}: {e.message}" for e in errors])
        self.row_errors = errors


@transaction.atomic
def import_applications(
    *, programme: Programme, rows: list[dict[str, str]], by: Person, now: dt.datetime | None = None
) -> list[Application]:
    """Validate parsed rows and, only if every row is valid, write them all in one transaction.

    Validation runs here (not only at preview) because someone may have applied since the preview.
    """
    now = now or timezone.now()
    valid, errors = importing.validate(rows, importing.lookup_for(programme))
    if errors:
        raise ImportInvalid(errors)
    existing = {
        p.email.lower(): p for p in Person.objects.filter(email__in=[r.email for r in valid])
    }
    new_people = []
    for r in valid:
        if r.email not in existing:
            person = Person(
                email=r.email,
                full_name=r.full_name,
                organisation_id=r.organisation_id,
                team_id=r.team_id,
                place_id=r.place_id,
                job_title=r.job_title,
                profession=r.profession,
                seniority=r.seniority,
                accessibility_needs=r.access_needs,
                # Imported people sign in by emailed link; this is make_password(None) without its slow draws.
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            new_people.append(person)
            existing[r.email] = person
    Person.objects.bulk_create(new_people, batch_size=2000)
    applications = Application.objects.bulk_create(
        [
            Application(
                programme=programme,
                person=existing[r.email],
                cohort_id=r.cohort_id,
                source=ApplicationSource.IMPORT,
                organisation_id=r.organisation_id,
                team_id=r.team_id,
                place_id=r.place_id,
                job_title=r.job_title,
                profession=r.profession,
                seniority=r.seniority,
                why_now=r.why_now,
                sponsor_email=r.sponsor_email,
                access_needs=r.access_needs,
                consented_at=now,
                submitted_at=(
                    dt.datetime.combine(
                        dt.date.fromisoformat(r.submitted_on), dt.time(9), tzinfo=dt.UTC
                    )
                    if r.submitted_on
                    else now
                ),
            )
            for r in valid
        ],
        batch_size=2000,
    )
    Decision.objects.bulk_create(
        [
            Decision(
                application=a, by=by, from_status="", to_status=a.status, reason="Imported", at=now
            )
            for a in applications
        ],
        batch_size=2000,
    )
    for application in applications:
        if application.sponsor_email:
            request_sponsor_support(application=application, now=now)
    return applications


# -- The applicant's own page: withdrawing ----------------------------------------------------------

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
    freed place goes to the waiting list (the promotion task), exactly as after a decline.

    Cohort rows are locked before the application, the same order as accepting and deciding.
    """
    from commonground.grouping.services import (
        leave_learning_sets,  # grouping imports nothing from here
    )

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
            membership.delete()
    _log(
        application,
        ApplicationStatus.WITHDRAWN,
        by=person,
        reason=reason.strip() or "Withdrawn by the applicant",
        now=now,
    )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    _promote_after_commit(freed)
    return application


# -- Quotas, capacity and eligibility (the lead's settings pages) -----------------------------------


@transaction.atomic
def set_capacity(*, cohort_id: int, capacity: int) -> Cohort:
    """Change a cohort's capacity; never below the people who have already accepted a place (counted under a lock)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    accepted = Membership.objects.participants().filter(cohort=cohort).count()
    if capacity < accepted:
        raise ValidationError(
            f"{accepted} people have already accepted a place in {cohort.name}, so its capacity cannot be below {accepted}."
        )
    grew = capacity > cohort.capacity
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity"])
    if grew:
        _promote_after_commit(
            [cohort.pk]
        )  # new places go to the waiting list, as a freed place would
    return cohort
