"""Registers, QR self check-in and attendance figures.

Decisions, in one place:

- **Who takes a register.** Programme leads, and programme facilitators who are named on the
  session or on its module. When a session names no facilitator at all (and neither does its
  module), any facilitator of the programme may take it, so a register can always be taken.
- **Who is on a register.** Everyone invited, except people on the waiting list (they hold no
  place) unless they have been marked or checked in anyway. People who sent apologies show as
  "Apologies" until someone marks them otherwise.
- **When.** Registers and QR check-in open 30 minutes before the start. QR check-in closes at
  the end; a register stays open afterwards for corrections. Checking in more than 15 minutes
  after the start counts as late. A cancelled session takes no marks.
- **Figures.** (Published through `attendance_figures`, with disclosure control.) A session counts once it has ended and was not cancelled. "Offered" is every
  such invitation (not the waiting list, unless marked). Attended = present + late. Apologies =
  marked apologies, or apologies sent and no other mark. Absent = marked absent, or no mark
  once the register was taken (any mark for the session means the register was taken). With
  no register at all the session is "not recorded" and is left out of the rate:
  rate = attended / (offered − not recorded).
- **At risk.** Someone whose two most recent recorded sessions were both missed (absent).
  Sending apologies is not missing: the person told us, and the follow-up is different.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.dispatch import Signal
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.core import figure_store
from commonground.programmes.models import Programme, Role
from commonground.programmes.permissions import ProgrammeAccess
from commonground.programmes.where import here
from commonground.schedule.models import (
    Attendance,
    CheckInMethod,
    Invitation,
    Mark,
    Module,
    Reply,
    Session,
    SessionStatus,
)

OPENS_BEFORE = dt.timedelta(minutes=30)
LATE_AFTER = dt.timedelta(minutes=15)
STORED_AS = "attendance"  # the kind of figures `core.figure_store` keeps (see `stored_figures.py`)

# Sent inside the writing transaction whenever register marks change, with `session_id`,
# `programme_id` and `marks` (person id → mark, "" for a mark taken back): the layers above
# (the API's webhooks) follow without this module knowing them.
attendance_changed = Signal()


def _marks_changed(session: Session, marks: dict[int, str]) -> None:
    attendance_changed.send(Attendance, session_id=session.pk, programme_id=session.programme_id, marks=marks)


def figures_changed(programme_id: int) -> None:
    """A register, a reply, an invitation or a session changed: the attendance figures, and every
    figure computed after them, are computed again (call inside the writing transaction, after it)."""
    figure_store.changed(programme_id, STORED_AS)


# -- Who may do what ------------------------------------------------------------------------------


def named_facilitator_ids(session: Session) -> set[int]:
    """Facilitators named on the session and on its module (two small queries)."""
    ids = set(session.facilitators.values_list("pk", flat=True))
    if session.module_id is not None:
        ids |= set(
            Module.facilitators.through.objects.filter(module_id=session.module_id).values_list(
                "person_id", flat=True
            )
        )
    return ids


def can_take_register(access: ProgrammeAccess, session: Session) -> bool:
    if session.programme_id != access.programme.pk:
        return False
    if access.is_lead:
        return True
    if not access.is_facilitator:
        return False
    named = named_facilitator_ids(session)
    return not named or access.person.pk in named


def facilitated_cohort_ids(access: ProgrammeAccess) -> set[int] | None:
    """The cohorts whose figures a viewer sees: None means all (leads, or a facilitator of a
    whole-programme session); an empty set means none. A facilitator's cohorts are those of the
    sessions whose register they may take."""
    if access.is_lead:
        return None
    cohort_ids: set[int] = set()
    for cohort_id in staff_sessions(access).values_list("cohorts", flat=True):
        if cohort_id is None:
            return None
        cohort_ids.add(cohort_id)
    return cohort_ids


def staff_sessions(access: ProgrammeAccess) -> QuerySet[Session]:
    """Sessions whose register this viewer may take, newest first."""
    sessions = Session.objects.filter(programme=access.programme).select_related("module")
    if access.is_lead:
        return sessions.order_by("-starts_at", "-pk")
    if not access.is_facilitator:
        return sessions.none()
    person = access.person
    named_here = Exists(Session.facilitators.through.objects.filter(session_id=OuterRef("pk")))
    named_on_module = Exists(
        Module.facilitators.through.objects.filter(module_id=OuterRef("module_id"))
    )
    mine = Exists(
        Session.facilitators.through.objects.filter(session_id=OuterRef("pk"), person_id=person.pk)
    )
    mine_on_module = Exists(
        Module.facilitators.through.objects.filter(
            module_id=OuterRef("module_id"), person_id=person.pk
        )
    )
    return (
        sessions.annotate(
            named_here=named_here,
            named_on_module=named_on_module,
            mine=mine,
            mine_on_module=mine_on_module,
        )
        .filter(Q(mine=True) | Q(mine_on_module=True) | Q(named_here=False, named_on_module=False))
        .order_by("-starts_at", "-pk")
    )


# -- The register -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegisterRow:
    person_id: int
    name: str
    organisation: str
    reply: str
    apology_reason: str
    mark: str  # "" when nobody has marked them yet
    method: str
    shown: str  # what the register shows: the mark, or "apologies" pre-filled from the reply

    @property
    def prefilled(self) -> bool:
        return not self.mark and self.shown == Mark.APOLOGIES


@dataclass(frozen=True)
class RegisterCounts:
    present: int
    late: int
    absent: int
    apologies: int
    unmarked: int

    @property
    def total(self) -> int:
        return self.present + self.late + self.absent + self.apologies + self.unmarked


def _marked(session_ref: OuterRef, person_ref: OuterRef) -> Exists:
    return Exists(Attendance.objects.filter(session_id=session_ref, person_id=person_ref))


def register_invitations(session: Session) -> QuerySet[Invitation]:
    """The people on a session's register (see the module docstring), by name."""
    return (
        Invitation.objects.filter(session=session)
        .filter(~Q(reply=Reply.WAITING) | _marked(OuterRef("session_id"), OuterRef("person_id")))
        .select_related("person")
        .order_by("person__full_name", "person_id")
    )


def register_search(session: Session, query: str = "") -> QuerySet[Invitation]:
    """The register's invitations, by name, with each person's organisation in the programme's system;
    with `query`, those whose name or organisation holds it."""
    invitations = (
        register_invitations(session)
        .alias(work=here(session.programme.system_id))
        .annotate(organisation_name=F("work__organisation__name"))
    )
    if query:
        invitations = invitations.filter(
            Q(person__full_name__icontains=query) | Q(work__organisation__name__icontains=query)
        )
    return invitations


def register_position(session: Session, person_id: int) -> int:
    """How many people come before this person on the register (its order is by name)."""
    row = register_invitations(session).filter(person_id=person_id).values_list("person__full_name", flat=True).first()
    if row is None:
        return 0
    return (
        register_invitations(session)
        .filter(Q(person__full_name__lt=row) | Q(person__full_name=row, person_id__lt=person_id))
        .count()
    )


def register_rows(session: Session, invitations: Iterable[Invitation]) -> list[RegisterRow]:
    """The rows of these invitations (a page of `register_search`, or one person's), in one more
    query for their marks, with each person's organisation in the programme's system."""
    invitations = list(invitations)
    marks = Attendance.objects.filter(session=session, person_id__in=[inv.person_id for inv in invitations])
    by_person = {a.person_id: a for a in marks}
    rows = []
    for inv in invitations:
        attendance = by_person.get(inv.person_id)
        mark = attendance.mark if attendance else ""
        shown = mark or (Mark.APOLOGIES if inv.reply == Reply.APOLOGIES else "")
        rows.append(
            RegisterRow(
                person_id=inv.person_id,
                name=inv.person.full_name,
                organisation=getattr(inv, "organisation_name", None) or "",
                reply=inv.reply,
                apology_reason=inv.apology_reason,
                mark=mark,
                method=attendance.method if attendance else "",
                shown=str(shown),
            )
        )
    return rows


def register_counts(session: Session) -> RegisterCounts:
    """Counts for the register's summary, in one query."""
    mark = Subquery(
        Attendance.objects.filter(
            session_id=OuterRef("session_id"), person_id=OuterRef("person_id")
        ).order_by().values("mark")[:1]  # unordered: the model's ordering would join session and person per row
    )
    shown = Case(
        When(Q(mark__isnull=True, reply=Reply.APOLOGIES), then=Value(Mark.APOLOGIES)),
        When(mark__isnull=True, then=Value("")),
        default=F("mark"),
        output_field=CharField(),
    )
    rows = (
        Invitation.objects.filter(session=session)
        .filter(~Q(reply=Reply.WAITING) | _marked(OuterRef("session_id"), OuterRef("person_id")))
        .annotate(mark=mark)
        .annotate(shown=shown)
        .values("shown")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("shown", "n")
    )
    counts = dict(rows)
    return RegisterCounts(
        present=counts.get(Mark.PRESENT, 0),
        late=counts.get(Mark.LATE, 0),
        absent=counts.get(Mark.ABSENT, 0),
        apologies=counts.get(Mark.APOLOGIES, 0),
        unmarked=counts.get("", 0),
    )


def register_opens_at(session: Session) -> dt.datetime:
    return session.starts_at - OPENS_BEFORE


@transaction.atomic
def mark_attendance(
    *,
    session: Session,
    person_id: int,
    mark: str,
    marked_by: Person,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Attendance:
    """Set (or change) one person's mark on a session's register, and record the change in the
    audit trail (from where: `request`, when the caller has one)."""
    now = now or timezone.now()
    if mark not in Mark.values:
        raise ValidationError({"mark": "Choose present, late, absent or apologies."})
    _refuse_closed_register(session, now)
    if not register_invitations(session).filter(person_id=person_id).exists():
        raise ValidationError({"person": "This person is not on the register for this session."})
    before = (
        Attendance.objects.select_for_update()
        .filter(session=session, person_id=person_id)
        .values_list("mark", "method")
        .first()
    )
    attendance, _ = Attendance.objects.update_or_create(
        session=session,
        person_id=person_id,
        defaults={"mark": mark, "method": CheckInMethod.REGISTER, "marked_by": marked_by},
    )
    # Only what changed is recorded: the same mark saved again adds nothing.
    was = dict(zip(("mark", "method"), before, strict=True)) if before else {}
    audit.changed_many(
        subject_ids=[person_id], what="attendance", request=request, actor_id=marked_by.pk,
        fields=[f for f, v in (("mark", mark), ("method", CheckInMethod.REGISTER)) if was.get(f) != v],
        object_id=session.pk, programme_id=session.programme_id,
    )
    figures_changed(session.programme_id)
    if not before or before[0] != mark:
        _marks_changed(session, {person_id: mark})
    return attendance


def _refuse_closed_register(session: Session, now: dt.datetime) -> None:
    if session.is_cancelled:
        raise ValidationError("This session was cancelled, so it has no register.")
    if now < register_opens_at(session):
        raise ValidationError(
            f"The register opens at {timezone.localtime(register_opens_at(session)):%H:%M on %A %d %B %Y}."
        )


@transaction.atomic
def mark_rest_absent(
    *, session: Session, marked_by: Person, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> list[int]:
    """Mark everyone on the register who has no mark yet, and did not send apologies, as absent;
    returns their ids, so the same person can take it back (`undo_absent`)."""
    _refuse_closed_register(session, now or timezone.now())
    Session.objects.select_for_update().filter(pk=session.pk).first()  # one at a time per register
    marked = Attendance.objects.filter(session=session).values("person_id")
    rest = list(
        register_invitations(session).exclude(reply=Reply.APOLOGIES).exclude(person_id__in=marked)
        .values_list("person_id", flat=True)
    )
    Attendance.objects.bulk_create([
        Attendance(session=session, person_id=pid, mark=Mark.ABSENT, method=CheckInMethod.REGISTER, marked_by=marked_by)
        for pid in rest
    ], ignore_conflicts=True)  # a mark made by someone else meanwhile stays
    if rest:
        audit.changed_many(
            subject_ids=rest, what="attendance", request=request, actor_id=marked_by.pk, fields=["mark", "method"],
            object_id=session.pk, programme_id=session.programme_id,
        )
        figures_changed(session.programme_id)
        _marks_changed(session, dict.fromkeys(rest, Mark.ABSENT))
    return rest


@transaction.atomic
def undo_absent(
    *, session: Session, person_ids: list[int], by: Person, request: HttpRequest | None = None
) -> int:
    """Take back absent marks `mark_rest_absent` made: those still absent, from the register, by the
    same person (a mark changed since stays). Returns how many."""
    taken = Attendance.objects.filter(
        session=session, person_id__in=person_ids, mark=Mark.ABSENT, method=CheckInMethod.REGISTER, marked_by=by
    )
    ids = list(taken.values_list("person_id", flat=True))
    taken.delete()
    if ids:
        audit.changed_many(
            subject_ids=ids, what="attendance", request=request, actor_id=by.pk, fields=["mark", "method"],
            object_id=session.pk, programme_id=session.programme_id,
        )
        figures_changed(session.programme_id)
        _marks_changed(session, dict.fromkeys(ids, ""))
    return len(ids)


# -- QR self check-in ---------------------------------------------------------------------------


class CheckIn(StrEnum):
    CHECKED_IN = "checked_in"
    ALREADY = "already"
    TOO_EARLY = "too_early"
    CLOSED = "closed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class CheckInResult:
    outcome: CheckIn
    mark: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    late_after: dt.datetime


def checkin_window(session: Session) -> tuple[dt.datetime, dt.datetime]:
    return session.starts_at - OPENS_BEFORE, session.ends_at


@transaction.atomic
def check_in(*, session: Session, person: Person, now: dt.datetime | None = None) -> CheckInResult:
    """Mark an invited person present (or late) by their own QR scan; repeating it changes nothing.

    The caller has already checked that the person is invited (`is_invited`)."""
    now = now or timezone.now()
    opens, closes = checkin_window(session)
    late_after = session.starts_at + LATE_AFTER

    def result(outcome: CheckIn, mark: str = "") -> CheckInResult:
        return CheckInResult(
            outcome=outcome, mark=mark, opens_at=opens, closes_at=closes, late_after=late_after
        )

    if session.is_cancelled:
        return result(CheckIn.CANCELLED)
    if now < opens:
        return result(CheckIn.TOO_EARLY)
    if now > closes:
        return result(CheckIn.CLOSED)
    existing = Attendance.objects.select_for_update().filter(session=session, person=person).first()
    if existing is not None and existing.mark in (Mark.PRESENT, Mark.LATE):
        return result(CheckIn.ALREADY, existing.mark)
    mark = Mark.LATE if now > late_after else Mark.PRESENT
    # Someone marked absent (or apologies) who then arrives and scans is here after all.
    Attendance.objects.update_or_create(
        session=session,
        person=person,
        defaults={"mark": mark, "method": CheckInMethod.QR, "marked_by": person},
    )
    figures_changed(session.programme_id)
    _marks_changed(session, {person.pk: mark})
    return result(CheckIn.CHECKED_IN, mark)


def is_invited(session: Session, person: Person) -> bool:
    return Invitation.objects.filter(session=session, person=person).exists()


# -- Attendance figures -------------------------------------------------------------------------


class Status(StrEnum):
    ATTENDED = "attended"
    APOLOGIES = "apologies"
    ABSENT = "absent"
    UNRECORDED = "unrecorded"


def offered_invitations(
    programme: Programme, *, now: dt.datetime | None = None, cohort_ids: set[int] | None = None
) -> QuerySet[Invitation]:
    """Invitations to ended, not-cancelled sessions of participants, each annotated with its `status`,
    with `work` (the person's affiliation in the programme's system) to group or read by."""
    now = now or timezone.now()
    mark = Subquery(
        Attendance.objects.filter(
            session_id=OuterRef("session_id"), person_id=OuterRef("person_id")
        ).order_by().values("mark")[:1]  # unordered: the model's ordering would join session and person per row
    )
    taken = Exists(Attendance.objects.filter(session_id=OuterRef("session_id")))
    status = Case(
        When(mark__in=[Mark.PRESENT, Mark.LATE], then=Value(Status.ATTENDED.value)),
        When(mark=Mark.APOLOGIES, then=Value(Status.APOLOGIES.value)),
        When(mark=Mark.ABSENT, then=Value(Status.ABSENT.value)),
        When(reply=Reply.APOLOGIES, then=Value(Status.APOLOGIES.value)),
        When(taken=True, then=Value(Status.ABSENT.value)),
        default=Value(Status.UNRECORDED.value),
        output_field=CharField(),
    )
    participants = Q(
        person__memberships__programme=programme,
        person__memberships__role=Role.PARTICIPANT,
    )
    if cohort_ids is not None:
        participants &= Q(person__memberships__cohort_id__in=cohort_ids)
    return (
        Invitation.objects.filter(
            participants,
            session__programme=programme,
            session__ends_at__lte=now,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .annotate(mark=mark, taken=taken)
        .filter(~Q(reply=Reply.WAITING) | Q(mark__isnull=False))
        .annotate(status=status)
        .alias(work=here(programme.system_id))
    )


@dataclass(frozen=True)
class FigureLine:
    """One row of an attendance table. A figure is None when it is not shown (see attendance_figures)."""

    label: str
    people: int
    offered: int | None
    attended: int | None
    apologies: int | None
    absent: int | None
    unrecorded: int | None
    person_id: int | None = None
    detail: str = ""

    @property
    def cells(self) -> list[tuple[str, int | None]]:
        return [
            ("Offered", self.offered), ("Attended", self.attended), ("Apologies", self.apologies),
            ("Absent", self.absent), ("Not recorded", self.unrecorded),
        ]

    @property
    def rate(self) -> float | None:
        if self.offered is None or self.attended is None or self.unrecorded is None:
            return None
        recorded = self.offered - self.unrecorded
        return None if recorded <= 0 else self.attended / recorded

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(100 * self.rate)


def attendance_counts() -> dict[str, Count]:
    """The counts of every attendance row: people, invitations offered and each outcome."""
    return {
        "people": Count("person_id", distinct=True),
        "offered": Count("pk"),
        "attended": Count("pk", filter=Q(status=Status.ATTENDED.value)),
        "apologies": Count("pk", filter=Q(status=Status.APOLOGIES.value)),
        "absent": Count("pk", filter=Q(status=Status.ABSENT.value)),
        "unrecorded": Count("pk", filter=Q(status=Status.UNRECORDED.value)),
    }


def counted(queryset: QuerySet[Invitation], *group: str) -> QuerySet:  # type: ignore[type-arg]
    """`attendance_counts` per group, ordered by the group."""
    return queryset.values(*group).annotate(**attendance_counts()).order_by(*group)


def _line(label: str, row: dict[str, int], **extra: object) -> FigureLine:
    return FigureLine(
        label=label,
        people=row["people"],
        offered=row["offered"],
        attended=row["attended"],
        apologies=row["apologies"],
        absent=row["absent"],
        unrecorded=row["unrecorded"],
        **extra,  # type: ignore[arg-type]
    )


def person_figures(offered: QuerySet[Invitation]) -> QuerySet:  # type: ignore[type-arg]
    """Per person, ordered by name (a values queryset: page it with a Paginator)."""
    return counted(offered, "person__full_name", "person_id", "work__organisation__name")


def person_lines(rows: object) -> list[FigureLine]:
    return [
        _line(
            r["person__full_name"],
            r,
            person_id=r["person_id"],
            detail=r["work__organisation__name"] or "",
        )
        for r in rows  # type: ignore[attr-defined]
    ]
