"""Staff's list of sessions: today and what is coming first, soonest first, with today's marked;
earlier sessions one link away, newest first. Derived from the clock, frozen."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

NOW = dt.datetime(2027, 3, 10, 14, 0, tzinfo=dt.UTC)


def test_today_and_coming_sessions_come_first_and_earlier_ones_are_a_link_away(world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        at = {
            "Last week": NOW - dt.timedelta(days=7),
            "This morning": timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0))),
            "Next month": NOW + dt.timedelta(days=30),
            "Tomorrow": NOW + dt.timedelta(days=1),
            "Yesterday": NOW - dt.timedelta(days=1),
        }
        for title, starts_at in at.items():
            make_session(world, title, starts_at=starts_at, hours=2, facilitators=[world.fred])
        client = Client()
        client.force_login(world.lena)
        url = reverse("schedule:attendance", args=[world.programme.pk])
        coming = client.get(url)
        assert [s.title for s in coming.context["sessions"]] == ["This morning", "Tomorrow", "Next month"]
        assert coming.text.count(">Today</strong>") == 1
        earlier = client.get(url, {"when": "earlier"})
        assert [s.title for s in earlier.context["sessions"]] == ["Yesterday", "Last week"]
        assert ">Today</strong>" not in earlier.text


def test_a_participants_schedule_starts_today_with_todays_sessions_marked_even_once_ended(world: World) -> None:
    with time_machine.travel(NOW, tick=False):
        today = timezone.localdate()
        at = {
            "Next month": NOW + dt.timedelta(days=30),
            "This morning": timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0))),  # ended at 11:00
            "Yesterday": NOW - dt.timedelta(days=1),
            "Tomorrow": NOW + dt.timedelta(days=1),
        }
        for title, starts_at in at.items():
            make_session(world, title, starts_at=starts_at, hours=2, invite=[world.alice])
        client = Client()
        client.force_login(world.alice)
        url = reverse("schedule:schedule", args=[world.programme.pk])
        coming = client.get(url)
        assert [row["session"].title for row in coming.context["rows"]] == ["This morning", "Tomorrow", "Next month"]
        assert coming.text.count(">Today</strong>") == 1
        past = client.get(url, {"when": "past"})
        assert [row["session"].title for row in past.context["rows"]] == ["Yesterday"]
        assert ">Today</strong>" not in past.text
