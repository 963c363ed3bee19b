"""Personal development and evaluation: instruments, rounds, responses, health-data consent,
goals and the private journal.

Privacy: responses to health-data instruments (resilience, wellbeing), goals and journal entries
belong to their owner alone. No view reads them for anyone else, and they are deliberately not
registered in the Django admin either.
"""

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from commonground.development import scoring
from commonground.programmes.models import Cohort, Programme


class InstrumentKind(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", "Self-assessment"
    RESILIENCE = "resilience", "Resilience"
    WELLBEING = "wellbeing", "Wellbeing"
    SESSION_FEEDBACK = "session_feedback", "Session feedback"
    BEHAVIOUR = "behaviour", "Behaviour follow-up"
    CUSTOM = "custom", "Programme's own"


class KirkpatrickLevel(models.IntegerChoices):
    REACTION = 1, "1 Reaction"
    LEARNING = 2, "2 Learning"
    BEHAVIOUR = 3, "3 Behaviour"
    RESULTS = 4, "4 Results"


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def available_to(self, programme: Programme) -> "InstrumentQuerySet":
        """The shipped instruments and the programme's own."""
        return self.filter(Q(programme__isnull=True) | Q(programme=programme))


class Instrument(models.Model):
    """A questionnaire; its questions and scoring live in versions, so answers keep their meaning."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=InstrumentKind.choices)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, null=True, blank=True, related_name="instruments",
        help_text="Empty for the instruments every programme may use.",
    )
    is_health_data = models.BooleanField(
        default=False, help_text="Answers are special-category health data: asked only with explicit consent."
    )
    kirkpatrick_level = models.PositiveSmallIntegerField(choices=KirkpatrickLevel.choices)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["kirkpatrick_level", "name"]

    def __str__(self) -> str:
        return self.name


class InstrumentVersion(models.Model):
    """One fixed wording and scoring of an instrument (see scoring.py for the definition's shape)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(default=1)
    definition = models.JSONField()
    citation = models.TextField(blank=True)
    licence_note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["instrument", "-number"]
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="one_instrument_version_number")]

    def __str__(self) -> str:
        return f"{self.instrument.name}, version {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        # A definition that cannot be scored must never be stored: answers would lose their meaning.
        self.clean()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        try:
            scoring.parse_definition(self.definition)
        except scoring.DefinitionError as exc:
            raise ValidationError({"definition": exc.problems}) from exc

    @cached_property
    def parsed(self) -> scoring.Definition:
        return scoring.parse_definition(self.definition)


class RoundKind(models.TextChoices):
    BASELINE = "baseline", "Baseline"
    CHECK_IN = "check_in", "Check-in"
    END = "end", "End of programme"
    FOLLOW_UP = "follow_up", "Follow-up"
    SESSION = "session", "After a session"


class RoundQuerySet(models.QuerySet["Round"]):
    def open_at(self, moment: dt.datetime) -> "RoundQuerySet":
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Round(models.Model):
    """One time an instrument is asked of a cohort (or of the whole programme)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="development_rounds")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="development_rounds",
        help_text="Leave empty to ask the whole programme.",
    )
    instrument_version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    kind = models.CharField(max_length=16, choices=RoundKind.choices)
    title = models.CharField(max_length=200, blank=True, help_text="For session feedback: which session.")
    # A session's feedback round names its session, and keeps it. Not SET_NULL: the round asks the
    # people who came to that session and its answers are evaluation evidence, and a round that lost
    # its session would turn into an ordinary round asking the whole cohort (or programme). RESTRICT
    # rather than PROTECT: a held session is cancelled, not deleted, yet deleting its programme
    # still removes both (PROTECT would refuse even that).
    session = models.ForeignKey(
        "schedule.Session", on_delete=models.RESTRICT, null=True, blank=True, related_name="+",
        help_text="For session feedback: the session it follows.",
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "opens_at"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="development_round_closes_after_opening"),
        ]

    def __str__(self) -> str:
        where = self.cohort.name if self.cohort_id and self.cohort else "whole programme"
        label = self.title or self.get_kind_display()
        return f"{self.instrument_version.instrument.name}: {label} ({where})"

    def is_open(self, moment: dt.datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    @property
    def instrument(self) -> Instrument:
        return self.instrument_version.instrument


class Response(models.Model):
    """One person's answers in one round, with the scores computed when they were saved."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_responses")
    answers = models.JSONField(default=dict)
    scores = models.JSONField(default=dict, help_text="Dimension key → score (null when too few answers).")
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_response_per_round")]
        indexes = [models.Index(fields=["person", "round"])]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class HealthDataConsent(models.Model):
    """Explicit, separate consent to answer the health-data instruments; withdrawing deletes the answers."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_data_consents")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="health_data_consents")
    given_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    wording = models.TextField(help_text="The statement the person agreed to, as shown.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "programme"], name="one_health_consent_per_programme")]

    def __str__(self) -> str:
        return f"{self.person} health-data consent in {self.programme}"

    @property
    def active(self) -> bool:
        return self.given_at is not None and self.withdrawn_at is None


class RoundNoticeKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER = "reminder", "Reminder"


class RoundNotice(models.Model):
    """An invitation or reminder that was sent, so none is ever sent twice."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=RoundNoticeKind.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "person", "kind"], name="one_notice_per_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for round {self.round_id}"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Set aside"


class Goal(models.Model):
    """A personal development goal: private to its owner."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="development_goals")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="development_goals")
    what = models.CharField("What I want to achieve", max_length=300)
    by_when = models.DateField("By when", null=True, blank=True)
    status = models.CharField(max_length=16, choices=GoalStatus.choices, default=GoalStatus.NOT_STARTED)
    reflections = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["by_when", "created_at"]

    def __str__(self) -> str:
        return f"Goal {self.pk}"


class JournalEntry(models.Model):
    """A private reflection: readable by its owner alone, through every path in the app."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="journal_entries")
    prompt = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"Journal entry {self.pk}"



# -- Equality monitoring -------------------------------------------------------------------------

PREFER_NOT_TO_SAY = "prefer_not", "Prefer not to say"


class EthnicGroup(models.TextChoices):
    """The five high-level ethnic groups of the 2021 Census in England and Wales (ONS)."""

    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    WHITE = "white", "White"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT = PREFER_NOT_TO_SAY


class Sex(models.TextChoices):
    """As the 2021 Census asked it."""

    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT = PREFER_NOT_TO_SAY


class AgeBand(models.TextChoices):
    UNDER_25 = "16_24", "16 to 24"
    FROM_25 = "25_34", "25 to 34"
    FROM_35 = "35_44", "35 to 44"
    FROM_45 = "45_54", "45 to 54"
    FROM_55 = "55_64", "55 to 64"
    FROM_65 = "65_over", "65 or over"
    PREFER_NOT = PREFER_NOT_TO_SAY


class EqualityAnswers(models.Model):
    """One person's optional equality monitoring answers for one programme.

    Asked only while the person's `equality` consent is in force (`accounts.ConsentRecord`);
    withdrawing deletes this row in the same transaction (`development/equality.py`). Every
    question may be skipped (empty) or answered "Prefer not to say". Ethnic group and disability
    are special category data: the row is shown to its owner alone, never to leads, in the admin
    or in any export; leads see counts through disclosure control (`development/equality_figures.py`).
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="equality_answers")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="equality_answers")
    ethnic_group = models.CharField(max_length=16, choices=EthnicGroup.choices, blank=True)
    disability = models.CharField(max_length=16, choices=Disability.choices, blank=True)
    sex = models.CharField(max_length=16, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=16, choices=AgeBand.choices, blank=True)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "programme"], name="one_equality_answers_per_programme")]
        verbose_name_plural = "equality answers"

    def __str__(self) -> str:
        # Never the answers themselves: this may reach a log line or an error page.
        return f"Equality answers {self.pk}"
