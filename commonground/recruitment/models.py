"""Recruitment: eligibility rules, quotas, applications, nominations, sponsor support, offers and decisions."""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format

from commonground.accounts.models import Profession, Seniority
from commonground.programmes.models import Cohort, Organisation, Place, Programme, Sector, Team

TOKEN_BYTES = 32


def new_token() -> tuple[str, str]:
    """A fresh link token and its digest: only the digest is stored, so a database leak opens no link."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)


def new_link_key() -> str:
    return secrets.token_urlsafe(24)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class EligibilityRule(models.Model):
    """Who may apply to a programme; an empty list allows everyone on that count."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="eligibility"
    )
    applications_open = models.BooleanField(
        default=True, help_text="Show the public application form."
    )
    allowed_sectors = models.JSONField(
        default=list, blank=True, help_text="Sector codes; empty allows every sector."
    )
    allowed_seniority = models.JSONField(
        default=list, blank=True, help_text="Seniority band codes; empty allows every band."
    )
    allowed_places = models.ManyToManyField(
        Place,
        blank=True,
        related_name="+",
        help_text="Places of work; empty allows every place of the system.",
    )
    offer_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1)], help_text="Days an offer stays open."
    )
    reminder_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Remind people this many hours before their offer lapses."
    )
    privacy_notice = models.TextField(
        blank=True,
        default=(
            "We use what you tell us to decide on places, to balance cohorts across sectors and organisations, "
            "and to run the programme. Your access needs are seen only by you, the programme leads and facilitators. "
            "Figures we publish never describe fewer than 5 people."
        ),
    )

    def __str__(self) -> str:
        return f"Eligibility for {self.programme}"


class QuotaDimension(models.TextChoices):
    SECTOR = "sector", "Sector"
    ORGANISATION = "organisation", "Organisation"


class Quota(models.Model):
    """A minimum and maximum share of a cohort's places for one sector or organisation.

    An organisation quota without an organisation applies to each organisation separately
    ("no organisation takes more than a fifth of the places").
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="quotas")
    dimension = models.CharField(max_length=16, choices=QuotaDimension.choices)
    sector = models.CharField(max_length=32, choices=Sector.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    min_share = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(100)],
        help_text="Per cent of the cohort's places, at least.",
    )
    max_share = models.PositiveSmallIntegerField(
        default=100,
        validators=[MaxValueValidator(100)],
        help_text="Per cent of the cohort's places, at most.",
    )

    class Meta:
        ordering = ["cohort", "dimension", "sector"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_share__lte=F("max_share")), name="quota_min_not_above_max"
            ),
            models.CheckConstraint(
                condition=(Q(dimension="sector") & ~Q(sector="") & Q(organisation__isnull=True))
                | (Q(dimension="organisation") & Q(sector="")),
                name="quota_names_its_dimension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.min_share}–{self.max_share}% of {self.cohort}"

    @property
    def label(self) -> str:
        if self.dimension == QuotaDimension.SECTOR:
            return str(Sector(self.sector).label)
        return self.organisation.name if self.organisation else "Each organisation"

    def minimum_places(self, capacity: int) -> int:
        return -(-capacity * self.min_share // 100)  # rounded up: a minimum is never quietly shaved

    def maximum_places(self, capacity: int) -> int:
        return capacity * self.max_share // 100


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SPONSOR_SUPPORTED = "sponsor_supported", "Supported by sponsor"
    OFFERED = "offered", "Offered a place"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Offer lapsed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Not offered a place"
    WAITLISTED = "waitlisted", "On the waiting list"


REVIEWABLE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.SPONSOR_SUPPORTED,
    ApplicationStatus.WAITLISTED,
)


class ApplicationSource(models.TextChoices):
    FORM = "form", "Application form"
    NOMINATION = "nomination", "Sponsor nomination"
    IMPORT = "import", "Imported"


@dataclass(frozen=True)
class SponsorStatus:
    """The sponsor's position on an application: supports (True), does not (False) or not known (None)."""

    supports: bool | None
    text: str


class ApplicationQuerySet(models.QuerySet["Application"]):
    def reviewable(self) -> "ApplicationQuerySet":
        return self.filter(status__in=REVIEWABLE)


class Application(models.Model):
    """One person's application to one programme, with their answers as given."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
        help_text="The cohort applied for (and offered).",
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    source = models.CharField(
        max_length=12, choices=ApplicationSource.choices, default=ApplicationSource.FORM
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, related_name="+", verbose_name="place of work"
    )
    job_title = models.CharField("role", max_length=200, blank=True)
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    seniority = models.CharField("seniority band", max_length=32, choices=Seniority.choices)
    why_now = models.TextField("why now", max_length=3000, blank=True)
    sponsor_name = models.CharField(max_length=200, blank=True)
    sponsor_email = models.EmailField("sponsor's email", blank=True)
    access_needs = models.TextField(blank=True, max_length=2000)
    consented_at = models.DateTimeField(
        help_text="When the applicant agreed to the privacy notice."
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    waitlisted_at = models.DateTimeField(null=True, blank=True, help_text="Waiting-list order.")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="one_application_per_programme"
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status", "submitted_at"]),
            models.Index(fields=["cohort", "status", "waitlisted_at"]),
        ]

    def __str__(self) -> str:
        return f"Application {self.pk} to {self.programme_id}"

    @property
    def sector(self) -> str:
        return self.organisation.sector

    @property
    def sponsor_status(self) -> "SponsorStatus":
        """Where the applicant's sponsor stands: the one answer every page and export shows.

        A nomination is the sponsor's support; a "Supported by sponsor" status is support even when no
        link answer is recorded, so the status and the sponsor line never disagree. Otherwise the
        sponsor's answer by link, then whether they were asked at all.
        """
        request: SponsorRequest | None = getattr(self, "sponsor_request", None)
        answered = request is not None and request.answered_at is not None
        comment = f": “{request.comment}”" if answered and request and request.comment else ""
        if self.nominated_by_id is not None or self.source == ApplicationSource.NOMINATION:
            who = self.nominated_by.full_name if self.nominated_by else "their sponsor"
            return SponsorStatus(True, f"Nominated by {who}")
        if self.status == ApplicationStatus.SPONSOR_SUPPORTED or (answered and request and request.supported):
            return SponsorStatus(True, f"Supports{comment}")
        if answered:
            return SponsorStatus(False, f"Does not support{comment}")
        if request is not None:
            asked = date_format(timezone.localtime(request.created_at), "j F Y")
            if request.is_usable():
                return SponsorStatus(None, f"Asked on {asked}; not answered yet")
            return SponsorStatus(None, f"Asked on {asked}; did not answer before the link expired")
        if self.sponsor_email:
            return SponsorStatus(None, "Named, not asked")
        return SponsorStatus(None, "None named")


class Nomination(models.Model):
    """A sponsor (line manager) puts someone forward; the nominee confirms by link and completes the form."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="nominations")
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations_made"
    )
    nominee_name = models.CharField(max_length=200)
    nominee_email = models.EmailField()
    note = models.TextField("why you are nominating them", blank=True, max_length=2000)
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="nomination"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "nominee_email"], name="one_nomination_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.nominee_name}"

    @property
    def confirmed(self) -> bool:
        return self.application_id is not None

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return not self.confirmed and (now or timezone.now()) < self.expires_at


class SponsorRequest(models.Model):
    """A one-time, expiring link asking the applicant's sponsor to support their application."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="sponsor_request"
    )
    sponsor_email = models.EmailField()
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    supported = models.BooleanField(null=True)
    comment = models.TextField(blank=True, max_length=2000)

    def __str__(self) -> str:
        return f"Sponsor request for application {self.application_id}"

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        return self.answered_at is None and (now or timezone.now()) < self.expires_at


class OfferStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    LAPSED = "lapsed", "Lapsed"
    FILLED = "filled", "Cohort filled first"


class OfferQuerySet(models.QuerySet["Offer"]):
    def open(self) -> "OfferQuerySet":
        return self.filter(status=OfferStatus.OPEN)


class Offer(models.Model):
    """A place in a cohort offered to an applicant, to accept or decline by link before the deadline."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(max_length=12, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    link_key = models.CharField(
        max_length=64,
        unique=True,
        default=new_link_key,
        help_text="Signed into the offer link, so a reminder can repeat the same link.",
    )
    made_at = models.DateTimeField(default=timezone.now)
    deadline = models.DateTimeField()
    from_waiting_list = models.BooleanField(default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="open"),
                name="one_open_offer_per_application",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status"]),
            models.Index(fields=["status", "deadline"]),
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk} in {self.cohort_id}"

    def is_open(self, now: dt.datetime | None = None) -> bool:
        return self.status == OfferStatus.OPEN and (now or timezone.now()) < self.deadline


class Decision(models.Model):
    """One change of an application's status, who made it and why: the audit trail of selection."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the system decided (a lapse, a promotion).",
    )
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    reason = models.TextField(blank=True, max_length=2000)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} → {self.to_status}"


class PendingApplication(models.Model):
    """An application sent without signing in, from the email address of an existing account.

    Nothing of that account changes, and reviewers do not see it, until the account's owner, signed
    in, follows the link emailed to that address; only then is the application made (and any blank
    profile fields filled). Otherwise anyone could attach an application to someone else's account.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()
    full_name = models.CharField(max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    job_title = models.CharField(max_length=200, blank=True)
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    seniority = models.CharField(max_length=32, choices=Seniority.choices)
    why_now = models.TextField(max_length=3000, blank=True)
    sponsor_name = models.CharField(max_length=200, blank=True)
    sponsor_email = models.EmailField(blank=True)
    access_needs = models.TextField(blank=True, max_length=2000)
    link_key = models.CharField(
        max_length=64,
        unique=True,
        default=new_link_key,
        help_text="Signed, with the time, into the emailed confirmation link.",
    )
    consented_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["email"])]

    def __str__(self) -> str:
        return f"Application to {self.programme_id} waiting for its owner to confirm"
