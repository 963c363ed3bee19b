"""Co-design of local issues: issues, support, discussion, interest, challenge teams, outcomes."""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from commonground.programmes.models import Cohort, Organisation, Place, Programme


class IssueState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ADOPTED = "adopted", "Adopted"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"


# Where a lead may move an issue from each state; closing always needs a reason.
NEXT_STATES: dict[str, tuple[str, ...]] = {
    IssueState.PROPOSED: (IssueState.SHORTLISTED, IssueState.CLOSED),
    IssueState.SHORTLISTED: (IssueState.ADOPTED, IssueState.PROPOSED, IssueState.CLOSED),
    IssueState.ADOPTED: (IssueState.IN_PROGRESS, IssueState.CLOSED),
    IssueState.IN_PROGRESS: (IssueState.COMPLETED, IssueState.CLOSED),
    IssueState.COMPLETED: (),
    IssueState.CLOSED: (IssueState.PROPOSED,),
}

# The states of an issue whose outcomes may be recorded.
OUTCOME_STATES = (IssueState.ADOPTED, IssueState.IN_PROGRESS, IssueState.COMPLETED)


class Issue(models.Model):
    """A local issue proposed for a place of the programme's system, or for the whole system."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="issues")
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issues",
        help_text="Empty means the whole system.",
    )
    title = models.CharField(max_length=160)
    problem = models.TextField("the problem in plain words", max_length=4000)
    affects = models.TextField("who it affects", max_length=2000)
    evidence = models.TextField(max_length=4000, blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="issues", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposed_issues",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=16, choices=IssueState.choices, default=IssueState.PROPOSED)
    closed_reason = models.CharField(max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_issues"
    )
    # Kept exact by services: changed by an F() expression in the transaction that adds or removes a row.
    supporter_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["programme", "state"]),
            models.Index(fields=["programme", "-supporter_count"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state=IssueState.CLOSED) | ~Q(closed_reason=""),
                name="closed_issue_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def place_label(self) -> str:
        return self.place.name if self.place_id and self.place else "Whole system"

    @property
    def is_open_for_support(self) -> bool:
        return self.state not in (IssueState.CLOSED, IssueState.COMPLETED)


class StateChange(models.Model):
    """One transition of an issue's state, by a lead."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="state_changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=16, choices=IssueState.choices)
    to_state = models.CharField(max_length=16, choices=IssueState.choices)
    reason = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.issue_id}: {self.from_state} → {self.to_state}"


class Support(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issue_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "person"], name="one_support_per_person_per_issue"
            )
        ]

    def __str__(self) -> str:
        return f"Support for #{self.issue_id} by {self.person_id}"


class Comment(models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on #{self.issue_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Moderation(models.TextChoices):
    """Co-design's kinds of row in the one audit trail (`services/audit.py` writes them)."""

    COMMENT_HIDDEN = "comment_hidden", "Comment hidden"
    SUPPORT_WITHDRAWN = "support_withdrawn", "Support withdrawn"
    ISSUE_MERGED = "issue_merged", "Issue merged"
    STATE_CHANGED = "state_changed", "State changed"
    TEAMS_PUBLISHED = "teams_published", "Challenge teams published"
    SHOWCASE_PUBLISHED = "showcase_published", "Showcase published"
    SHOWCASE_UNPUBLISHED = "showcase_unpublished", "Showcase withdrawn"


class Interest(models.Model):
    """A participant's ranked interest in a shortlisted issue (rank 1 is their first choice)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="issue_interests"
    )
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["person", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "person"], name="one_interest_per_person_per_issue"
            ),
            models.UniqueConstraint(
                fields=["programme", "person", "rank"], name="one_issue_per_rank"
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="interest_rank_from_one"),
        ]

    def __str__(self) -> str:
        return f"Rank {self.rank} for #{self.issue_id}"


class Formation(models.Model):
    """Challenge teams of one cohort: formed by the engine, reviewed and published by a lead."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="team_formation")
    min_size = models.PositiveSmallIntegerField(default=8)
    max_size = models.PositiveSmallIntegerField(default=15)
    formed_at = models.DateTimeField(null=True, blank=True)
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Challenge teams of cohort {self.cohort_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ChallengeTeam(models.Model):
    """The mixed team of one cohort working on one issue."""

    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="teams")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="teams")
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_teams",
        help_text="The partner organisation that adopts the work.",
    )
    explanation = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["formation", "issue__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "issue"], name="one_team_per_issue_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return self.issue.title


class TeamMember(models.Model):
    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="members")
    formation = models.ForeignKey(Formation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_teams"
    )
    choice_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["formation", "person"], name="one_team_per_person_per_cohort"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in team {self.team_id}"


class Milestone(models.Model):
    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class TeamUpdate(models.Model):
    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Update on team {self.team_id}"


class TeamDocument(models.Model):
    team = models.ForeignKey(ChallengeTeam, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    url = models.URLField("link", max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class Outcome(models.Model):
    """What changed because of the work on an issue, with a figure before and after where there is one."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="outcomes")
    team = models.ForeignKey(
        ChallengeTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcomes"
    )
    what_changed = models.TextField(max_length=2000)
    for_whom = models.CharField(max_length=300)
    measure = models.CharField("how it is measured", max_length=300)
    unit = models.CharField(max_length=60, blank=True)
    before_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    before_on = models.DateField(null=True, blank=True)
    after_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    after_on = models.DateField(null=True, blank=True)
    story = models.TextField(max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(before_value__isnull=True) & Q(after_value__isnull=True))
                | ~Q(unit=""),
                name="outcome_figures_have_unit_and_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"Outcome of #{self.issue_id}"

    @property
    def before_text(self) -> str:
        return _figure(self.before_value, self.unit, self.before_on)

    @property
    def after_text(self) -> str:
        return _figure(self.after_value, self.unit, self.after_on)

    @property
    def has_figures(self) -> bool:
        return self.before_value is not None or self.after_value is not None


def _figure(value: Decimal | None, unit: str, on: dt.date | None) -> str:
    """6.50, days, 31 Jan 2026 -> "6.5 days (January 2026)"."""
    if value is None:
        return ""
    return f"{value.normalize():,f} {unit}".strip() + (f" ({on:%B %Y})" if on else "")


def new_showcase_token() -> str:
    return secrets.token_urlsafe(16)


class Showcase(models.Model):
    """A programme's showcase of outcomes; leads may publish it as a public, read-only page."""

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="showcase")
    token = models.CharField(max_length=40, unique=True, default=new_showcase_token)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Showcase of programme {self.programme_id}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
