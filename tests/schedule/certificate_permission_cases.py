"""Permission-matrix cases for certificates and records of development hours.

A certificate is the participant's own; the record of hours is the participant's own and a
lead's (leads already see attendance by person); checking a certificate's reference is public.
"""

import datetime as dt

from django.utils import timezone

from commonground.programmes.models import Programme
from commonground.schedule import certificates
from commonground.schedule.models import Attendance, Mark, SessionKind
from tests.conftest import World
from tests.matrix import Case, _all, _members, programme
from tests.schedule.attendance_permission_cases import make_session


def alice_completed(w: World) -> Programme:
    """The programme's one module day is over and Alice was there, so she completed."""
    if not Attendance.objects.filter(person=w.alice, session__title="East module day").exists():
        day = make_session(
            w, "East module day", kind=SessionKind.MODULE, starts_at=timezone.now() - dt.timedelta(days=30),
            hours=6, invite=[w.alice, w.bob],
        )
        Attendance.objects.create(session=day, person=w.alice, mark=Mark.PRESENT)
    return w.programme


def forged(ref: str) -> str:
    """The reference with its check's last character changed."""
    return ref[:-1] + ("B" if ref.endswith("A") else "A")


def hours(person: str, fmt: str = "pdf"):  # type: ignore[no-untyped-def]
    return lambda w: {"programme_id": w.programme.pk, "person_id": getattr(w, person).pk, "fmt": fmt}


OWN_OR_LEAD = {"lead": 200, "participant": 200}

CASES: list[Case] = [
    Case("schedule:certificate", kwargs=programme, expected=_members(404, participant=200),
         label="Alice has not completed: what she still needs"),
    Case("schedule:certificate", kwargs=lambda w: {"programme_id": alice_completed(w).pk},
         expected=_members(404, participant=200), label="Alice completed: her certificate"),
    Case("schedule:development-hours", kwargs=hours("alice"), expected=_members(404, **OWN_OR_LEAD),
         label="Alice's record, PDF"),
    Case("schedule:development-hours", kwargs=hours("alice", "csv"), expected=_members(404, **OWN_OR_LEAD),
         label="Alice's record, CSV"),
    Case("schedule:development-hours", kwargs=hours("alice", "xlsx"), expected=_members(404),
         label="an unknown format"),
    Case("schedule:development-hours", kwargs=hours("bob"), expected=_members(404, lead=200),
         label="Bob's record: a cohort-mate's is a lead's only"),
    Case("schedule:development-hours", kwargs=hours("lena"), expected=_members(404),
         label="someone who is not a participant"),
    Case("schedule:development-hours",
         kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.oscar.pk, "fmt": "pdf"},
         expected=_members(404), label="someone from another programme"),
    Case("certificates:check",
         kwargs=lambda w: {"ref": certificates.reference(w.alice.pk, alice_completed(w).pk)},
         expected=_all(200), label="Alice's certificate"),
    Case("certificates:check", kwargs=lambda w: {"ref": certificates.reference(w.bob.pk, w.programme.pk)},
         expected=_all(404), label="a true reference for someone who has not completed"),
    Case("certificates:check",
         kwargs=lambda w: {"ref": forged(certificates.reference(w.alice.pk, alice_completed(w).pk))},
         expected=_all(404), label="a forged reference"),
]
