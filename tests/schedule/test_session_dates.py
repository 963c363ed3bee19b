"""Changing a session: its date arrives in the three NHS.UK date boxes, so saving the page as it
stands keeps the date and times, and a date typed in the boxes moves the session."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.schedule.models import Session, SessionKind
from commonground.schedule.services.sessions import create_session
from tests.conftest import World
from tests.forms import date_boxes, submitted

LONDON = ZoneInfo("Europe/London")


def _session(world: World) -> Session:
    # 31 January: a day no month can be mistaken for, written 31/01 in the site's own format.
    starts = dt.datetime(timezone.now().year + 1, 1, 31, 10, 0, tzinfo=LONDON)
    return create_session(
        programme=world.programme,
        cohorts=[world.east],
        title="East launch",
        kind=SessionKind.LAUNCH,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3, minutes=30),
        venue_name="Dorking Halls",
    )


def _lead(world: World) -> Client:
    client = Client()
    client.force_login(world.lena)
    return client


def test_the_edit_page_shows_the_date_in_three_boxes_and_the_times_as_times(world: World) -> None:
    session = _session(world)
    page = _lead(world).get(reverse("schedule:session-edit", args=[world.programme.pk, session.pk]))
    sent = submitted(page.text, containing="title")
    assert (sent["date_day"], sent["date_month"], sent["date_year"]) == (
        ["31"],
        ["1"],
        [str(session.starts_at.year)],
    )
    assert (sent["start_time"], sent["end_time"]) == (["10:00"], ["13:30"])
    assert 'type="date"' not in page.text


def test_saving_a_session_untouched_keeps_its_date_and_times(world: World) -> None:
    session = _session(world)
    starts, ends = session.starts_at, session.ends_at
    client = _lead(world)
    url = reverse("schedule:session-edit", args=[world.programme.pk, session.pk])
    response = client.post(url, submitted(client.get(url).text, containing="title"))
    assert response.status_code == 302, response.text
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (starts, ends)
    assert session.sequence == 0  # not a move: nobody is told of a new time


def test_a_new_date_typed_in_the_boxes_moves_the_session(world: World) -> None:
    session = _session(world)
    client = _lead(world)
    url = reverse("schedule:session-edit", args=[world.programme.pk, session.pk])
    data = submitted(client.get(url).text, containing="title")
    new_day = dt.date(session.starts_at.year, 3, 2)
    data.update(date_boxes("date", new_day))
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert session.starts_at == dt.datetime.combine(new_day, dt.time(10), tzinfo=LONDON)
    assert session.sequence == 1


def test_a_date_missing_its_month_is_named_and_nothing_changes(world: World) -> None:
    session = _session(world)
    client = _lead(world)
    url = reverse("schedule:session-edit", args=[world.programme.pk, session.pk])
    data = submitted(client.get(url).text, containing="title")
    data["date_month"] = ""
    response = client.post(url, data)
    assert response.status_code == 400
    assert '<a href="#id_date_month">Date: Date must include a month.</a>' in response.text
    session.refresh_from_db()
    assert session.sequence == 0 and session.starts_at.astimezone(LONDON).date().day == 31
