"""Grouping runs, learning sets, their members and keep-apart pairs (the engine itself is in engine/)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commonground.programmes.models import Cohort


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class GroupingRun(models.Model):
    """One request to form a cohort's learning sets with the engine, and how it went."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="grouping_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(default=0.0, help_text="Share of the time limit used, 0 to 1.")
    best_value = models.FloatField(
        null=True, blank=True, help_text="Best penalty found so far (lower is better)."
    )
    parameters = models.JSONField(default=dict, blank=True)
    result = models.JSONField(
        default=dict,
        blank=True,
        help_text="objective, bound, gap, worst_group, seconds, constraint_check, figures.",
    )
    error = models.TextField(blank=True, help_text="Why the run failed, naming the clashing rules.")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["cohort", "-created_at"])]

    def __str__(self) -> str:
        return f"Learning sets for {self.cohort} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * min(1.0, max(0.0, self.progress)))


class LearningSet(models.Model):
    """A small cross-boundary group inside a cohort that meets through the programme."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="learning_sets")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=100)
    run = models.ForeignKey(
        GroupingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="sets"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_sets",
    )

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="one_set_number_per_cohort")
        ]

    def __str__(self) -> str:
        return self.name


class LearningSetMember(models.Model):
    """One person's place in a learning set; a locked person stays put when sets are generated again."""

    learning_set = models.ForeignKey(LearningSet, on_delete=models.CASCADE, related_name="members")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_places"
    )
    locked = models.BooleanField(default=False)
    notified_at = models.DateTimeField(
        null=True, blank=True, help_text="When they were last mailed their set."
    )

    class Meta:
        ordering = ["learning_set", "person__full_name"]
        constraints = [
            # One set per person per cohort: the cohort is copied here so the database can say so.
            models.UniqueConstraint(
                fields=["cohort", "person"], name="one_set_per_person_per_cohort"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.learning_set}"


class KeepApart(models.Model):
    """Two people a lead wants in different learning sets (a hard rule for the engine)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="keep_apart_pairs")
    person_a = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person_a", "person_b"], name="one_keep_apart_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="keep_apart_lower_id_first"
            ),
        ]

    def __str__(self) -> str:
        return f"Keep {self.person_a} and {self.person_b} apart"
