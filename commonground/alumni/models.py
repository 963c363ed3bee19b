"""Alumni of a programme, and the directory entry each alumnus controls, field by field.

A person becomes an `Alumnus` of a programme by completing it (`services/membership.py` follows
`schedule.completion`). Their `DirectoryEntry` belongs to the programme's system: one per person
and system, whatever number of its programmes they completed. Every field of the entry has its
own audience, and every audience starts at "nobody": nothing is shown until its owner chooses.
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from commonground.programmes.models import Programme, System

# Consent to be listed is asked again each year: an entry given consent longer ago is hidden.
CONSENT_DAYS = 365


class Audience(models.TextChoices):
    """Who sees one field of a directory entry."""

    NOBODY = "nobody", "Nobody"
    ALUMNI = "alumni", "Alumni of this system only"
    MEMBERS = "members", "Everyone taking part in this system's programmes"


# The entry's fields, in the order the form and the directory show them: key → label. Each has an
# `<key>_audience` column; name, organisation, sector and place are read from the person's profile.
FIELDS: dict[str, str] = {
    "name": "Name",
    "organisation": "Organisation",
    "sector": "Sector",
    "place": "Place of work",
    "role": "Role or job title",
    "topics": "Ask me about",
    "help": "How I can help",
    "email": "Contact email",
}


def audience_field(key: str) -> str:
    return f"{key}_audience"


class Alumnus(models.Model):
    """A person who completed a programme (under its completion rule), from when it was noticed."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alumni_of")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="alumni")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "person"]
        verbose_name_plural = "alumni"
        constraints = [models.UniqueConstraint(fields=["person", "programme"], name="one_alumnus_per_programme")]

    def __str__(self) -> str:
        return f"Alumnus {self.person_id} of programme {self.programme_id}"


def _audience() -> models.CharField:
    return models.CharField(max_length=8, choices=Audience.choices, default=Audience.NOBODY)


class DirectoryEntry(models.Model):
    """What one alumnus lets the system's directory show, and to whom (written by `services/entries.py`)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_entries")
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="directory_entries")
    role = models.CharField("role or job title", max_length=120, blank=True)
    help_line = models.CharField("how I can help", max_length=160, blank=True)
    contact_email = models.EmailField("contact email", blank=True)
    issues = models.ManyToManyField(
        "codesign.Issue", blank=True, related_name="+", help_text="Live local issues of the system to ask about."
    )
    name_audience = _audience()
    organisation_audience = _audience()
    sector_audience = _audience()
    place_audience = _audience()
    role_audience = _audience()
    topics_audience = _audience()
    help_audience = _audience()
    email_audience = _audience()
    consented_at = models.DateTimeField(null=True, blank=True, help_text="When the owner last agreed to be listed.")
    opted_out_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["system", "person"]
        verbose_name_plural = "directory entries"
        constraints = [models.UniqueConstraint(fields=["person", "system"], name="one_directory_entry_per_system")]

    def __str__(self) -> str:
        return f"Directory entry of {self.person_id} in system {self.system_id}"

    def audience(self, key: str) -> str:
        return str(getattr(self, audience_field(key)))

    @property
    def shares_anything(self) -> bool:
        return any(self.audience(key) != Audience.NOBODY for key in FIELDS)

    def consent_ends(self) -> dt.datetime | None:
        """When the consent given lapses (None: not given)."""
        return self.consented_at + dt.timedelta(days=CONSENT_DAYS) if self.consented_at else None

    def is_listed(self, now: dt.datetime | None = None) -> bool:
        """Whether the directory lists this entry at all: consent within the year, not opted out."""
        ends = self.consent_ends()
        return self.opted_out_at is None and ends is not None and ends > (now or timezone.now())


class Topic(models.Model):
    """One "ask me about" topic of an entry, in the alumnus's own words."""

    entry = models.ForeignKey(DirectoryEntry, on_delete=models.CASCADE, related_name="topics")
    words = models.CharField(max_length=60)

    class Meta:
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "words"], name="one_topic_per_words")]

    def __str__(self) -> str:
        return self.words
