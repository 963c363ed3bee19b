"""Invitations follow a participant's cohort at once.

`follow_cohort_changes` is registered with `programmes.cohorts` in `apps.py` and runs inside the
transaction that moves people, however they moved (a lead's move, the engine's placement, an
accepted offer). For each person it:

- invites them to every session not yet ended that they are now for (their new cohort's, and the
  whole programme's), and mails the invitation for those not yet started, as `sync_invitations`
  does. Places are taken by replying, so capacity and the waiting list apply as usual;
- withdraws their invitations to the old cohort's sessions that have not started, whatever they
  replied (they will not be there), unless they are still for that session (it is also for the
  new cohort, or they facilitate it) or have been marked on its register. A place they held goes
  to the waiting list, in order, as after apologies;
- leaves past and started sessions alone: their invitations are history;
- invites someone who joins a cohort of a running programme to the sessions of the system's other
  programmes that are open to the whole system, as `sync_invitations` would.

Set-based: a fixed number of queries for all the people, plus a few per session touched.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Exists, OuterRef, Q

from commonground.programmes.cohorts import CohortChange
from commonground.programmes.models import Programme, ProgrammeStatus
from commonground.schedule.models import (
    Attendance,
    Invitation,
    NoticeKind,
    Reply,
    Session,
    SessionStatus,
)
from commonground.schedule.services.invitations import promote_waiting
from commonground.schedule.services.mail import notify

BATCH_SIZE = 2000


def follow_cohort_changes(changes: Sequence[CohortChange], *, now: dt.datetime) -> None:
    """Invite the people who moved to their new sessions and withdraw their old ones, at once."""
    cohort_ids = {c for change in changes for c in (change.from_cohort_id, change.to_cohort_id) if c}
    sessions = {
        session.pk: session
        for session in Session.objects.filter(
            programme_id__in={change.programme_id for change in changes},
            status=SessionStatus.SCHEDULED,
            ends_at__gt=now,
        )
        .filter(Q(cohorts__isnull=True) | Q(cohorts__in=cohort_ids))
        .distinct()
    }
    shared = _open_to_newcomers(changes, now=now)
    sessions.update({session.pk: session for session, _ in shared})
    if not sessions:
        return
    cohorts_of: dict[int, set[int]] = defaultdict(set)
    for session_id, cohort_id in Session.cohorts.through.objects.filter(
        session_id__in=sessions
    ).values_list("session_id", "cohort_id"):
        cohorts_of[session_id].add(cohort_id)
    people = {change.person_id for change in changes}
    led = set(
        Session.facilitators.through.objects.filter(
            session_id__in=sessions, person_id__in=people
        ).values_list("session_id", "person_id")
    )
    wanted: set[tuple[int, int]] = {pair for _, pairs in shared for pair in pairs}
    leaving: set[tuple[int, int]] = set()
    for change in changes:
        for session_id, session in sessions.items():
            if session.programme_id != change.programme_id:
                continue
            cohorts, pair = cohorts_of[session_id], (session_id, change.person_id)
            if not cohorts or change.to_cohort_id in cohorts or pair in led:
                wanted.add(pair)
            elif change.from_cohort_id in cohorts and session.starts_at > now:
                leaving.add(pair)
    existing = set(
        Invitation.objects.filter(session_id__in=sessions, person_id__in=people).values_list(
            "session_id", "person_id"
        )
    )
    _withdraw(leaving & existing, now=now)
    _invite(sessions, sorted(wanted - existing), now=now)


def _open_to_newcomers(
    changes: Sequence[CohortChange], *, now: dt.datetime
) -> list[tuple[Session, set[tuple[int, int]]]]:
    """The sessions of other programmes of the system, open to it, that people joining a cohort of a
    running programme are now for, each with its (session, person) pairs. Two queries, when anyone joins."""
    joining = [c for c in changes if c.from_cohort_id is None and c.to_cohort_id is not None]
    if not joining:
        return []
    system_of = dict(
        Programme.objects.filter(pk__in={c.programme_id for c in joining}, status=ProgrammeStatus.RUNNING)
        .values_list("pk", "system_id")
    )
    if not system_of:
        return []
    found = []
    for session in Session.objects.filter(
        open_to_system=True, status=SessionStatus.SCHEDULED, ends_at__gt=now,
        programme__system_id__in=set(system_of.values()),
    ).select_related("programme"):
        pairs = {
            (session.pk, c.person_id) for c in joining
            if system_of.get(c.programme_id) == session.programme.system_id and c.programme_id != session.programme_id
        }
        if pairs:
            found.append((session, pairs))
    return found


def _withdraw(pairs: set[tuple[int, int]], *, now: dt.datetime) -> None:
    if not pairs:
        return
    # Lock the sessions first, as a reply does, so a place freed here cannot be taken twice.
    locked = {
        s.pk: s
        for s in Session.objects.select_for_update()
        .filter(pk__in={session_id for session_id, _ in pairs})
        .order_by("pk")
    }
    by_session: dict[int, list[int]] = defaultdict(list)
    for session_id, person_id in pairs:
        by_session[session_id].append(person_id)
    marked = Attendance.objects.filter(session=OuterRef("session"), person=OuterRef("person"))
    rows = list(
        Invitation.objects.filter(
            reduce(or_, (Q(session_id=sid, person_id__in=pids) for sid, pids in by_session.items()))
        )
        .exclude(Exists(marked))
        .values_list("pk", "session_id", "reply")
    )
    if not rows:
        return
    for start in range(0, len(rows), BATCH_SIZE):
        Invitation.objects.filter(pk__in=[pk for pk, _, _ in rows[start : start + BATCH_SIZE]]).delete()
    for session_id in sorted({sid for _, sid, reply in rows if reply == Reply.ATTENDING}):
        promote_waiting(locked[session_id], now=now)


def _invite(sessions: dict[int, Session], pairs: list[tuple[int, int]], *, now: dt.datetime) -> None:
    if not pairs:
        return
    Invitation.objects.bulk_create(
        [Invitation(session_id=session_id, person_id=person_id) for session_id, person_id in pairs],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    by_session: dict[int, list[int]] = defaultdict(list)
    for session_id, person_id in pairs:
        by_session[session_id].append(person_id)
    for session_id, person_ids in sorted(by_session.items()):
        session = sessions[session_id]
        if session.starts_at > now:
            notify(session, NoticeKind.INVITATION, person_ids, key="")
