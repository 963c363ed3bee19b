"""A participant's own records: the certificate of completion and the record of development hours.

Specification
-------------

- **Attended sessions** are the programme's sessions a person was marked present or late at (on
  the register or by checking in) that have ended and were not cancelled: the attendance
  figures' rule. Every kind counts towards development hours (module days, launch, development
  days, learning-set meetings…); a session's hours run from its start to its end. Totals are
  summed exactly in minutes and written to two decimals, so the totals are exact even when a
  row is rounded.
- **Completion** is `completion.py`'s: a certificate exists only for someone `is_completer`
  says completed. It is dated the day their last module day ended (in London), and states the
  module days they attended of their own, the rule in words and their development hours.
- **References** are `<programme id>-<person id>-<check>` (base 36, upper case); the check is
  twelve base-32 characters of Django's `salted_hmac` over the two ids, keyed by SECRET_KEY, so
  only the site can make one (changing SECRET_KEY voids them all). `verify` answers for a
  reference whose check is right and whose person still completes the programme now; it gives
  only the name, the programme and the date.
"""

import base64
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from commonground.accounts.models import Person
from commonground.core.links import absolute_reverse
from commonground.programmes.models import Programme
from commonground.programmes.permissions import ProgrammeAccess
from commonground.schedule import completion
from commonground.schedule.models import Attendance, Mark, Session, SessionKind, SessionStatus

SALT = "commonground.schedule.certificates"
CHECK_LENGTH = 12
NO_MODULE = "Not part of a module"
HOURS_HEADER = ("Date", "Start", "End", "Session", "Module", "Kind", "Hours")
MODULE_HEADER = ("Module", "Sessions", "Hours")


def hours(seconds: int) -> Decimal:
    """Seconds as hours to two decimals: 9000 gives Decimal("2.50")."""
    return (Decimal(seconds) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class AttendedSession:
    starts_at: dt.datetime  # in London time
    ends_at: dt.datetime
    title: str
    module: str
    kind: str
    seconds: int

    @property
    def hours(self) -> Decimal:
        return hours(self.seconds)


@dataclass(frozen=True)
class ModuleHours:
    module: str
    sessions: int
    seconds: int

    @property
    def hours(self) -> Decimal:
        return hours(self.seconds)


@dataclass(frozen=True)
class HoursRecord:
    """A person's record of development hours in one programme."""

    name: str
    programme: str
    system: str
    made_at: dt.datetime
    sessions: tuple[AttendedSession, ...]
    by_module: tuple[ModuleHours, ...]

    @property
    def seconds(self) -> int:
        return sum(s.seconds for s in self.sessions)

    @property
    def hours(self) -> Decimal:
        return hours(self.seconds)

    def csv_rows(self) -> list[list[object]]:
        """The record as CSV rows: who and what, each session, then the totals by module and overall."""
        return [
            ["Record of development hours"],
            ["Name", self.name],
            ["Programme", self.programme],
            ["System", self.system],
            ["Made on", f"{self.made_at:%Y-%m-%d}"],
            [],
            list(HOURS_HEADER),
            *(
                [f"{s.starts_at:%Y-%m-%d}", f"{s.starts_at:%H:%M}", f"{s.ends_at:%H:%M}", s.title, s.module,
                 s.kind, s.hours]
                for s in self.sessions
            ),
            [],
            list(MODULE_HEADER),
            *([m.module, m.sessions, m.hours] for m in self.by_module),
            ["Total", len(self.sessions), self.hours],
        ]


def counted_attendance(programme: Programme, *, now: dt.datetime) -> QuerySet[Attendance]:
    """The one rule for development hours: sessions of the programme marked present or late, ended
    by `now`, not cancelled. A person's own record and the HR export both count through it."""
    return Attendance.objects.filter(
        session__programme=programme, session__ends_at__lte=now, mark__in=[Mark.PRESENT, Mark.LATE],
    ).exclude(session__status=SessionStatus.CANCELLED)


def hours_record(person: Person, programme: Programme, *, now: dt.datetime | None = None) -> HoursRecord:
    """The person's attended sessions in the programme, with totals by module and overall (one query)."""
    now = now or timezone.now()
    rows = (
        counted_attendance(programme, now=now)
        .filter(person=person)
        .select_related("session__module")
        .order_by("session__starts_at", "session_id")
    )
    sessions: list[AttendedSession] = []
    modules: dict[tuple[int, str, int], list[int]] = {}
    for row in rows:
        session = row.session
        module = session.module
        seconds = int((session.ends_at - session.starts_at).total_seconds())
        sessions.append(AttendedSession(
            starts_at=timezone.localtime(session.starts_at), ends_at=timezone.localtime(session.ends_at),
            title=session.title, module=module.title if module else "", kind=session.get_kind_display(),
            seconds=seconds,
        ))
        # Modules in the programme's order; sessions outside any module last.
        key = (module.order, module.title, module.pk) if module else (1 << 30, NO_MODULE, 0)
        modules.setdefault(key, []).append(seconds)
    return HoursRecord(
        name=person.full_name, programme=programme.title, system=programme.system.name, made_at=timezone.localtime(now),
        sessions=tuple(sessions),
        by_module=tuple(ModuleHours(key[1], len(times), sum(times)) for key, times in sorted(modules.items())),
    )


def can_see_hours(access: ProgrammeAccess, person_id: int) -> bool:
    """A participant sees their own record; a lead, anyone's (they see attendance by person already)."""
    return access.is_lead or (access.is_participant and access.person.pk == person_id)


# Certificates ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    name: str
    programme: str
    system: str
    starts_on: dt.date
    ends_on: dt.date
    completed_on: dt.date
    attended: int  # module days
    module_days: int  # the person's own module days
    rule: str  # "attended at least 5 of 6 module days"
    hours: Decimal
    sessions: int
    reference: str
    check_url: str


def reference(person_id: int, programme_id: int) -> str:
    """The certificate's reference: the two ids and a check only the site can make."""
    return f"{int_to_base36(programme_id)}-{int_to_base36(person_id)}-{_check(person_id, programme_id)}".upper()


def _check(person_id: int, programme_id: int) -> str:
    digest = salted_hmac(SALT, f"{programme_id}:{person_id}", algorithm="sha256").digest()
    return base64.b32encode(digest).decode("ascii")[:CHECK_LENGTH]


def _ids(ref: str) -> tuple[int, int] | None:
    """(person id, programme id) of a reference whose check is right; None otherwise."""
    parts = ref.strip().upper().split("-")
    if len(parts) != 3 or not all(p.isascii() and p.isalnum() for p in parts):
        return None
    try:
        programme_id, person_id = base36_to_int(parts[0]), base36_to_int(parts[1])
    except ValueError:
        return None
    if not constant_time_compare(parts[2], _check(person_id, programme_id)):
        return None
    return person_id, programme_id


def last_module_day(programme: Programme, cohort_id: int | None) -> dt.datetime | None:
    """When the last module day of a cohort (or of people in none) ends: the day they complete on."""
    days = Session.objects.filter(programme=programme, kind=SessionKind.MODULE).exclude(
        status=SessionStatus.CANCELLED
    )
    mine = Q(cohorts__isnull=True) | Q(cohorts=cohort_id) if cohort_id else Q(cohorts__isnull=True)
    return days.filter(mine).aggregate(last=Max("ends_at"))["last"]


def certificate(person: Person, programme: Programme, *, now: dt.datetime | None = None) -> Certificate | None:
    """The person's certificate of completion; None unless they completed the programme."""
    now = now or timezone.now()
    if not completion.is_completer(person, programme, now=now):
        return None
    standing = completion.person_completion(person, programme, now=now)
    assert standing is not None and standing.rule is not None  # a completer is a participant under a rule
    record = hours_record(person, programme, now=now)
    ref = reference(person.pk, programme.pk)
    return Certificate(
        name=person.full_name, programme=programme.title, system=programme.system.name,
        starts_on=programme.starts_on, ends_on=programme.ends_on,
        completed_on=_completed_on(programme, standing.cohort_id, now),
        attended=standing.attended, module_days=standing.scheduled, rule=standing.rule.words,
        hours=record.hours, sessions=len(record.sessions), reference=ref,
        check_url=absolute_reverse("certificates:check", ref),
    )


def _completed_on(programme: Programme, cohort_id: int | None, now: dt.datetime) -> dt.date:
    return timezone.localdate(last_module_day(programme, cohort_id) or now)


@dataclass(frozen=True)
class Verified:
    name: str
    programme: str
    completed_on: dt.date


def verify(ref: str, *, now: dt.datetime | None = None) -> Verified | None:
    """What a reference certifies, while its person still completes the programme; None otherwise."""
    ids = _ids(ref)
    if ids is None:
        return None
    person = Person.objects.filter(pk=ids[0]).first()
    programme = Programme.objects.filter(pk=ids[1]).first()
    now = now or timezone.now()
    if person is None or programme is None or not completion.is_completer(person, programme, now=now):
        return None
    standing = completion.person_completion(person, programme, now=now)
    cohort_id = standing.cohort_id if standing else None
    return Verified(person.full_name, programme.title, _completed_on(programme, cohort_id, now))

