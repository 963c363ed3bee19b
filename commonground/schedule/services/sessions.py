"""Modules and sessions: schedule, change, move and cancel; everyone affected is told.

A move (new times) raises the session's `sequence`, so its "new time" mail and the reminders that
follow are fresh notices; a cancellation tells everyone still expected, and no reminder follows.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Programme
from commonground.schedule.attendance import figures_changed
from commonground.schedule.models import Invitation, Module, NoticeKind, Session, SessionStatus
from commonground.schedule.places import capacity_problem
from commonground.schedule.queries import EXPECTED, attending_count
from commonground.schedule.services.invitations import promote_waiting, sync_invitations
from commonground.schedule.services.mail import notify

SESSION_FIELDS = (
    "module",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "address",
    "access_information",
    "online_url",
    "capacity",
    "table_size",
    "open_to_system",
)


# -- Modules ----------------------------------------------------------------------------------


@transaction.atomic
def save_module(
    *,
    programme: Programme,
    title: str,
    outcomes: str = "",
    partner_id: int | None = None,
    facilitators: Iterable[Person] = (),
    order: int = 0,
    module: Module | None = None,
) -> Module:
    """Create a module, or change one of the programme's own."""
    if module is not None and module.programme_id != programme.pk:
        raise ValidationError("That module belongs to another programme.")
    module = module or Module(programme=programme)
    module.title, module.outcomes, module.partner_id, module.order = (
        title.strip(),
        outcomes.strip(),
        partner_id,
        order,
    )
    module.full_clean(exclude=["facilitators"])
    module.save()
    module.facilitators.set(list(facilitators))
    figures_changed(programme.pk)  # module days and titles are in the completion and feedback figures
    return module


# -- Sessions ------------------------------------------------------------------------------------


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The session must end after it starts."})


@transaction.atomic
def create_session(
    *,
    programme: Programme,
    cohorts: Sequence[Cohort] = (),
    facilitators: Sequence[Person] = (),
    **fields: Any,
) -> Session:
    """Schedule a session and invite everyone it is for."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    if any(c.programme_id != programme.pk for c in cohorts):
        raise ValidationError({"cohorts": "A cohort belongs to another programme."})
    module = fields.get("module")
    if module is not None and module.programme_id != programme.pk:
        raise ValidationError({"module": "That module belongs to another programme."})
    _check_times(fields["starts_at"], fields["ends_at"])
    session = Session(programme=programme, **fields)
    session.full_clean(exclude=["cohorts", "facilitators"])
    session.save()
    session.cohorts.set(list(cohorts))
    session.facilitators.set(list(facilitators))
    sync_invitations(session)
    figures_changed(programme.pk)
    return session


@dataclass(frozen=True)
class Change:
    moved: bool
    invited: int
    promoted: int


@transaction.atomic
def update_session(
    *,
    session: Session,
    cohorts: Sequence[Cohort] | None = None,
    facilitators: Sequence[Person] | None = None,
    **fields: Any,
) -> Change:
    """Change a session; new times count as a move (new sequence, "new time" mail, reminders re-armed)."""
    unknown = set(fields) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"Unknown session fields: {sorted(unknown)}")
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session is cancelled, so it cannot change.")
    if cohorts is not None and any(c.programme_id != session.programme_id for c in cohorts):
        raise ValidationError({"cohorts": "A cohort belongs to another programme."})
    module = fields.get("module")
    if module is not None and module.programme_id != session.programme_id:
        raise ValidationError({"module": "That module belongs to another programme."})
    capacity = fields.get("capacity", session.capacity)
    if capacity != session.capacity and (
        problem := capacity_problem(
            title=session.title, capacity=capacity, attending=attending_count(session)
        )
    ):
        raise ValidationError({"capacity": problem})
    before = (session.starts_at, session.ends_at)
    for name, value in fields.items():
        setattr(session, name, value)
    _check_times(session.starts_at, session.ends_at)
    moved = (session.starts_at, session.ends_at) != before
    if moved:
        session.sequence += 1
    session.full_clean(exclude=["cohorts", "facilitators"])
    session.save()
    if cohorts is not None:
        session.cohorts.set(list(cohorts))
    if facilitators is not None:
        session.facilitators.set(list(facilitators))
    invited = sync_invitations(session)
    if moved and session.ends_at > timezone.now():
        expected = list(
            Invitation.objects.filter(session=session, reply__in=EXPECTED).values_list(
                "person_id", flat=True
            )
        )
        notify(session, NoticeKind.MOVED, expected, key=f"seq{session.sequence}")
    promoted = promote_waiting(session)
    figures_changed(session.programme_id)
    return Change(moved=moved, invited=invited, promoted=promoted)


def move_session(*, session: Session, starts_at: dt.datetime, ends_at: dt.datetime) -> Change:
    """Give a session new times."""
    return update_session(session=session, starts_at=starts_at, ends_at=ends_at)


@transaction.atomic
def cancel_session(*, session: Session, reason: str) -> Session:
    """Cancel a session with a reason: everyone still expected is told; no reminder follows."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": "Give a reason, so people know why the session is cancelled."}
        )
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled:
        raise ValidationError("This session is already cancelled.")
    session.status = SessionStatus.CANCELLED
    session.cancel_reason = reason[:300]
    session.sequence += 1
    session.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    if session.ends_at > timezone.now():
        expected = list(
            Invitation.objects.filter(session=session, reply__in=EXPECTED).values_list(
                "person_id", flat=True
            )
        )
        notify(session, NoticeKind.CANCELLED, expected, key=f"seq{session.sequence}")
    figures_changed(session.programme_id)
    return session
