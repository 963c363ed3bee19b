"""A facilitator's home: today's and the next sessions whose registers they take (each with its
register and table plan), the registers of ended sessions still to take, and the sets they look
after. The sessions are the attendance page's own (`schedule.attendance.staff_sessions`)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from commonground.grouping import queries as grouping_queries
from commonground.grouping.models import LearningSet
from commonground.homes.lead import registers_to_take
from commonground.programmes.permissions import ProgrammeAccess
from commonground.schedule import attendance
from commonground.schedule.models import Session, SessionStatus, TablePlan

SESSIONS_SHOWN = 4


@dataclass(frozen=True)
class Upcoming:
    session: Session
    today: bool
    planned: bool  # a table plan exists


@dataclass(frozen=True)
class FacilitatorHome:
    sessions: list[Upcoming]
    registers_to_take: int
    sets: list[LearningSet]

    @property
    def urgent(self) -> bool:
        return self.registers_to_take > 0 or any(s.today for s in self.sessions)


def facilitator_home(access: ProgrammeAccess) -> FacilitatorHome:
    now = timezone.now()
    today = timezone.localdate()
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    sessions = list(
        attendance.staff_sessions(access)
        .filter(ends_at__gte=start_of_today)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "pk")[:SESSIONS_SHOWN]
    )
    planned = set(
        TablePlan.objects.filter(session__in=[s.pk for s in sessions]).values_list("session_id", flat=True)
    )
    return FacilitatorHome(
        sessions=[Upcoming(s, timezone.localdate(s.starts_at) == today, s.pk in planned) for s in sessions],
        registers_to_take=registers_to_take(access, now),
        sets=[s.learning_set for s in grouping_queries.facilitated_sets(access.person, access.programme)],
    )
