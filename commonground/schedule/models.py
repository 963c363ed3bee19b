"""Modules, sessions, invitations and replies, attendance, calendar feeds, sent notices and table plans.

Times are stored in UTC and shown in Europe/London; a session's `sequence` grows each time it is
moved or cancelled, so calendar clients replace their copy and notices are keyed to it.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commonground.programmes.models import (
    Cohort,
    Contribution,
    ContributionKind,
    Organisation,
    Programme,
)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Module(models.Model):
    """A block of the programme with its outcomes, delivered by a partner organisation."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    outcomes = models.TextField(blank=True, help_text="One learning outcome per line.")
    partner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="modules_delivered",
        help_text="The partner organisation that delivers the module.",
    )
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="modules_facilitated")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def outcome_list(self) -> list[str]:
        return [line.strip() for line in self.outcomes.splitlines() if line.strip()]


class SessionKind(models.TextChoices):
    MODULE = "module", "Module session"
    LAUNCH = "launch", "Launch event"
    DEVELOPMENT_DAY = "development_day", "Development day"
    LEARNING_SET = "learning_set", "Learning-set meeting"
    CELEBRATION = "celebration", "Celebration"
    OTHER = "other", "Other"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    """A time together: for some cohorts of a programme, or all of it when no cohort is named."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices, default=SessionKind.MODULE)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    cohorts = models.ManyToManyField(
        Cohort, blank=True, related_name="sessions", help_text="None chosen means the whole programme."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue_name = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    access_information = models.TextField(blank=True, help_text="Step-free access, hearing loop, parking, quiet room.")
    online_url = models.URLField(blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True, help_text="Empty means no limit.")
    # Participants of the system's other running programmes are invited too, and reply as to their own
    # sessions (`queries.invitee_ids`, `queries.sessions_for`).
    open_to_system = models.BooleanField(
        "open to the whole system", default=False,
        help_text="Participants of the system's other running programmes are invited too.",
    )
    facilitators = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sessions_facilitated")
    status = models.CharField(max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    cancel_reason = models.CharField(max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0, help_text="Grows with every move or cancellation (iCalendar).")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    checkin_token = models.CharField(max_length=64, default=_token, unique=True, editable=False)
    table_size = models.PositiveSmallIntegerField(default=8)
    # Support in kind from one of the programme's funders that delivered this session (written only
    # by `services/delivery.py`, which keeps it to the session's own programme).
    delivered_under = models.ForeignKey(
        Contribution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_delivered",
        limit_choices_to={"kind": ContributionKind.IN_KIND},
        help_text="The funder's support in kind that delivered it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["programme", "starts_at"])]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


class Reply(models.TextChoices):
    INVITED = "invited", "Not replied"
    ATTENDING = "attending", "Attending"
    APOLOGIES = "apologies", "Sent apologies"
    WAITING = "waiting", "On the waiting list"


class Invitation(models.Model):
    """A member invited to a session and their reply."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    reply = models.CharField(max_length=10, choices=Reply.choices, default=Reply.INVITED)
    apology_reason = models.CharField(max_length=300, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "person"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_invitation_per_person")]
        indexes = [models.Index(fields=["session", "reply"]), models.Index(fields=["person", "session"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}: {self.get_reply_display()}"


class Mark(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    ABSENT = "absent", "Absent"
    APOLOGIES = "apologies", "Apologies"


class CheckInMethod(models.TextChoices):
    REGISTER = "register", "Register"
    QR = "qr", "QR self check-in"


class Attendance(models.Model):
    """Whether a person came to a session, from the register or their own QR check-in."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance")
    mark = models.CharField(max_length=10, choices=Mark.choices)
    method = models.CharField(max_length=10, choices=CheckInMethod.choices, default=CheckInMethod.REGISTER)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "person"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_person")]
        indexes = [models.Index(fields=["person", "session"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}: {self.get_mark_display()}"


class CalendarFeed(models.Model):
    """A person's secret calendar address; resetting it replaces the token so old links stop working."""

    person = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, default=_token, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Calendar feed for {self.person}"

    def reset(self) -> None:
        self.token = _token()
        self.save(update_fields=["token"])


class NoticeKind(models.TextChoices):
    INVITATION = "invitation", "Invitation"
    REMINDER_WEEK = "reminder_week", "Reminder a week before"
    REMINDER_DAY = "reminder_day", "Reminder a day before"
    MOVED = "moved", "Session moved"
    CANCELLED = "cancelled", "Session cancelled"
    PROMOTED = "promoted", "Place from the waiting list"
    FOLLOW_UP = "follow_up", "Follow-up after a missed session"
    LEAD_NOTE = "lead_note", "Note to the lead about a missed session"
    FEEDBACK = "feedback", "Session feedback invitation"


class SentNotice(models.Model):
    """One message sent about one session to one person; the unique key makes sending idempotent.

    `key` ties a notice to the session's state (its sequence), so a moved session gets fresh
    reminders while a repeated task run sends nothing twice.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="notices")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=NoticeKind.choices)
    key = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person", "kind", "key"], name="one_notice_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person} about {self.session}"


class TablePlan(models.Model):
    """Where each attendee sits at a session, planned by the engine to meet new colleagues."""

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="table_plan")
    tables = models.PositiveSmallIntegerField()
    result = models.JSONField(default=dict, blank=True, help_text="objective, bound, gap, seconds, figures.")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Table plan for {self.session}"


class Seat(models.Model):
    plan = models.ForeignKey(TablePlan, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    table = models.PositiveSmallIntegerField(help_text="1-based table number.")

    class Meta:
        ordering = ["plan", "table", "person"]
        constraints = [models.UniqueConstraint(fields=["plan", "person"], name="one_seat_per_person")]

    def __str__(self) -> str:
        return f"{self.person} at table {self.table}"
