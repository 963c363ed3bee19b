"""A lead's home: what needs a decision today, each a count with the page where it is made, then
the programme at a glance as the overview publishes it.

Each count is one query (or one read of the figure store), through the features' own readers
where they have one: the review queue's statuses (`recruitment.queries.status_counts`), the
sessions whose registers a viewer takes (`schedule.attendance.staff_sessions`) and who is at risk
of dropping out (`schedule.stored_figures.missed`, the attendance figures page's own list, counted
here and never named).
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from commonground.core import figure_store
from commonground.development.models import Round
from commonground.grouping.models import LearningSet
from commonground.network.models import SurveyRound
from commonground.programmes import figures as programme_figures
from commonground.programmes import queries as programme_queries
from commonground.programmes.permissions import ProgrammeAccess
from commonground.recruitment.models import REVIEWABLE, ApplicationStatus, Offer
from commonground.recruitment.queries import status_counts
from commonground.schedule import attendance, stored_figures
from commonground.schedule.models import Attendance, SessionStatus

WITHIN = dt.timedelta(days=7)  # offers lapsing and rounds closing this soon need the lead now


@dataclass(frozen=True)
class Decision:
    """One kind of thing waiting for the lead: how many, the page where it is done, and the soonest
    date (or a note) when there is one."""

    words: str
    count: int
    url: str
    soonest: dt.datetime | None = None
    note: str = ""


@dataclass(frozen=True)
class Glance:
    """A few headline figures, published as the overview publishes them (None: not shown)."""

    participants: int | None
    organisations: int
    attendance_percent: int | None
    computed: figure_store.Computed


@dataclass(frozen=True)
class LeadHome:
    decisions: list[Decision]
    glance: Glance

    @property
    def waiting(self) -> list[Decision]:
        return [d for d in self.decisions if d.count]

    @property
    def clear(self) -> list[Decision]:
        return [d for d in self.decisions if not d.count]

    @property
    def urgent(self) -> bool:
        return bool(self.waiting)


def lead_home(access: ProgrammeAccess) -> LeadHome:
    now = timezone.now()
    programme = access.programme
    pid = programme.pk
    statuses = status_counts(programme)
    offers = (
        Offer.objects.open()
        .filter(cohort__programme=programme, deadline__lte=now + WITHIN)
        .aggregate(n=Count("pk"), soonest=Min("deadline"))
    )
    unpublished = list(
        LearningSet.objects.filter(cohort__programme=programme, published_at__isnull=True)
        .values("cohort_id", "cohort__name")
        .annotate(n=Count("pk"))
        .order_by("cohort__name", "cohort_id")
    )
    unregistered = registers_to_take(access, now)
    development = _closing(Round.objects.filter(programme=programme), now)
    survey = _closing(SurveyRound.objects.filter(programme=programme), now)
    sets = [
        Decision(
            f"Learning sets formed in {row['cohort__name']}, not yet published", row["n"],
            reverse("grouping:sets", args=[pid, row["cohort_id"]]),
        )
        for row in unpublished
    ] or [Decision("Learning sets formed, not yet published", 0, reverse("programmes:cohort-list", args=[pid]))]
    decisions = [
        Decision(
            "Applications waiting for review", sum(statuses[s] for s in REVIEWABLE),
            reverse("recruitment:review", args=[pid]),
        ),
        Decision(
            "Offers lapsing within a week", offers["n"],
            reverse("recruitment:applications", args=[pid]) + f"?status={ApplicationStatus.OFFERED}", offers["soonest"],
        ),
        *sets,
        Decision(
            "Past sessions without a register", unregistered,
            reverse("schedule:attendance", args=[pid]) + "?when=earlier",
        ),
        Decision(
            "People at risk of dropping out", len(stored_figures.missed(programme).value),
            reverse("schedule:attendance-figures", args=[pid]), note="Each missed their last two recorded sessions.",
        ),
        Decision(
            "Check-in and feedback rounds closing within a week", development["n"],
            reverse("development:rounds", args=[pid]), development["soonest"],
        ),
        Decision(
            "Relationship survey rounds closing within a week", survey["n"],
            reverse("network:figures", args=[pid]), survey["soonest"],
        ),
    ]
    return LeadHome(decisions=decisions, glance=glance(access))


def registers_to_take(access: ProgrammeAccess, now: dt.datetime) -> int:
    """Ended sessions, not cancelled, whose register this viewer takes and nobody has taken yet."""
    return (
        attendance.staff_sessions(access)
        .filter(ends_at__lte=now)
        .exclude(status=SessionStatus.CANCELLED)
        .alias(taken=Exists(Attendance.objects.filter(session_id=OuterRef("pk"))))
        .filter(taken=False)
        .count()
    )


def _closing(rounds: QuerySet[Round] | QuerySet[SurveyRound], now: dt.datetime) -> dict[str, Any]:
    """How many of these rounds are open and close within a week, and the soonest closing."""
    return rounds.filter(opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + WITHIN).aggregate(
        n=Count("pk"), soonest=Min("closes_at")
    )


def glance(access: ProgrammeAccess) -> Glance:
    """Participants and organisations as the overview reads them (the stored reach, through
    disclosure control, and the count of organisations), and the attendance rate as the attendance
    figures page publishes it."""
    reach = programme_figures.stored_reach(access.programme)
    attended, _ = stored_figures.stored(access.programme)
    totals = attended.value.totals
    return Glance(
        participants=reach.value.total,
        organisations=programme_queries.organisations_taking_part(access.programme),
        attendance_percent=totals[0].rate_percent if totals else None,
        computed=figure_store.computed(reach, attended),
    )
