"""The record of a system leaving: each export of its data and its deletion.

A record outlives the system (and whoever made it), so it names the system by its name and id and
the site administrator by a plain id, as the audit trail does; it holds counts and a digest, never
the data itself.
"""

from django.db import models
from django.utils import timezone


class Action(models.TextChoices):
    EXPORT = "export", "Export"
    DELETION = "deletion", "Deletion"


class Via(models.TextChoices):
    PAGE = "page", "The offboarding page"
    COMMAND = "command", "manage.py offboard_system"


class OffboardingRecord(models.Model):
    """One export of a system's data, or its deletion."""

    action = models.CharField(max_length=10, choices=Action.choices)
    system_id = models.BigIntegerField(help_text="The system's id (the system itself may be gone).")
    system_name = models.CharField(max_length=200)
    by_id = models.BigIntegerField(null=True, blank=True, help_text="The site administrator's id; empty from the command.")
    via = models.CharField(max_length=10, choices=Via.choices)
    at = models.DateTimeField(default=timezone.now)
    rows = models.JSONField(default=dict, help_text="Rows per table: exported, or deleted and emptied.")
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the export file, in hex.")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["system_id", "action", "-at"])]
        permissions = [("offboard_system", "Can export and delete a whole system")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} of {self.system_name} ({self.at:%d %b %Y %H:%M})"

    @property
    def total(self) -> int:
        return sum(self.rows.values())
