"""Calendar feeds and .ics downloads, parsed back with icalendar."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from commonground.schedule.models import Reply, Session
from commonground.schedule.services.feeds import calendar_feed
from commonground.schedule.services.invitations import reply
from commonground.schedule.services.sessions import cancel_session, create_session, move_session
from tests.conftest import World
from tests.schedule.session_permission_cases import planned

LONDON = ZoneInfo("Europe/London")


def _at(year: int, month: int, day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _scheduled(world: World, title: str, starts: dt.datetime, **fields: object) -> Session:
    fields.setdefault("venue_name", "Dorking Halls")
    return create_session(
        programme=world.programme,
        cohorts=[world.east],
        title=title,
        kind="launch",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=6),
        **fields,
    )


def _feed(world_person: object) -> Calendar:
    token = calendar_feed(world_person).token  # type: ignore[arg-type]
    response = Client().get(reverse("schedule:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(e["summary"]): e for e in cal.walk("VEVENT")}


def test_the_feed_shows_london_times_either_side_of_the_clock_change(world: World) -> None:
    year = timezone.now().year + 1
    _scheduled(world, "Summer development day", _at(year, 7, 15, 9, 30))
    _scheduled(world, "Winter development day", _at(year, 12, 9, 9, 30))
    cal = _feed(world.alice)
    assert [tz["tzid"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]
    events = _events(cal)
    summer = events["Summer development day"].decoded("dtstart")  # type: ignore[attr-defined]
    winter = events["Winter development day"].decoded("dtstart")  # type: ignore[attr-defined]
    assert (summer.hour, summer.minute) == (9, 30) and (winter.hour, winter.minute) == (9, 30)
    assert summer.astimezone(dt.UTC).time() == dt.time(8, 30)  # BST
    assert winter.astimezone(dt.UTC).time() == dt.time(9, 30)  # GMT
    assert events["Summer development day"]["dtstart"].params["TZID"] == "Europe/London"  # type: ignore[index]


def test_the_feed_holds_the_persons_sessions_with_place_access_and_a_link(world: World) -> None:
    mine = planned(
        world,
        "East launch",
        access_information="Step-free entrance on West Street",
        address="West St\nDorking",
    )
    planned(world, "West launch", cohorts=[world.west])
    online = planned(
        world,
        "Online learning set",
        venue_name="",
        online_url="https://meet.example.org/set-4",
        days=12,
    )
    events = _events(_feed(world.alice))
    assert set(events) == {"East launch", "Online learning set"}
    launch = events["East launch"]
    assert str(launch["uid"]) == f"{mine.uid}@commonground"  # type: ignore[index]
    assert str(launch["location"]) == "Dorking Halls, West St, Dorking"  # type: ignore[index]
    description = str(launch["description"])  # type: ignore[index]
    assert "Step-free entrance on West Street" in description
    assert f"/schedule/sessions/{mine.pk}/" in description
    assert (
        str(events["Online learning set"]["location"]) == "Online: https://meet.example.org/set-4"
    )  # type: ignore[index]
    assert online.pk and "dtstamp" in launch  # type: ignore[operator]
    assert set(_events(_feed(world.carol))) == {"West launch"}


def test_a_moved_session_has_new_times_and_a_higher_sequence(world: World) -> None:
    year = timezone.now().year + 1
    session = _scheduled(world, "Module one", _at(year, 3, 10, 9, 30))
    before = _events(_feed(world.alice))["Module one"]
    move_session(
        session=session, starts_at=_at(year, 3, 31, 13, 0), ends_at=_at(year, 3, 31, 16, 0)
    )
    after = _events(_feed(world.alice))["Module one"]
    assert int(after["sequence"]) == int(before["sequence"]) + 1  # type: ignore[index]
    assert str(after["uid"]) == str(before["uid"])  # type: ignore[index]
    start = after.decoded("dtstart")  # type: ignore[attr-defined]
    assert (start.date(), start.hour, start.astimezone(dt.UTC).hour) == (
        dt.date(year, 3, 31),
        13,
        12,
    )  # BST from 29 March


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(world: World) -> None:
    session = planned(world, "East launch")
    cancel_session(session=session, reason="The venue flooded")
    event = _events(_feed(world.alice))["Cancelled: East launch"]
    assert str(event["status"]) == "CANCELLED"  # type: ignore[index]
    assert int(event["sequence"]) == 1  # type: ignore[index]
    assert "The venue flooded" in str(event["description"])  # type: ignore[index]


def test_sessions_sent_apologies_for_leave_the_feed(world: World) -> None:
    session = planned(world, "East launch")
    reply(session=session, person=world.alice, answer=Reply.APOLOGIES, reason="On leave")
    assert "East launch" not in _events(_feed(world.alice))
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    assert "East launch" in _events(_feed(world.alice))


def test_resetting_the_address_makes_the_old_one_answer_404(world: World) -> None:
    planned(world, "East launch")
    old = calendar_feed(world.alice).token
    client = Client()
    client.force_login(world.alice)
    page = client.get(reverse("schedule:calendar", args=[world.programme.pk]))
    assert (
        f"/programmes/calendar/{old}.ics" in page.text
        and f"webcal://testserver/programmes/calendar/{old}.ics" in page.text
    )
    response = client.post(reverse("schedule:calendar-reset", args=[world.programme.pk]))
    assert response.status_code == 302
    new = calendar_feed(world.alice).token
    assert new != old
    assert Client().get(reverse("schedule:feed", args=[old])).status_code == 404
    assert Client().get(reverse("schedule:feed", args=[new])).status_code == 200


def test_a_single_session_downloads_as_ics(world: World) -> None:
    session = planned(world, "East launch")
    client = Client()
    client.force_login(world.bob)
    response = client.get(reverse("schedule:session-ics", args=[world.programme.pk, session.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    events = _events(Calendar.from_ical(response.content))
    assert list(events) == ["East launch"]
