"""The schedule's figures in the figure store (`core/figure_store.py`): attendance and completion,
for the whole programme or for a facilitator's cohorts, computed once per change by the task
worker and read by the attendance figures page, with the list of who missed their last two
recorded sessions (their ids only: the page reads the names of those few when it shows them).

Attendance counts the invitations of ended sessions and the participants' cohorts and
organisations, so it follows the participant figures' data (`after` reach); completion is
protected given the participant figures and counts attended module days, so it follows both.
Both move by the clock alone when a session ends. Writers of registers, replies, invitations and
sessions call `attendance.figures_changed`.
"""

import datetime as dt

from commonground.core import figure_store
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Programme
from commonground.schedule import completion
from commonground.schedule.attendance import STORED_AS, offered_invitations
from commonground.schedule.attendance_figures import (
    AttendanceFigures,
    CompletionFigures,
    attendance_figures,
    completion_figures,
)
from commonground.schedule.attendance_people import Missed, missed_twice
from commonground.schedule.attendance_timeline import Month, attendance_by_month
from commonground.schedule.models import Session

ATTENDANCE = STORED_AS
COMPLETION = completion.STORED_AS
MONTHS = "attendance_months"  # attendance over the programme, month by month (the report packs' chart)
AT_RISK = "attendance_at_risk"  # who missed their last two recorded sessions (ids and session titles)
VERSION = 1  # raise it when AttendanceFigures or CompletionFigures change shape or meaning


def computed_attendance(programme_id: int, scope: str) -> AttendanceFigures:
    programme = Programme.objects.get(pk=programme_id)
    return attendance_figures(offered_invitations(programme, cohort_ids=figure_store.scope_cohorts(scope)))


def computed_completion(programme_id: int, scope: str) -> CompletionFigures:
    programme = Programme.objects.get(pk=programme_id)
    reach = figure_store.latest(programme_id, programme_figures.REACH).value
    return completion_figures(programme, cohort_ids=figure_store.scope_cohorts(scope), reach=reach)


def computed_months(programme_id: int, scope: str) -> list[Month]:
    programme = Programme.objects.get(pk=programme_id)
    given = figure_store.latest(programme_id, ATTENDANCE, scope).value.publication
    return attendance_by_month(offered_invitations(programme, cohort_ids=figure_store.scope_cohorts(scope)), given=given)


def computed_at_risk(programme_id: int, scope: str) -> list[Missed]:
    programme = Programme.objects.get(pk=programme_id)
    return missed_twice(offered_invitations(programme, cohort_ids=figure_store.scope_cohorts(scope)))


def session_ended(programme_id: int, since: dt.datetime, until: dt.datetime) -> bool:
    """Whether a session of the programme ended between the two moments (it counts from then)."""
    return Session.objects.filter(programme_id=programme_id, ends_at__gt=since, ends_at__lte=until).exists()


def register() -> None:
    reach = programme_figures.REACH
    figure_store.register(ATTENDANCE, computed_attendance, version=VERSION, after=[reach], due=session_ended)
    figure_store.register(COMPLETION, computed_completion, version=VERSION, after=[reach, ATTENDANCE], due=session_ended)
    figure_store.register(MONTHS, computed_months, version=VERSION, after=[ATTENDANCE], due=session_ended)
    figure_store.register(AT_RISK, computed_at_risk, version=VERSION, after=[ATTENDANCE], due=session_ended)


def stored(
    programme: Programme, *, cohort_ids: set[int] | None = None
) -> tuple[figure_store.Stored[AttendanceFigures], figure_store.Stored[CompletionFigures]]:
    """Attendance and completion as the page shows them, for the whole programme or some cohorts."""
    scope = figure_store.cohort_scope(cohort_ids)
    return figure_store.read(programme.pk, ATTENDANCE, scope), figure_store.read(programme.pk, COMPLETION, scope)


def missed(programme: Programme, *, cohort_ids: set[int] | None = None) -> figure_store.Stored[list[Missed]]:
    """Who missed their last two recorded sessions, as last computed."""
    return figure_store.read(programme.pk, AT_RISK, figure_store.cohort_scope(cohort_ids))


def months(programme: Programme, *, cohort_ids: set[int] | None = None) -> figure_store.Stored[list[Month]]:
    """Attendance month by month, as last computed."""
    return figure_store.read(programme.pk, MONTHS, figure_store.cohort_scope(cohort_ids))
