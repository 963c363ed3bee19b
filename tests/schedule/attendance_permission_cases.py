"""Permission-matrix cases for the schedule's attendance URLs, and the sessions they use.

Registers, QR codes, table plans and figures are for leads and the session's facilitators; the
completion rule is the lead's alone; the check-in address is for the people invited (others get
404, as does a wrong token).
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Cohort, Role
from commonground.schedule.models import Invitation, Reply, Session
from tests import factories
from tests.conftest import World
from tests.matrix import Case, _members, programme


def make_session(
    world: World,
    title: str,
    *,
    cohorts: list[Cohort] | None = None,
    starts_at: dt.datetime | None = None,
    hours: float = 2,
    invite: list[Person] | None = None,
    facilitators: list[Person] | None = None,
    **fields: object,
) -> Session:
    """A session created directly (the sessions half invites people itself; here we do it by hand)."""
    starts_at = starts_at or timezone.now() - dt.timedelta(minutes=10)
    session = Session.objects.create(
        programme=world.programme,
        title=title,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=hours),
        **fields,
    )
    session.cohorts.set(cohorts if cohorts is not None else [world.east])
    session.facilitators.set(facilitators or [])
    Invitation.objects.bulk_create(
        [Invitation(session=session, person=p, reply=Reply.ATTENDING) for p in (invite or [])]
    )
    return session


def east_session(w: World) -> Session:
    """Happening now, facilitated by Fred, Alice and Bob invited."""
    existing = Session.objects.filter(programme=w.programme, title="East development day").first()
    return existing or make_session(
        w, "East development day", invite=[w.alice, w.bob], facilitators=[w.fred]
    )


def someone_elses_session(w: World) -> Session:
    """A West session facilitated by someone other than Fred."""
    existing = Session.objects.filter(programme=w.programme, title="West module day").first()
    if existing:
        return existing
    frida = factories.PersonFactory(full_name="Frida Facilitator", email="frida@example.org")
    factories.MembershipFactory(person=frida, programme=w.programme, role=Role.FACILITATOR)
    return make_session(
        w, "West module day", cohorts=[w.west], invite=[w.carol], facilitators=[frida]
    )


def _session(make: Callable[[World], Session]) -> Callable[[World], dict[str, int | str]]:
    def kwargs(w: World) -> dict[str, int | str]:
        session = make(w)
        return {"programme_id": w.programme.pk, "session_id": session.pk}

    return kwargs


STAFF = {"lead": 200, "facilitator": 200, "participant": 404, "sponsor": 404, "funder": 404}
LEAD_ONLY = {**STAFF, "facilitator": 404}

CASES: list[Case] = [
    Case(
        "schedule:attendance", kwargs=programme, expected=_members(404, lead=200, facilitator=200)
    ),
    Case(
        "schedule:attendance-figures",
        kwargs=lambda w: {"programme_id": east_session(w).programme_id},
        expected=_members(404, lead=200, facilitator=200),
        label="Fred facilitates an East session",
    ),
    Case(
        "schedule:attendance-figures",
        kwargs=programme,
        expected=_members(404, lead=200),
        label="a facilitator with no sessions",
    ),
    *(
        Case(
            "schedule:attendance-people-export",
            kwargs=lambda w, fmt=fmt: {"programme_id": east_session(w).programme_id, "fmt": fmt},
            expected=_members(404, lead=200, facilitator=200),
            label=f"{fmt}: as the figures page, Fred facilitates an East session",
        )
        for fmt in ("csv", "xlsx")
    ),
    Case(
        "schedule:attendance-people-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "fmt": "csv"},
        expected=_members(404, lead=200),
        label="a facilitator with no sessions",
    ),
    Case(
        "schedule:attendance-people-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "fmt": "pdf"},
        expected=_members(404),
        label="unknown format",
    ),
    Case("schedule:completion-rule", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "schedule:register",
        kwargs=_session(east_session),
        expected=_members(404, **STAFF),
        label="Fred's session",
    ),
    Case(
        "schedule:register",
        kwargs=_session(someone_elses_session),
        expected=_members(404, **LEAD_ONLY),
        label="another facilitator's session",
    ),
    Case(
        "schedule:register",
        kwargs=lambda w: {"programme_id": w.other_programme.pk, "session_id": east_session(w).pk},
        expected=_members(404),
        label="through another programme",
    ),
    Case(
        "schedule:register-mark",
        kwargs=lambda w: {
            "programme_id": w.programme.pk,
            "session_id": east_session(w).pk,
            "person_id": w.alice.pk,
        },
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case(
        "schedule:register-rest-absent",
        kwargs=_session(east_session),
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case(
        "schedule:register-undo",
        kwargs=_session(east_session),
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case("schedule:checkin-code", kwargs=_session(east_session), expected=_members(404, **STAFF)),
    Case(
        "schedule:checkin-code",
        kwargs=_session(someone_elses_session),
        expected=_members(404, **LEAD_ONLY),
        label="another facilitator's session",
    ),
    Case("schedule:checkin-qr", kwargs=_session(east_session), expected=_members(404, **STAFF)),
    Case(
        "schedule:checkin",
        kwargs=lambda w: {"programme_id": w.programme.pk, "token": east_session(w).checkin_token},
        expected=_members(404, participant=200),
        label="invited people only (Alice)",
    ),
    Case(
        "schedule:checkin",
        kwargs=lambda w: {"programme_id": w.programme.pk, "token": "wrong-token"},
        expected=_members(404),
        label="a wrong token",
    ),
    Case(
        "schedule:checkin",
        kwargs=lambda w: {
            "programme_id": w.other_programme.pk,
            "token": east_session(w).checkin_token,
        },
        expected=_members(404),
        label="a real token through another programme",
    ),
    Case("schedule:table-plan", kwargs=_session(east_session), expected=_members(404, **STAFF)),
    Case(
        "schedule:table-plan",
        kwargs=_session(someone_elses_session),
        expected=_members(404, **LEAD_ONLY),
        label="another facilitator's session",
    ),
    Case(
        "schedule:table-plan-print", kwargs=_session(east_session), expected=_members(404, **STAFF)
    ),
    Case(
        "schedule:table-plan-generate",
        kwargs=_session(east_session),
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case(
        "schedule:table-plan-publish",
        kwargs=_session(east_session),
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
]
