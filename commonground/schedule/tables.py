"""Table plans: seat a session's attendees so that they meet new colleagues, through the grouping
engine's bridge (`grouping.tables`).

Who is seated: once the register has been taken (anyone marked), the participants marked present
or late; before that, invited participants who have not sent apologies and are not on the waiting
list. Earlier sessions of the same cohorts (and whole-programme sessions) give the planner its
`history`, so pairs who already shared a table are kept apart; people in the same learning set
are `known` (they meet every month anyway); organisations and sectors are mixed. Planning runs in
the request with a short time limit: 100 people at 10 tables takes a few seconds.

A plan can be generated again until it is published; publishing records every pair at a table as
an encounter (network.services.record_encounters), so relationship figures see them.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.grouping.models import LearningSetMember
from commonground.grouping.tables import Guest, plan_tables
from commonground.network.models import EncounterSource
from commonground.network.services import record_encounters
from commonground.programmes.models import Membership, Role
from commonground.programmes.where import here
from commonground.schedule.models import (
    Attendance,
    Invitation,
    Mark,
    Module,
    Reply,
    Seat,
    Session,
    SessionStatus,
    TablePlan,
)

TIME_LIMIT = 3.0


# -- Who sits, and what the planner is told -----------------------------------------------------


def attendee_ids(session: Session) -> list[int]:
    """The participants to seat (see the module docstring), in id order."""
    participants = Membership.objects.filter(
        programme_id=session.programme_id, role=Role.PARTICIPANT
    )
    if Attendance.objects.filter(session=session).exists():
        ids = list(
            Attendance.objects.filter(
                session=session, mark__in=[Mark.PRESENT, Mark.LATE]
            ).values_list("person_id", flat=True)
        )
    else:
        ids = list(
            Invitation.objects.filter(
                session=session, reply__in=[Reply.INVITED, Reply.ATTENDING]
            ).values_list("person_id", flat=True)
        )
    return sorted(set(participants.filter(person_id__in=ids).values_list("person_id", flat=True)))


def related_sessions(session: Session) -> QuerySet[Session]:
    """Sessions of the same cohorts (or the whole programme) — the ones whose tables count as history."""
    sessions = Session.objects.filter(programme_id=session.programme_id).exclude(
        status=SessionStatus.CANCELLED
    )
    cohort_ids = list(session.cohorts.values_list("pk", flat=True))
    if cohort_ids:
        sessions = sessions.filter(Q(cohorts__in=cohort_ids) | Q(cohorts__isnull=True)).distinct()
    return sessions


def earlier_seatings(session: Session, people: set[int]) -> list[dict[int, int]]:
    """Earlier sessions' plans as {person id: table}, oldest first, for the people seated now (one query)."""
    earlier = related_sessions(session).filter(starts_at__lt=session.starts_at).values("pk")
    rows = (
        Seat.objects.filter(plan__session__in=earlier, person_id__in=people)
        .order_by("plan__session__starts_at", "plan_id")
        .values_list("plan_id", "person_id", "table")
    )
    plans: dict[int, dict[int, int]] = {}
    for plan_id, person_id, table in rows:
        plans.setdefault(plan_id, {})[person_id] = table
    return list(plans.values())


def learning_set_pairs(people: set[int]) -> list[tuple[int, int]]:
    """Pairs of the people seated now who share a learning set (one query)."""
    sets: dict[int, list[int]] = defaultdict(list)
    for set_id, person_id in LearningSetMember.objects.filter(person_id__in=people).values_list(
        "learning_set_id", "person_id"
    ):
        sets[set_id].append(person_id)
    return sorted(
        {(min(a, b), max(a, b)) for members in sets.values() for a, b in combinations(members, 2)}
    )


def _guests(ids: list[int], *, system_id: int) -> list[Guest]:
    """The people to seat, each with the organisation and sector they work in, in the programme's system."""
    rows = (
        Person.objects.filter(pk__in=ids)
        .alias(work=here(system_id, through=""))
        .order_by("pk")
        .values_list("pk", "work__organisation_id", "work__organisation__sector")
    )
    return [Guest(pid, f"o{org}" if org else "", sector or "") for pid, org, sector in rows]


def generate_table_plan(
    *,
    session: Session,
    table_size: int | None = None,
    time_limit: float = TIME_LIMIT,
    seed: int = 1,
) -> TablePlan:
    """Plan (or plan again) a session's tables, at a new table size if given; a published plan is final."""
    table_size = table_size or session.table_size
    if session.is_cancelled:
        raise ValidationError("This session was cancelled, so it has no tables.")
    if TablePlan.objects.filter(session=session, published_at__isnull=False).exists():
        raise ValidationError("This table plan is published, so it can no longer be changed.")
    if table_size < 2:
        raise ValidationError({"table_size": "Tables must seat at least 2 people."})
    ids = attendee_ids(session)
    if len(ids) < 2:
        raise ValidationError("There are fewer than 2 people to seat at this session.")
    seating = plan_tables(
        people=_guests(ids, system_id=session.programme.system_id),
        table_size=table_size,
        history=earlier_seatings(session, set(ids)),
        known=learning_set_pairs(set(ids)),
        time_limit=time_limit,
        seed=seed,
    )
    return save_table_plan(
        session=session, seating=seating.tables, result=seating.result, table_size=table_size
    )


@transaction.atomic
def save_table_plan(
    *,
    session: Session,
    seating: dict[int, int],
    result: dict[str, Any],
    table_size: int | None = None,
) -> TablePlan:
    """Replace the session's unpublished plan with this seating ({person id: 1-based table})."""
    locked = Session.objects.select_for_update().get(pk=session.pk)
    if table_size and table_size != locked.table_size:
        Session.objects.filter(pk=locked.pk).update(table_size=table_size)
        session.table_size = table_size
    if TablePlan.objects.filter(session=locked, published_at__isnull=False).exists():
        raise ValidationError("This table plan is published, so it can no longer be changed.")
    TablePlan.objects.filter(session=locked).delete()
    plan = TablePlan.objects.create(
        session=locked, tables=len(set(seating.values())), result=result
    )
    Seat.objects.bulk_create(
        [Seat(plan=plan, person_id=pid, table=table) for pid, table in sorted(seating.items())],
        batch_size=2000,
    )
    return plan


def encounter_ref(session: Session) -> str:
    return f"session-{session.pk}"


@transaction.atomic
def publish_table_plan(*, plan: TablePlan, now: dt.datetime | None = None) -> int:
    """Publish a plan and record everyone at each table as having met; returns new encounters."""
    plan = TablePlan.objects.select_for_update().select_related("session").get(pk=plan.pk)
    if plan.published_at is not None:
        return 0
    plan.published_at = now or timezone.now()
    plan.save(update_fields=["published_at"])
    tables: dict[int, list[int]] = defaultdict(list)
    for person_id, table in plan.seats.values_list("person_id", "table"):
        tables[table].append(person_id)
    session = plan.session
    return record_encounters(
        programme=session.programme,
        groups=tables.values(),
        source=EncounterSource.SESSION_TABLE,
        source_ref=encounter_ref(session),
        source_label=f"A table at {session.title}",
        occurred_on=timezone.localtime(session.starts_at).date(),
    )


# -- Reading a plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SeatLine:
    person_id: int
    name: str
    organisation: str
    sector: str
    met_so_far: int


@dataclass(frozen=True)
class TableCard:
    number: int
    seats: list[SeatLine]
    explanation: str


@dataclass(frozen=True)
class FacilitatorTables:
    name: str
    tables: list[int]


def colleagues_met(session: Session, plan: TablePlan) -> dict[int, int]:
    """Per person seated: distinct people met at tables across the cohort's sessions up to this one (one query)."""
    upto = related_sessions(session).filter(starts_at__lte=session.starts_at).values("pk")
    tables: dict[tuple[int, int], list[int]] = defaultdict(list)
    for plan_id, person_id, table in Seat.objects.filter(plan__session__in=upto).values_list(
        "plan_id", "person_id", "table"
    ):
        tables[(plan_id, table)].append(person_id)
    met: dict[int, set[int]] = defaultdict(set)
    for members in tables.values():
        for pid in members:
            met[pid].update(members)
    return {pid: len(others) - 1 for pid, others in met.items()}


def table_cards(plan: TablePlan) -> list[TableCard]:
    """The plan's tables with names, organisations (in the programme's system) and the figure per
    person (three queries, when the plan's session and programme are selected with it)."""
    from commonground.programmes.models import Sector

    sectors = dict(Sector.choices)
    met = colleagues_met(plan.session, plan)
    seats: dict[int, list[SeatLine]] = defaultdict(list)
    for seat in (
        plan.seats.select_related("person")
        .alias(work=here(plan.session.programme.system_id))
        .annotate(organisation=F("work__organisation__name"), sector=F("work__organisation__sector"))
        .order_by("table", "person__full_name", "person_id")
    ):
        seats[seat.table].append(
            SeatLine(
                person_id=seat.person_id,
                name=seat.person.full_name,
                organisation=seat.organisation or "",
                sector=str(sectors.get(seat.sector, "")) if seat.sector else "",
                met_so_far=met.get(seat.person_id, 0),
            )
        )
    explanations = plan.result.get("explanations", {})
    return [
        TableCard(number=n, seats=seats[n], explanation=str(explanations.get(str(n), "")))
        for n in sorted(seats)
    ]


def facilitator_split(session: Session, tables: list[int]) -> list[FacilitatorTables]:
    """Tables shared among the session's facilitators (and its module's) in even, consecutive runs."""
    facilitators = list(
        Person.objects.filter(
            Q(sessions_facilitated=session)
            | Q(modules_facilitated__in=Module.objects.filter(pk=session.module_id or 0))
        )
        .distinct()
        .order_by("full_name", "pk")
        .values_list("full_name", flat=True)
    )
    if not facilitators:
        return [FacilitatorTables(name="No facilitator named", tables=tables)]
    count = len(facilitators)
    split = []
    for i, name in enumerate(facilitators):
        start, end = i * len(tables) // count, (i + 1) * len(tables) // count
        split.append(FacilitatorTables(name=name, tables=tables[start:end]))
    return split
