"""People: everyone who signs in, with the facts the programme mixes on."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from commonground.accounts import consents
from commonground.accounts.consents import Purpose, Wording


class Profession(models.TextChoices):
    NURSE = "nurse", "Nurse"
    DOCTOR = "doctor", "Doctor (hospital)"
    GP = "gp", "GP"
    PARAMEDIC = "paramedic", "Paramedic"
    ALLIED_HEALTH = "allied_health", "Allied health professional"
    PHARMACIST = "pharmacist", "Pharmacist"
    SOCIAL_WORKER = "social_worker", "Social worker"
    CARE_WORKER = "care_worker", "Care worker"
    PUBLIC_HEALTH = "public_health", "Public health specialist"
    HOUSING_OFFICER = "housing_officer", "Housing officer"
    COMMUNITY_SAFETY = "community_safety", "Community safety officer"
    MANAGER = "manager", "Manager"
    COMMISSIONER = "commissioner", "Commissioner"
    VOLUNTEER_COORDINATOR = "volunteer_coordinator", "Volunteer coordinator"
    COMMUNITY_WORKER = "community_worker", "Community development worker"
    FAITH_LEADER = "faith_leader", "Faith leader"
    POLICE_OFFICER = "police_officer", "Police officer"
    FIREFIGHTER = "firefighter", "Firefighter"
    TEACHER = "teacher", "Teacher"
    DIRECTOR = "director", "Director"
    OTHER = "other", "Other"


class Seniority(models.TextChoices):
    FRONTLINE = "frontline", "Frontline practitioner"
    TEAM_LEADER = "team_leader", "Team leader or supervisor"
    SERVICE_MANAGER = "service_manager", "Service manager"
    SENIOR_LEADER = "senior_leader", "Senior leader"
    DIRECTOR = "director", "Director or executive"


class PersonManager(BaseUserManager["Person"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "Person":
        if not email:
            raise ValueError("A person needs an email address.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "Person":
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> "Person":
        return self.get(email__iexact=username or "")


class Person(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in; email is the login."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200)
    profession = models.CharField(max_length=32, choices=Profession.choices, blank=True)
    seniority = models.CharField("seniority band", max_length=32, choices=Seniority.choices, blank=True)
    job_title = models.CharField(max_length=200, blank=True)
    accessibility_needs = models.TextField(
        blank=True, help_text="Anything that would help you take part: access, hearing loop, dietary, timing."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the site administration.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

    # Where the person works is per system (`programmes.Affiliation`); pages that show it set this
    # to the affiliation in their programme's system (`programmes.where.attach`).
    where: Any

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OutgoingMail(models.Model):
    """One message waiting for the worker, sealed: the task queue holds only this row's id.

    Mail carries secrets (sign-in, reset, sponsor and offer links), so the message is encrypted
    with a key derived from SECRET_KEY (see `accounts/mail.py`) and the row is deleted once the
    message is delivered. Not in the admin.
    """

    sealed = models.TextField()
    queued_at = models.DateTimeField(auto_now_add=True)
    # When the mail server refused or could not be reached: how often, why (the error's kind and
    # code only, never the message's words), and when `retry_undelivered_mail` queues it again.
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["queued_at"]

    def __str__(self) -> str:
        return f"Outgoing mail {self.pk}"


class DemoMail(models.Model):
    """A delivered message kept for the demo's outbox page; written only while DEMO_MODE is on."""

    to = models.TextField()
    subject = models.TextField()
    from_email = models.TextField()
    body = models.TextField()
    html = models.TextField(blank=True)
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.to})"


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CHANGED = "changed", "Changed"
    EXPORTED = "exported", "Exported"
    SIGNED_IN = "signed_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    ROLE_GRANTED = "role_granted", "Role granted"
    ROLE_REVOKED = "role_revoked", "Role revoked"
    ERASED = "erased", "Erased"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    """Rows are only ever added: no update and no plain delete. `purge` is the one deliberate way
    out, for the demo's reset and the retention period."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")

    def purge(self) -> int:
        """Remove these rows for good; returns how many."""
        return super().delete()[0]


class AuditEvent(models.Model):
    """Who did what to whose personal data, when and from where (written by `accounts/audit.py`).

    A row holds ids and field names, never the values, and its people are plain ids rather than
    foreign keys, so the trail outlives the people in it and holds nothing erasure must remove.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    actor_id = models.BigIntegerField(null=True, blank=True, help_text="Who did it (a person id).")
    subject_id = models.BigIntegerField(null=True, blank=True, db_index=True, help_text="Whose data (a person id).")
    what = models.CharField(max_length=60, help_text="The kind of data, e.g. person, application, export.")
    object_id = models.BigIntegerField(null=True, blank=True)
    fields = models.JSONField(default=list, blank=True, help_text="Field names, never values.")
    programme_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True, help_text="Where from.")

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_id", "-at"], name="audit_subject_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.what} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit trail is append-only.")


class ConsentRecord(models.Model):
    """One consent a person gave, dated, with the version of the wording they were shown.

    Written only by `accounts/consent_ledger.py`, in the same transaction as the feature's own
    record of the choice (`network.RosterConsent`, `development.HealthDataConsent`, the equality
    answers). Withdrawing dates the row rather than deleting it, so a person's page and download
    show what they agreed to, when, and when they stopped; giving again starts a new row. A row
    whose wording was replaced by a newer version the person agreed to is ended with
    `replaced_at`. At most one row per person, programme and purpose is in force.

    The programme is a plain id, as in the audit trail: accounts sits below programmes, so every
    feature can write here; the rows go with the person (CASCADE) when they are erased.
    """

    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="consent_records")
    programme_id = models.BigIntegerField(
        null=True, blank=True, help_text="The programme it was given in (empty: the account as a whole)."
    )
    purpose = models.CharField(max_length=32, choices=Purpose.choices)
    wording_version = models.CharField(max_length=60, help_text="The version of the wording shown (accounts/consents.py).")
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    replaced_at = models.DateTimeField(
        null=True, blank=True, help_text="When the person agreed to a newer wording, which has its own row."
    )

    class Meta:
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["person", "purpose"], name="consent_person_purpose")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme_id", "purpose"],
                condition=Q(withdrawn_at__isnull=True, replaced_at__isnull=True),
                name="one_consent_in_force",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=F("given_at")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.wording_version})"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None and self.replaced_at is None

    @property
    def wording(self) -> Wording | None:
        return consents.wording(self.wording_version)
