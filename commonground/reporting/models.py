"""Report packs: what a lead asked for, the files built from it, and who signed it off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from commonground.programmes.models import Cohort, Funder, Programme


class PackStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be built"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Could not be built"


class ReportPack(models.Model):
    """One pack for a programme, a period, some cohorts and (optionally) one funder.

    The figures it was built from are kept with it (`figures`, the report as data), so a pack
    downloaded again is the same pack, and its files are kept too. Once signed off it is fixed;
    only then can its funder see it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="report_packs")
    funder = models.ForeignKey(
        Funder, on_delete=models.PROTECT, null=True, blank=True, related_name="report_packs",
        help_text="The funder the pack is for; none for the programme board.",
    )
    period_from = models.DateField(null=True, blank=True)
    period_to = models.DateField(null=True, blank=True)
    cohorts = models.ManyToManyField(Cohort, blank=True, related_name="+")
    did_not_work = models.TextField("what did not work", max_length=6000, blank=True)
    lessons = models.TextField("lessons", max_length=6000, blank=True)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    error = models.CharField(max_length=300, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    figures_computed_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    xlsx = models.BinaryField(null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_from__isnull=True) | Q(period_to__isnull=True) | Q(period_from__lte=models.F("period_to")),
                name="pack_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(signed_off_at__isnull=True) | Q(status="ready"),
                name="pack_signed_off_only_when_ready",
            ),
        ]

    def __str__(self) -> str:
        return f"Report pack {self.pk} for {self.programme}"

    @property
    def signed_off(self) -> bool:
        return self.signed_off_at is not None

    @property
    def ready(self) -> bool:
        return self.status == PackStatus.READY

    @property
    def period_words(self) -> str:
        if self.period_from and self.period_to:
            return f"{self.period_from:%-d %B %Y} to {self.period_to:%-d %B %Y}"
        if self.period_from:
            return f"from {self.period_from:%-d %B %Y}"
        if self.period_to:
            return f"up to {self.period_to:%-d %B %Y}"
        return "the whole programme"
