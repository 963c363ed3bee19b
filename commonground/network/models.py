"""The relationship survey (consent, rounds, reported ties) and the encounters the programme creates."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from commonground.programmes.models import Cohort, Programme


class RoundKind(models.TextChoices):
    START = "start", "Start of the programme"
    MIDPOINT = "midpoint", "Midway through"
    END = "end", "End of the programme"
    FOLLOW_UP = "follow_up", "Follow-up"


class RosterConsent(models.Model):
    """A person's choice to be listed in the relationship survey (and, separately, named on maps)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_consents")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roster_consents")
    listed = models.BooleanField(help_text="Appear in colleagues' survey lists and in every network figure.")
    named_on_maps = models.BooleanField(
        default=False, help_text="Show my name, rather than an anonymous dot, on programme maps."
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "programme"], name="one_roster_consent_per_programme"),
            models.CheckConstraint(condition=Q(listed=True) | Q(named_on_maps=False), name="named_only_when_listed"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {'listed' if self.listed else 'not listed'} in {self.programme}"


class SurveyRoundQuerySet(models.QuerySet["SurveyRound"]):
    def open_at(self, moment: dt.datetime) -> "SurveyRoundQuerySet":
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class SurveyRound(models.Model):
    """One round of the roster survey, for a cohort or the whole programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="survey_rounds")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="survey_rounds",
        help_text="Leave empty to survey the whole programme.",
    )
    kind = models.CharField(max_length=16, choices=RoundKind.choices)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="round_closes_after_opening"),
        ]

    def __str__(self) -> str:
        where = self.cohort.name if self.cohort_id and self.cohort else "whole programme"
        return f"{self.get_kind_display()} ({where})"

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


class TieReport(models.Model):
    """What one person said about one colleague in one round."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tie_reports")
    colleague = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tie_reports_about")
    knows = models.BooleanField(default=False)
    worked_with = models.BooleanField(default=False)
    go_to_for_help = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "reporter", "colleague"], name="one_report_per_pair_per_round"),
            models.CheckConstraint(condition=~Q(reporter=F("colleague")), name="no_report_about_oneself"),
        ]
        indexes = [models.Index(fields=["round", "reporter"])]

    def __str__(self) -> str:
        return f"Survey answer {self.pk}"

    @property
    def is_tie(self) -> bool:
        return self.knows or self.worked_with or self.go_to_for_help


class EncounterSource(models.TextChoices):
    LEARNING_SET = "learning_set", "Learning set"
    CHALLENGE_TEAM = "challenge_team", "Challenge team"
    SESSION_TABLE = "session_table", "Table at a session"
    MENTORING = "mentoring", "Mentoring meeting"


class Encounter(models.Model):
    """Two people the programme itself brought together (a shared set, team or table).

    Other features record encounters through `network.services.record_encounters`; each pair is
    stored once per source with the lower person id first.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="encounters")
    person_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=24, choices=EncounterSource.choices)
    source_label = models.CharField(max_length=200, help_text="Which set, team or table, in words.")
    source_ref = models.CharField(max_length=64, help_text="The source object's key, so re-recording is idempotent.")
    occurred_on = models.DateField()

    class Meta:
        ordering = ["occurred_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person_a", "person_b", "source", "source_ref"], name="one_encounter_per_source"
            ),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="encounter_pair_ordered"),
        ]
        indexes = [models.Index(fields=["programme", "person_a"]), models.Index(fields=["programme", "person_b"])]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {self.source_label}"
