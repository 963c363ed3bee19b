"""The schedule demo gives places by the service's rule: no session is over-booked, a waiting list
exists only while a session is full, and places go in the order people replied."""

import datetime as dt

import pytest
from django.db.models import Count, Max, Min, Q

from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.schedule.models import Reply, Session
from tests.seeded import demo_for_module

SEEDED_AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
shared_demo = demo_for_module(participants=80, seed=3, at=SEEDED_AT)


@pytest.mark.django_db
def test_no_demo_session_is_over_booked_and_only_full_ones_keep_a_waiting_list(shared_demo: None) -> None:
    attending, waiting = Q(invitations__reply=Reply.ATTENDING), Q(invitations__reply=Reply.WAITING)
    sessions = list(
        Session.objects.filter(capacity__isnull=False).select_related("programme").annotate(
            attending=Count("invitations", filter=attending),
            waiting=Count("invitations", filter=waiting),
            last_place=Max("invitations__replied_at", filter=attending),
            first_waiting=Min("invitations__waiting_since", filter=waiting),
        )
    )
    assert len(sessions) > 1
    # The demo programme's summit (Thornvale's programme, from the template, has one too).
    summit = next(s for s in sessions if s.title == "System leadership summit" and s.programme.title == DEMO_PROGRAMME_TITLE)
    assert summit.waiting > 0  # the demo still shows a waiting list, for a full summit
    for session in sessions:
        assert session.attending <= session.capacity, session.title
        if session.waiting:
            assert session.attending == session.capacity, session.title
            assert session.last_place <= session.first_waiting, session.title
