"""The demo programme's year together: modules delivered by partner organisations, and for each cohort a
launch, six module days, learning-set meetings (two of them online) and a celebration; a system-wide
summit with a waiting list; invitations with realistic replies; one meeting cancelled; calendar
addresses for the people who have subscribed. Feedback on the sessions held is the development
app's (`development/demo.py`), from the places given here.

Everything is written in bulk (a fixed number of statements per table), so the 20,000-person seed stays quick.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Membership, Organisation, Programme, Role
from commonground.schedule import places
from commonground.schedule.models import (
    CalendarFeed,
    Invitation,
    Module,
    Reply,
    Session,
    SessionKind,
    SessionStatus,
)

BATCH_SIZE = 2000
LONDON = ZoneInfo("Europe/London")
DEMO_EMAIL = "participant@demo.example"

MODULES = (
    (
        "Leading across boundaries",
        "Surrey Heartlands Integrated Care Board",
        (
            "Describe how decisions are made across the partnership and where you can influence them",
            "Map the organisations your service depends on, and that depend on it",
        ),
    ),
    (
        "Building trust across organisations",
        "Heartlands Community Action",
        (
            "Use a simple trust check-in with a partner you work with",
            "Keep small commitments visibly, and repair trust when one slips",
        ),
    ),
    (
        "Working with conflict",
        "Surrey Mental Health Partnership NHS Foundation Trust",
        (
            "Separate positions from interests in a disagreement between services",
            "Practise a difficult conversation with a colleague from another sector",
        ),
    ),
    (
        "Sharing power with communities",
        "Heartlands Minority Ethnic Forum",
        (
            "Involve people who use services in a real decision, not only in consultation",
            "Recognise whose voices are missing from your meetings",
        ),
    ),
    (
        "Systems thinking and population health",
        "Surrey County Council Public Health",
        (
            "Read a local population health picture and name its wider causes",
            "Find a leverage point for your local issue",
        ),
    ),
    (
        "Sustaining yourself and others",
        "Heartlands Community Foundation",
        (
            "Notice early signs of strain in yourself and your team",
            "Agree one change that protects time for reflection",
        ),
    ),
)

VENUES = {
    "East Surrey": (
        "Redhill Community Hub",
        "12 Station Road\nRedhill\nRH1 1PA",
        "Step-free entrance from Station Road; hearing loop in the main hall; quiet room on the first floor (lift).",
    ),
    "Guildford & Waverley": (
        "Guildford Civic Rooms",
        "3 London Road\nGuildford\nGU1 2AA",
        "Step-free throughout; accessible toilets on each floor; blue-badge parking behind the building.",
    ),
    "North West Surrey": (
        "Woking Partnership Centre",
        "40 Commercial Way\nWoking\nGU21 6HB",
        "Level access; hearing loop at reception; five minutes' walk from Woking station.",
    ),
    "Surrey Downs": (
        "Epsom Conference Rooms",
        "8 Ashley Avenue\nEpsom\nKT18 5AD",
        "Ramp at the side entrance; quiet room available; limited parking, so please share lifts.",
    ),
}
DEFAULT_VENUE = (
    "Heartlands Learning Centre",
    "1 Partnership Way\nLeatherhead\nKT22 7AA",
    "Step-free access; hearing loop in every room; quiet room on request.",
)
SUMMIT_VENUE = (
    "Sandown Park Conference Centre",
    "Portsmouth Road\nEsher\nKT10 9AJ",
    "Step-free throughout; hearing loop; prayer and quiet rooms; free parking.",
)

APOLOGIES = (
    "Clinic overran and I cannot get cover",
    "On annual leave that week",
    "Staff shortage on the ward that day",
    "Caring for a relative",
    "Council budget meeting I must attend",
    "Unwell",
    "Running our food bank's distribution day",
    "Inspection visit at my care home",
)


@dataclass(frozen=True)
class SeededSessions:
    """What the session demo wrote, for the demo data that follows from it."""

    sessions: list[Session]
    attended: dict[int, list[int]]  # session id -> the invited people given a place
    now: dt.datetime  # the demo's clock when the sessions were written


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def _weekday(day: dt.date, weekday: int = 1) -> dt.date:
    """The first given weekday (Tuesday by default) on or after a day."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def seed_sessions_demo(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random
) -> SeededSessions:
    """Modules, sessions, invitations with replies and calendar feeds for the demo programme."""
    now = timezone.now()
    orgs = {o.name: o for o in Organisation.objects.filter(system_id=programme.system_id)}
    facilitators = list(
        Person.objects.filter(
            memberships__programme=programme, memberships__role=Role.FACILITATOR
        ).order_by("pk")
    )
    staff_ids = list(
        Membership.objects.filter(programme=programme)
        .exclude(role=Role.PARTICIPANT)
        .values_list("person_id", flat=True)
    )

    modules = Module.objects.bulk_create(
        [
            Module(
                programme=programme,
                title=title,
                outcomes="\n".join(outcomes),
                partner=orgs.get(partner),
                order=n,
            )
            for n, (title, partner, outcomes) in enumerate(MODULES, start=1)
        ]
    )
    module_staff = {
        m.pk: [f.pk for f in facilitators[n % max(1, len(facilitators)) :][:2]]
        for n, m in enumerate(modules)
    }
    Module.facilitators.through.objects.bulk_create(
        [
            Module.facilitators.through(module_id=module_id, person_id=pid)
            for module_id, staff in module_staff.items()
            for pid in staff
        ]
    )

    cohorts = list(
        Cohort.objects.filter(pk__in={c.pk for _, c in participants})
        .select_related("place")
        .order_by("name")
    )
    people_by_cohort: dict[int, list[int]] = defaultdict(list)
    for person, cohort in participants:
        people_by_cohort[cohort.pk].append(person.pk)

    sessions: list[Session] = []
    session_cohort: list[int | None] = []
    session_staff: list[list[int]] = []
    for index, cohort in enumerate(cohorts):
        venue, address, access = VENUES.get(
            cohort.place.name if cohort.place else "", DEFAULT_VENUE
        )
        place = dict(venue_name=venue, address=address, access_information=access)
        own = [f.pk for f in facilitators[index % max(1, len(facilitators)) :][:2]] or [
            f.pk for f in facilitators[:2]
        ]
        start = cohort.starts_on
        plan: list[tuple[Session, list[int]]] = [
            (
                Session(
                    kind=SessionKind.LAUNCH,
                    title=f"Launch day: {cohort.name}",
                    description="Meet your cohort and your learning set, and hear from system leaders about why this matters.",
                    starts_at=_at(start, 9, 30),
                    ends_at=_at(start, 16, 0),
                    **place,
                ),
                own,
            )
        ]
        for n, module in enumerate(modules, start=1):
            day = _weekday(start + dt.timedelta(weeks=4 * n))
            plan.append(
                (
                    Session(
                        kind=SessionKind.MODULE,
                        module=module,
                        title=f"{module.title} ({cohort.name})",
                        description=f"Module {n} of 6, delivered with {module.partner.name if module.partner else 'the programme team'}.",
                        starts_at=_at(day, 9, 30),
                        ends_at=_at(day, 16, 30),
                        capacity=cohort.capacity,
                        **place,
                    ),
                    module_staff[module.pk] or own,
                )
            )
        for n in range(1, 5):
            day = _weekday(start + dt.timedelta(weeks=4 * n + 2), weekday=3)
            online = n in (2, 4)
            plan.append(
                (
                    Session(
                        kind=SessionKind.LEARNING_SET,
                        title=f"Learning-set meeting {n} ({cohort.name})",
                        description="Your learning set works on its local issue, with an action-learning round.",
                        starts_at=_at(day, 13, 30),
                        ends_at=_at(day, 15, 30),
                        online_url=f"https://meet.example.org/cg-{cohort.pk}-set-{n}"
                        if online
                        else "",
                        **({} if online else place),
                    ),
                    own,
                )
            )
        plan.append(
            (
                Session(
                    kind=SessionKind.CELEBRATION,
                    title=f"Celebration: {cohort.name}",
                    description="Challenge teams share what changed; sponsors and partners welcome.",
                    starts_at=_at(cohort.ends_on, 14, 0),
                    ends_at=_at(cohort.ends_on, 17, 0),
                    **place,
                ),
                own,
            )
        )
        for session, staff in plan:
            session.programme = programme
            sessions.append(session)
            session_cohort.append(cohort.pk)
            session_staff.append(staff)
    if cohorts:
        # One day for everyone, with fewer places than people: a waiting list forms.
        day = _weekday(min(c.starts_on for c in cohorts) + dt.timedelta(weeks=18), weekday=4)
        venue, address, access = SUMMIT_VENUE
        sessions.append(
            Session(
                programme=programme,
                kind=SessionKind.DEVELOPMENT_DAY,
                title="System leadership summit",
                description="All cohorts together with the partnership board: what we are learning about working as one system.",
                starts_at=_at(day, 9, 30),
                ends_at=_at(day, 16, 0),
                venue_name=venue,
                address=address,
                access_information=access,
                capacity=max(10, int(len(participants) * 0.15)),
                open_to_system=True,  # the system's other running programmes are invited too
            )
        )
        session_cohort.append(None)
        session_staff.append([f.pk for f in facilitators])
    # A learning-set meeting ahead is cancelled, as happens.
    cancelled = next(
        (
            s
            for s in sessions
            if s.kind == SessionKind.LEARNING_SET and s.starts_at > now + dt.timedelta(days=7)
        ),
        None,
    )
    if cancelled is not None:
        cancelled.status, cancelled.sequence = SessionStatus.CANCELLED, 1
        cancelled.cancel_reason = "Both facilitators are needed at the winter-pressures response; your set will meet at the next date."
    Session.objects.bulk_create(sessions, batch_size=BATCH_SIZE)

    Session.cohorts.through.objects.bulk_create(
        [
            Session.cohorts.through(session_id=s.pk, cohort_id=c)
            for s, c in zip(sessions, session_cohort, strict=True)
            if c
        ],
        batch_size=BATCH_SIZE,
    )
    Session.facilitators.through.objects.bulk_create(
        [
            Session.facilitators.through(session_id=s.pk, person_id=p)
            for s, staff in zip(sessions, session_staff, strict=True)
            for p in set(staff)
        ],
        batch_size=BATCH_SIZE,
    )

    demo_id = next((p.pk for p, _ in participants if p.email == DEMO_EMAIL), None)
    everyone = [p.pk for p, _ in participants]
    # Plain rows (session, person, reply, reason, replied at, waiting since): a quarter of a million at
    # 20,000 people, too many to build as model instances.
    adapt = connection.ops.adapt_datetimefield_value
    rows: list[tuple[Any, ...]] = []
    attended: dict[int, list[int]] = {}
    for session, cohort_id, staff in zip(sessions, session_cohort, session_staff, strict=True):
        invited = people_by_cohort[cohort_id] if cohort_id else everyone
        days_ahead = (session.starts_at - now).total_seconds() / 86400
        if days_ahead < 0:
            p_yes, p_no = 0.82, 0.1
        elif days_ahead < 42:
            p_yes, p_no = 0.55, 0.06
        else:
            p_yes, p_no = 0.2, 0.02
        replied_on = [session.starts_at - dt.timedelta(days=d) for d in range(2, 31)]
        as_stored = {day: adapt(day) for day in replied_on}
        sid, invited_set = session.pk, set(invited)
        # Everyone who says "attending", with when they said it; staff answer first, a month ahead.
        wanting = [(replied_on[-1], pid) for pid in sorted(set(staff) - invited_set)]
        for pid in invited:
            draw = rng.random()
            if pid == demo_id and days_ahead > 0:
                draw = 1.0  # the demo participant has their next sessions still to answer
            replied = replied_on[int(draw * 1000) % len(replied_on)]
            if draw < p_yes:
                wanting.append((replied, pid))
            elif draw < p_yes + p_no:
                rows.append(
                    (
                        sid,
                        pid,
                        Reply.APOLOGIES,
                        APOLOGIES[int(draw * 7919) % len(APOLOGIES)],
                        as_stored[replied],
                        None,
                    )
                )
            else:
                rows.append((sid, pid, Reply.INVITED, "", None, None))
        # The service's rule: places in the order people replied, then the waiting list.
        yes, waiting = places.allot(wanting, capacity=session.capacity)
        when = {pid: as_stored[replied] for replied, pid in wanting}
        rows += [(sid, pid, Reply.ATTENDING, "", when[pid], None) for pid in yes]
        rows += [(sid, pid, Reply.WAITING, "", when[pid], when[pid]) for pid in waiting]
        attended[session.pk] = [pid for pid in yes if pid in invited_set]
    _insert_invitations(rows, created=adapt(now))

    # Staff, the demo participant and one participant in ten have subscribed already; everyone
    # else gets an address the first time they open their calendar page.
    subscribed = {*staff_ids, *everyone[::10], *([demo_id] if demo_id else [])}
    CalendarFeed.objects.bulk_create(
        [CalendarFeed(person_id=pid) for pid in sorted(subscribed)],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    return SeededSessions(sessions=sessions, attended=attended, now=now)


def _insert_invitations(rows: list[tuple[Any, ...]], *, created: Any) -> None:
    """Write invitations with plain multi-row statements: the ORM's bulk_create costs far more than
    the database does at this size."""
    table = Invitation._meta.db_table
    columns = "session_id, person_id, reply, apology_reason, replied_at, waiting_since, created_at"
    per_statement = 500  # 7 values a row stays under SQLite's limit on parameters
    with connection.cursor() as wrapper:
        # Under DEBUG the wrapper logs every statement with its thousands of values; the seed skips that.
        cursor = getattr(wrapper, "cursor", wrapper)
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {placeholders}",
                [value for row in chunk for value in (*row, created)],
            )
