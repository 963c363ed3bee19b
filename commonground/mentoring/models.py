"""Mentors and buddies: offers, preferences, the coordinator's rules, runs, matches and meetings.

A match moves proposed -> approved (by the coordinator) -> accepted (once both people accepted,
each acceptance recorded) -> active (from the first meeting) -> ended (completed, or ended early
with a reason). A declined proposal frees both sides. Every write goes through `services/`.
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from commonground.programmes.models import Cohort, Programme

PERSON = settings.AUTH_USER_MODEL


class MentorKind(models.TextChoices):
    SENIOR = "senior", "Senior staff"
    ALUMNI = "alumni", "Alumni"
    BUDDY = "buddy", "Buddy volunteer"


class MentorOffer(models.Model):
    """Someone who offers to mentor in one programme, up to `capacity` mentees at a time."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentor_offers")
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mentor_offers")
    kind = models.CharField(max_length=12, choices=MentorKind.choices, default=MentorKind.SENIOR)
    capacity = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(50)])
    buddy = models.BooleanField(default=False, help_text="Also offers to be a buddy for a new cohort.")
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="one_mentor_offer_per_programme"),
        ]

    def __str__(self) -> str:
        return f"Mentor offer {self.pk} ({self.get_kind_display()}, {self.capacity})"


class Preference(models.Model):
    """A mentee's ranked choice of mentor: rank 1 is the first choice."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentor_preferences")
    mentee = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mentor_preferences")
    offer = models.ForeignKey(MentorOffer, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["mentee", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "offer"], name="one_rank_per_mentor"),
            models.UniqueConstraint(fields=["programme", "mentee", "rank"], name="one_mentor_per_rank"),
        ]

    def __str__(self) -> str:
        return f"Preference {self.pk} (rank {self.rank})"


class Wish(models.Model):
    """What a mentee asks of a match beyond ranks: a mentor from their own place."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="mentoring_wishes")
    mentee = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mentoring_wishes")
    same_place = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "mentee"], name="one_wish_per_programme")]

    def __str__(self) -> str:
        return f"Mentoring wish {self.pk}"


class Rules(models.Model):
    """The coordinator's hard rules and weights for one programme's matching, and the meeting rhythm."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="mentoring_rules")
    apart_organisation = models.BooleanField("Never the same organisation", default=True)
    apart_team = models.BooleanField("Never the same team", default=True)
    apart_line_management = models.BooleanField("Never a line-management chain", default=True)
    cross_sector_weight = models.PositiveSmallIntegerField(
        "Weight: a mentor from another sector", default=3, validators=[MaxValueValidator(20)]
    )
    same_place_weight = models.PositiveSmallIntegerField(
        "Weight: the same place, when a mentee asks", default=2, validators=[MaxValueValidator(20)]
    )
    preference_weight = models.PositiveSmallIntegerField(
        "Weight: each step down a mentee's ranking", default=1, validators=[MaxValueValidator(20)]
    )
    first_meeting_days = models.PositiveSmallIntegerField(
        "First meeting within (days of acceptance)", default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    checkin_weeks = models.PositiveSmallIntegerField(
        "A check-in every (weeks)", default=5, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )

    def __str__(self) -> str:
        return f"Mentoring rules of programme {self.programme_id}"


class LineManagement(models.Model):
    """One line of the coordinator's 'who manages whom' list for a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="line_management")
    manager = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "manager", "report"], name="one_line_per_pair"),
        ]

    def __str__(self) -> str:
        return f"Line management {self.pk}"


class MatchRun(models.Model):
    """One run of the matching: its size and its proof (cost against bound)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="match_runs")
    started_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField()
    mentees = models.PositiveIntegerField(default=0)
    pool = models.JSONField(default=list, help_text="The person ids of the mentees the run considered.")
    matched = models.PositiveIntegerField(default=0)
    cost = models.BigIntegerField(default=0)
    bound = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Match run {self.pk}"

    @property
    def optimal(self) -> bool:
        return self.cost == self.bound

    @property
    def gap(self) -> int:
        return self.cost - self.bound


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved, waiting for both to accept"
    ACCEPTED = "accepted", "Accepted by both"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (MatchStatus.PROPOSED, MatchStatus.APPROVED, MatchStatus.ACCEPTED, MatchStatus.ACTIVE)


class EndReason(models.TextChoices):
    COMPLETED = "completed", "Completed"
    EARLY = "early", "Ended early"


class Match(models.Model):
    """A mentee and a mentor (through the mentor's offer), followed from proposal to its end."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="matches")
    run = models.ForeignKey(MatchRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches")
    mentee = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mentee_matches")
    offer = models.ForeignKey(MentorOffer, on_delete=models.CASCADE, related_name="matches")
    mentor = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="mentor_matches")  # the offer's person
    status = models.CharField(max_length=12, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The mentee's rank of this mentor.")
    priority = models.BooleanField(default=False, help_text="The mentee was first in line for a rematch.")
    explanation = models.JSONField(default=list, help_text="Each criterion: {'ok': bool, 'text': str}.")
    proposed_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mentee_accepted_at = models.DateTimeField(null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    active_since = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    end_reason = models.CharField(max_length=12, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status__in=["proposed", "approved", "accepted", "active"]),
                name="one_open_match_per_mentee",
            ),
        ]

    def __str__(self) -> str:
        return f"Match {self.pk} ({self.get_status_display()})"

    @property
    def accepted_at(self) -> dt.datetime | None:
        """When the second of the two acceptances came, or None."""
        if self.mentee_accepted_at and self.mentor_accepted_at:
            return max(self.mentee_accepted_at, self.mentor_accepted_at)
        return None


class MeetingKind(models.TextChoices):
    FIRST = "first", "First meeting"
    CHECK_IN = "check_in", "Check-in"


class Meeting(models.Model):
    """A meeting the pair held; its note is for the pair only."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class BuddyStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    APPROVED = "approved", "Approved and shown to each buddy"


class BuddyPairing(models.Model):
    """Buddies for one cohort: pairs, and one trio when the count is odd."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="buddy_pairings")
    status = models.CharField(max_length=12, choices=BuddyStatus.choices, default=BuddyStatus.PROPOSED)
    created_at = models.DateTimeField()
    made_by = models.ForeignKey(PERSON, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    optimal = models.BooleanField(default=False)
    same_sector_pairs = models.PositiveIntegerField(default=0)
    unpaired = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Buddy pairing {self.pk} ({self.get_status_display()})"


class Buddy(models.Model):
    """One person in one group of a pairing."""

    pairing = models.ForeignKey(BuddyPairing, on_delete=models.CASCADE, related_name="buddies")
    group = models.PositiveSmallIntegerField()
    person = models.ForeignKey(PERSON, on_delete=models.CASCADE, related_name="buddy_places")

    class Meta:
        ordering = ["pairing", "group", "pk"]
        constraints = [models.UniqueConstraint(fields=["pairing", "person"], name="one_group_per_pairing")]

    def __str__(self) -> str:
        return f"Buddy {self.pk} in group {self.group}"
