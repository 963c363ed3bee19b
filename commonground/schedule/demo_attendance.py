"""Demo registers, QR check-ins and table plans for the sessions the sessions demo created.

Runs after the sessions demo; with no ended sessions it does nothing. Marks are written in bulk:
most people present, a few late, some apologies, and a handful who missed their last two
sessions so the at-risk list has someone on it. The register of the latest session, when it ended
in the last week, is left for its facilitator to take. One small cohort gets published table plans for
its three most recent sessions.
"""

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Programme
from commonground.schedule import tables
from commonground.schedule.models import (
    Attendance,
    CheckInMethod,
    Invitation,
    Mark,
    Reply,
    Session,
    SessionStatus,
)

# session, person, mark, method, marked by, marked at (as the database takes it)
Row = tuple[int, int, str, str, int | None, Any]
PLANNED_SESSIONS = 3
PLAN_AT_MOST = 300  # people at one session; bigger demo cohorts get no table plans
PLAN_TIME_LIMIT = 0.3
UNTAKEN_WITHIN = dt.timedelta(days=7)  # a session that ended this recently may wait for its register


def seed_attendance_demo(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random
) -> None:
    now = timezone.now()
    ended = list(
        Session.objects.filter(programme=programme, ends_at__lt=now)
        .exclude(status=SessionStatus.CANCELLED)
        .order_by("starts_at", "pk")
    )
    if not ended or not participants:
        return
    if ended[-1].ends_at > now - UNTAKEN_WITHIN:
        ended.pop()  # the latest session's register is still to take, as a lead would find it
    order = {s.pk: i for i, s in enumerate(ended)}
    by_session = {s.pk: s for s in ended}
    invitations = list(
        Invitation.objects.filter(session__in=ended)
        .exclude(reply=Reply.WAITING)
        .values_list("session_id", "person_id", "reply")
    )
    sessions_of: dict[int, list[int]] = defaultdict(list)
    for session_id, person_id, _ in invitations:
        sessions_of[person_id].append(session_id)
    ids = sorted({p.pk for p, _ in participants} & set(sessions_of))
    droppers = set(rng.sample(ids, k=min(len(ids), max(3, len(ids) // 60))))
    missed = {
        (sid, pid)
        for pid in droppers
        for sid in sorted(sessions_of[pid], key=order.__getitem__)[-2:]
    }
    marked_at = connection.ops.adapt_datetimefield_value(now)
    rows: list[Row] = []
    for session_id, person_id, reply in invitations:
        if (session_id, person_id) in missed:
            mark = Mark.ABSENT
        elif reply == Reply.APOLOGIES:
            if rng.random() < 0.5:
                continue  # left as the apologies they sent
            mark = Mark.APOLOGIES
        else:
            roll = rng.random()
            mark = (
                Mark.PRESENT
                if roll < 0.82
                else Mark.LATE
                if roll < 0.9
                else Mark.APOLOGIES
                if roll < 0.95
                else Mark.ABSENT
            )
        by_qr = mark in (Mark.PRESENT, Mark.LATE) and rng.random() < 0.3
        method = CheckInMethod.QR if by_qr else CheckInMethod.REGISTER
        rows.append(
            (session_id, person_id, str(mark), str(method), person_id if by_qr else None, marked_at)
        )
    _insert_marks(rows)
    _plan_tables(ended, by_session, participants)


def _insert_marks(rows: list[Row]) -> None:
    """Many marks at once: a plain multi-row insert, as building 80,000 model instances through
    bulk_create costs tens of seconds at the largest demo size."""
    table = connection.ops.quote_name(Attendance._meta.db_table)
    sql = (
        f"INSERT INTO {table} (session_id, person_id, mark, method, marked_by_id, marked_at) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _plan_tables(
    ended: list[Session], by_session: dict[int, Session], participants: list[tuple[Person, Cohort]]
) -> None:
    """Published plans for the smallest cohort's most recent sessions, oldest first."""
    sizes: dict[Cohort, int] = defaultdict(int)
    for _, cohort in participants:
        sizes[cohort] += 1
    cohort = min(sizes, key=lambda c: (sizes[c], c.pk))
    if sizes[cohort] > PLAN_AT_MOST:
        return
    session_ids = set(
        Session.cohorts.through.objects.filter(
            cohort=cohort, session_id__in=list(by_session)
        ).values_list("session_id", flat=True)
    )
    chosen = [s for s in ended if s.pk in session_ids][-PLANNED_SESSIONS:]
    for session in chosen:
        if len(tables.attendee_ids(session)) < 2:
            continue
        plan = tables.generate_table_plan(session=session, time_limit=PLAN_TIME_LIMIT)
        tables.publish_table_plan(plan=plan)
