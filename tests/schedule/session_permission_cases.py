"""Permission-matrix cases for the schedule's session URLs, and the sessions they use.

Everyone in the programme sees the schedule; a participant sees only their own cohort's and the
whole programme's sessions (another cohort's answer 404); leads create, change and cancel; the
calendar feed is public by its secret token (a wrong token is 404).
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from commonground.programmes.models import Cohort, Organisation
from commonground.schedule.models import Module, Session, SessionKind
from commonground.schedule.services.feeds import calendar_feed
from commonground.schedule.services.sessions import create_session, save_module
from tests.conftest import World
from tests.matrix import Case, _all, _members, programme


def module(world: World) -> Module:
    found = Module.objects.filter(
        programme=world.programme, title="Building trust across organisations"
    ).first()
    if found is not None:
        return found
    partner = Organisation.objects.get(name="Community Action")
    return save_module(
        programme=world.programme,
        title="Building trust across organisations",
        partner_id=partner.pk,
        outcomes="Map who you rely on across the system\nPractise a difficult conversation",
        facilitators=[world.fred],
    )


def planned(
    world: World,
    title: str,
    *,
    cohorts: list[Cohort] | None = None,
    days: float = 10,
    hours: float = 3,
    **fields: object,
) -> Session:
    """A session scheduled through the service (so invitations are made), or the one with that title."""
    found = Session.objects.filter(programme=world.programme, title=title).first()
    if found is not None:
        return found
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    fields.setdefault("venue_name", "Dorking Halls")
    fields.setdefault("kind", SessionKind.LAUNCH)
    return create_session(
        programme=world.programme,
        cohorts=cohorts if cohorts is not None else [world.east],
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours),
        **fields,
    )


def east_session(world: World) -> Session:
    return planned(world, "East launch", cohorts=[world.east])


def west_session(world: World) -> Session:
    return planned(world, "West launch", cohorts=[world.west])


def _session(which: str) -> Callable[[World], dict[str, int | str]]:
    def kwargs(w: World) -> dict[str, int | str]:
        session = east_session(w) if which == "east" else west_session(w)
        return {"programme_id": w.programme.pk, "session_id": session.pk}

    return kwargs


def _other_programme_session(w: World) -> dict[str, int | str]:
    starts = timezone.now() + dt.timedelta(days=3)
    session = create_session(
        programme=w.other_programme,
        cohorts=[w.other_cohort],
        title="Elsewhere day",
        venue_name="Elsewhere",
        kind=SessionKind.LAUNCH,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
    )
    return {"programme_id": w.programme.pk, "session_id": session.pk}


def _elsewhere_open_session(w: World) -> dict[str, int | str]:
    """A session of the other system's programme, open to that whole system."""
    starts = timezone.now() + dt.timedelta(days=4)
    session = create_session(
        programme=w.other_programme, title="Elsewhere summit", venue_name="Elsewhere", kind=SessionKind.LAUNCH,
        starts_at=starts, ends_at=starts + dt.timedelta(hours=2), open_to_system=True,
    )
    return {"session_id": session.pk}


def _feed_token(w: World) -> dict[str, int | str]:
    east_session(w)
    return {"token": calendar_feed(w.alice).token}


CASES: list[Case] = [
    Case("schedule:schedule", kwargs=programme, expected=_members(200)),
    Case("schedule:session-create", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "schedule:session-detail",
        kwargs=_session("east"),
        expected=_members(200),
        label="Alice's cohort",
    ),
    Case(
        "schedule:session-detail",
        kwargs=_session("west"),
        expected=_members(200, participant=404),
        label="another cohort's session",
    ),
    Case(
        "schedule:session-detail",
        kwargs=_other_programme_session,
        expected=_members(404),
        label="another programme's session through this programme",
    ),
    # The address in mail and calendars leads a member to the session's page in their programme
    # (tests/schedule/test_system_wide_events.py follows a participant of another programme).
    Case("schedule:session-open", kwargs=lambda w: {"session_id": east_session(w).pk},
         expected=_all(302, outsider=404), label="members are led to its page"),
    Case("schedule:session-open", kwargs=_elsewhere_open_session, expected=_all(404, anonymous=302, outsider=302),
         label="another system's session, open to that system"),
    Case(
        "schedule:session-reply",
        kwargs=_session("east"),
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case("schedule:session-edit", kwargs=_session("east"), expected=_members(404, lead=200)),
    Case("schedule:session-cancel", kwargs=_session("east"), expected=_members(404, lead=200)),
    Case(
        "schedule:session-ics",
        kwargs=_session("east"),
        expected=_members(200),
        label="Alice's cohort",
    ),
    Case(
        "schedule:session-ics",
        kwargs=_session("west"),
        expected=_members(200, participant=404),
        label="another cohort's session",
    ),
    Case("schedule:modules", kwargs=programme, expected=_members(404, lead=200, facilitator=200)),
    Case("schedule:module-add", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "schedule:module-edit",
        kwargs=lambda w: {"programme_id": w.programme.pk, "module_id": module(w).pk},
        expected=_members(404, lead=200),
    ),
    Case("schedule:calendar", kwargs=programme, expected=_members(200)),
    Case(
        "schedule:calendar-reset",
        kwargs=programme,
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case("schedule:feed", kwargs=_feed_token, expected=_all(200), label="the secret address"),
    Case(
        "schedule:feed",
        kwargs=lambda w: {"token": "not-a-real-token"},
        expected=_all(404),
        label="wrong token",
    ),
]
