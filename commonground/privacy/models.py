"""Retention: how long each kind of data is kept, per programme; the record of each retention run;
and the pseudonyms that stand in for people in answers and survey marks kept after their period."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from commonground.core.inputs import parse_id
from commonground.programmes.models import Programme

PERSON_TRIGGER = "person:"


class RetentionKind(models.TextChoices):
    """The kinds of data retention acts on, in the order a report lists them."""

    JOURNALS = "journals", "Journal entries"
    ANSWERS = "answers", "Wellbeing and self-assessment answers"
    SURVEY_MARKS = "survey_marks", "Relationship survey marks"
    EQUALITY = "equality", "Equality monitoring answers"
    APPLICATIONS = "applications", "Applications not accepted"
    CONSENTS = "consents", "Consents withdrawn or replaced"
    AUDIT = "audit", "Audit trail"


# Months each kind is kept when a programme sets nothing (no `RetentionPolicy` row).
DEFAULT_MONTHS: dict[str, int] = {
    RetentionKind.JOURNALS: 6,
    RetentionKind.ANSWERS: 12,
    RetentionKind.SURVEY_MARKS: 12,
    RetentionKind.EQUALITY: 12,
    RetentionKind.APPLICATIONS: 12,
    # A consent that ended still proves what was agreed while it was in force: kept as long as the
    # audit trail that records what was done under it.
    RetentionKind.CONSENTS: 72,
    RetentionKind.AUDIT: 72,
}
# Bounds a lead may choose within (months). The audit trail is the programme's accountability, and
# ended consents its proof of what people agreed to: at least two years each, so a complaint or a
# data-protection audit can still be answered.
BOUNDS: dict[str, tuple[int, int]] = {
    RetentionKind.JOURNALS: (1, 120),
    RetentionKind.ANSWERS: (1, 120),
    RetentionKind.SURVEY_MARKS: (1, 120),
    RetentionKind.EQUALITY: (1, 120),
    RetentionKind.APPLICATIONS: (1, 120),
    RetentionKind.CONSENTS: (24, 240),
    RetentionKind.AUDIT: (24, 240),
}


def _months(kind: str, help_text: str) -> models.PositiveSmallIntegerField:
    low, high = BOUNDS[kind]
    return models.PositiveSmallIntegerField(
        default=DEFAULT_MONTHS[kind],
        validators=[MinValueValidator(low), MaxValueValidator(high)],
        help_text=help_text,
    )


class RetentionPolicy(models.Model):
    """A programme's own retention periods, in whole months; a programme without a row keeps the defaults."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="retention_policy")
    journals_months = _months(RetentionKind.JOURNALS, "Journal entries are deleted this long after the programme ends.")
    answers_months = _months(
        RetentionKind.ANSWERS, "Wellbeing and self-assessment answers are pseudonymised this long after the end."
    )
    survey_marks_months = _months(
        RetentionKind.SURVEY_MARKS, "Relationship survey marks are pseudonymised this long after the end."
    )
    equality_months = _months(
        RetentionKind.EQUALITY, "Equality monitoring answers are deleted this long after the programme ends."
    )
    applications_months = _months(
        RetentionKind.APPLICATIONS, "Applications not accepted are deleted this long after their last decision."
    )
    consents_months = _months(
        RetentionKind.CONSENTS, "Consents withdrawn or replaced are deleted this long after they ended."
    )
    audit_months = _months(RetentionKind.AUDIT, "The programme's audit trail is deleted when it is this old.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "retention policies"

    def __str__(self) -> str:
        return f"Retention for programme {self.programme_id}"

    def months(self, kind: str) -> int:
        return int(getattr(self, f"{kind}_months"))

    @classmethod
    def defaults_for(cls, programme: Programme) -> "RetentionPolicy":
        """An unsaved policy with the default periods, for a programme that has none."""
        return cls(programme=programme)


class RetentionRun(models.Model):
    """One run of retention (the periodic task, the command, or a dry run): when, and what it did."""

    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    seconds = models.FloatField(default=0)
    dry_run = models.BooleanField(default=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="Empty when the run covered every programme.",
    )
    trigger = models.CharField(
        max_length=40,
        help_text="What started it: task, command, or person:<id> (a plain id, as in the audit trail).",
    )
    counts = models.JSONField(default=dict, help_text="Rows per kind, over every programme it covered.")
    by_programme = models.JSONField(default=dict, help_text="Programme id → rows per kind.")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Retention {'dry run' if self.dry_run else 'run'} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def started_by_id(self) -> int | None:
        """The person who started the run from a page (None for the task and the command)."""
        if not self.trigger.startswith(PERSON_TRIGGER):
            return None
        return parse_id(self.trigger.removeprefix(PERSON_TRIGGER))


def person_trigger(person_id: int) -> str:
    """A run's trigger when a person started it: their plain id, which outlives them as the audit trail's ids do."""
    return f"{PERSON_TRIGGER}{person_id}"


class Pseudonym(models.Model):
    """A stand-in account that holds one person's answers or survey marks in one programme after
    its period; nothing records whom it stands for."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pseudonym")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=RetentionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Pseudonym {self.pk}"
