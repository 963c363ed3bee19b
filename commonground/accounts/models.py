"""People: everyone who signs in, with the facts the programme mixes on."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone


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
    organisation = models.ForeignKey(
        "programmes.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    team = models.ForeignKey(
        "programmes.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    place = models.ForeignKey(
        "programmes.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="place of work",
    )
    accessibility_needs = models.TextField(
        blank=True, help_text="Anything that would help you take part: access, hearing loop, dietary, timing."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can use the site administration.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = PersonManager()

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
