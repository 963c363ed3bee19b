"""Reads about sessions and replies: who a session is for, who holds a place, who came, and who
its feedback asks.

The development app reads the feedback questions from here (it sits above the schedule): a
session's feedback round asks those who came (present or late) once the register is taken, and
before that those who replied attending; facilitators are never asked.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Membership, Programme, ProgrammeStatus, Role
from commonground.schedule.models import Attendance, Invitation, Mark, Reply, Session, SessionStatus

CAME = (Mark.PRESENT, Mark.LATE)
# Everyone still expected: reminders and "new time" mail go to them, not to those who sent apologies.
EXPECTED = (Reply.INVITED, Reply.ATTENDING, Reply.WAITING)


# -- The pages -----------------------------------------------------------------------------------


def sessions_for(person: Person, programme: Programme, *, everyone: bool) -> QuerySet[Session]:
    """The programme's sessions (staff, sponsors, funders) or the person's own (participants): their
    cohorts' and the whole programme's, and the sessions of the system's other programmes that are
    open to the whole system and that they are invited to."""
    sessions = Session.objects.filter(programme=programme)
    if not everyone:
        cohort_ids = list(
            Membership.objects.filter(
                person=person, programme=programme, role=Role.PARTICIPANT
            ).values_list("cohort_id", flat=True)
        )
        # Subqueries rather than joins: joining every invitation of the programme and then taking
        # DISTINCT grows with the programme (0.28 s a page at 20,000 people).
        links = Session.cohorts.through.objects
        invited = Invitation.objects.filter(person=person).values("session_id")
        own = Q(programme=programme) & (
            ~Exists(links.filter(session_id=OuterRef("pk")))
            | Q(pk__in=links.filter(cohort_id__in=cohort_ids).values("session_id"))
            | Q(pk__in=invited)
        )
        shared = Q(open_to_system=True, programme__system_id=programme.system_id, pk__in=invited)
        sessions = Session.objects.filter(own | shared)
    return sessions


def reply_counts(sessions: Iterable[Session]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        Invitation.objects.filter(session__in=list(sessions))
        .values("session_id", "reply")
        .annotate(n=Count("pk"))
    ):
        counts[row["session_id"]][row["reply"]] = row["n"]
    return counts


# -- Who is invited, who holds a place -------------------------------------------------------------


def invitee_ids(session: Session) -> set[int]:
    """Participants of the session's cohorts (the whole programme when none), and its facilitators;
    for a session open to the whole system, the participants of the system's other running programmes too."""
    cohort_ids = list(session.cohorts.values_list("pk", flat=True))
    participants = Membership.objects.filter(
        programme_id=session.programme_id, role=Role.PARTICIPANT
    )
    if cohort_ids:
        participants = participants.filter(cohort_id__in=cohort_ids)
    wanted = set(participants.values_list("person_id", flat=True))
    if session.open_to_system:
        wanted |= set(
            Membership.objects.filter(
                role=Role.PARTICIPANT, programme__status=ProgrammeStatus.RUNNING,
                programme__system_id=Programme.objects.filter(pk=session.programme_id).values("system_id")[:1],
            ).exclude(programme_id=session.programme_id).values_list("person_id", flat=True)
        )
    return wanted | set(session.facilitators.values_list("pk", flat=True))


def open_session_programme(person: Person, session: Session) -> int | None:
    """The programme through which the person sees a session open to the whole system: one of the
    system's running programmes they take part in, when they are invited to it; None otherwise."""
    if not session.open_to_system or not Invitation.objects.filter(session=session, person=person).exists():
        return None
    return (
        Membership.objects.filter(
            person=person, role=Role.PARTICIPANT, programme__status=ProgrammeStatus.RUNNING,
            programme__system_id=Programme.objects.filter(pk=session.programme_id).values("system_id")[:1],
        ).order_by("programme_id").values_list("programme_id", flat=True).first()
    )


def attending_count(session: Session) -> int:
    return Invitation.objects.filter(session=session, reply=Reply.ATTENDING).count()


def expected_ids(
    session: Session, replies: Iterable[str] = (Reply.INVITED, Reply.ATTENDING)
) -> list[int]:
    return list(
        Invitation.objects.filter(session=session, reply__in=replies).values_list(
            "person_id", flat=True
        )
    )


# -- Who came ------------------------------------------------------------------------------------


def register_taken(session: Session) -> bool:
    return Attendance.objects.filter(session=session).exists()


def missed_ids(session: Session) -> list[int]:
    """Participants expected (attending or no reply) who were not marked present or late; only once the register is taken."""
    if not register_taken(session):
        return []
    came = set(
        Attendance.objects.filter(session=session, mark__in=CAME).values_list(
            "person_id", flat=True
        )
    )
    staff = set(session.facilitators.values_list("pk", flat=True))
    return sorted(set(expected_ids(session)) - came - staff)


# -- Who the feedback asks ---------------------------------------------------------------------------


def feedback_asked(session: Session) -> set[int]:
    """Who the session's feedback asks (see the module docstring)."""
    staff = set(session.facilitators.values_list("pk", flat=True))
    if register_taken(session):
        came = Attendance.objects.filter(session=session, mark__in=CAME)
        return set(came.values_list("person_id", flat=True)) - staff
    return (
        set(
            Invitation.objects.filter(session=session, reply=Reply.ATTENDING).values_list(
                "person_id", flat=True
            )
        )
        - staff
    )


def feedback_asked_counts(session_ids: Iterable[int]) -> dict[int, int]:
    """How many people each session's feedback asks, for many sessions in a fixed number of queries."""
    ids = set(session_ids)
    if not ids:
        return {}
    taken = set(
        Attendance.objects.filter(session_id__in=ids)
        .values_list("session_id", flat=True)
        .distinct()
    )
    counts: dict[int, int] = defaultdict(int)
    staff = set(
        Session.facilitators.through.objects.filter(session_id__in=ids).values_list(
            "session_id", "person_id"
        )
    )
    for sid, pid in Attendance.objects.filter(session_id__in=taken, mark__in=CAME).values_list(
        "session_id", "person_id"
    ):
        counts[sid] += (sid, pid) not in staff
    for sid, pid in Invitation.objects.filter(
        session_id__in=ids - taken, reply=Reply.ATTENDING
    ).values_list("session_id", "person_id"):
        counts[sid] += (sid, pid) not in staff
    return {sid: counts.get(sid, 0) for sid in ids}


def feedback_session_ids_for(person: Person, programme: Programme) -> set[int]:
    """The ids of the sessions whose feedback asks this person."""
    sessions = Session.objects.filter(
        programme=programme, status=SessionStatus.SCHEDULED, ends_at__lte=timezone.now()
    )
    came_to = set(
        Attendance.objects.filter(session__in=sessions, person=person, mark__in=CAME).values_list(
            "session_id", flat=True
        )
    )
    said_yes = set(
        Invitation.objects.filter(
            session__in=sessions, person=person, reply=Reply.ATTENDING
        ).values_list("session_id", flat=True)
    )
    # Which of those had a register taken: only their ids are looked up, never the whole
    # programme's attendance (without ordering, so DISTINCT needs no join).
    taken = set(
        Attendance.objects.filter(session_id__in=said_yes).order_by()
        .values_list("session_id", flat=True)
        .distinct()
    )
    led = set(person.sessions_facilitated.values_list("pk", flat=True))
    return (came_to | (said_yes - taken)) - led


def feedback_group(session: Session) -> tuple[str, str]:
    """The module a session belongs to and the partner who delivered it (words for the evaluation);
    select `module__partner` with the session to read them without a query."""
    module = session.module
    partner = module.partner if module is not None else None
    return (
        module.title if module is not None and module.title else "Sessions outside a module",
        partner.name if partner is not None and partner.name else "Delivered by the programme team",
    )
