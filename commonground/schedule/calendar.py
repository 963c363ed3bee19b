"""iCalendar (RFC 5545) for sessions: a person's feed and one session's download.

Times are written with TZID=Europe/London and a VTIMEZONE for it, so a calendar shows 09:30 in
July (BST) and 09:30 in December (GMT) alike. UID is the session's own and SEQUENCE grows with
every move or cancellation, so calendar programs replace their copy; a cancelled session stays
in the feed with STATUS:CANCELLED so that calendars remove it rather than keep a stale entry.
"""

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Membership, Role
from commonground.schedule.links import session_link
from commonground.schedule.models import Invitation, Reply, Session

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Common Ground//Schedule//EN"
# Feeds reach back this far, so a year-long programme's past days stay visible without growing forever.
FEED_HISTORY = dt.timedelta(days=400)


def _calendar(name: str, sessions: Iterable[Session]) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/London")
    cal.add_component(Timezone.from_tzid("Europe/London"))
    stamp = timezone.now()
    for session in sessions:
        cal.add_component(session_event(session, stamp=stamp))
    return cal


def _location(session: Session) -> str:
    if session.online_url and not (session.venue_name or session.address):
        return f"Online: {session.online_url}"
    parts = [
        session.venue_name,
        ", ".join(line.strip() for line in session.address.splitlines() if line.strip()),
    ]
    return ", ".join(p for p in parts if p)


def session_event(session: Session, *, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{session.uid}@commonground")
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("last-modified", session.updated_at.astimezone(dt.UTC))
    event.add("dtstart", session.starts_at.astimezone(LONDON))
    event.add("dtend", session.ends_at.astimezone(LONDON))
    event.add("summary", f"Cancelled: {session.title}" if session.is_cancelled else session.title)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    location = _location(session)
    if location:
        event.add("location", location)
    link = session_link(session)
    lines = []
    if session.is_cancelled and session.cancel_reason:
        lines.append(f"Cancelled: {session.cancel_reason}")
    if session.description:
        lines.append(session.description)
    if session.online_url:
        lines.append(f"Join online: {session.online_url}")
    if session.access_information:
        lines.append(f"Access: {session.access_information}")
    lines.append(f"Details and your reply: {link}")
    event.add("description", "\n\n".join(lines))
    event.add("url", link)
    return event


def feed_sessions(person: Person) -> QuerySet[Session]:
    """Every session of every programme the person is invited to or works on, apologies left out.

    People who sent apologies have said they will not be there, so the session leaves their
    calendar (it comes back if they reply attending again).
    """
    staff_programmes = Membership.objects.filter(
        person=person, role__in=[Role.LEAD, Role.FACILITATOR]
    ).values("programme_id")
    invited = (
        Invitation.objects.filter(person=person).exclude(reply=Reply.APOLOGIES).values("session_id")
    )
    return (
        Session.objects.filter(
            Q(pk__in=invited)
            | Q(programme_id__in=staff_programmes, facilitators=person)
            | Q(
                programme_id__in=Membership.objects.filter(person=person, role=Role.LEAD).values(
                    "programme_id"
                )
            )
        )
        .filter(starts_at__gte=timezone.now() - FEED_HISTORY)
        .distinct()
        .order_by("starts_at", "pk")
    )


def person_feed(person: Person) -> bytes:
    return _calendar(f"Common Ground – {person.full_name}", feed_sessions(person)).to_ical()


def session_file(session: Session) -> bytes:
    return _calendar(session.title, [session]).to_ical()
