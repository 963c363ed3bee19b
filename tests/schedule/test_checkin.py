"""QR self check-in: the window, late arrivals, repeats, refusals and the code staff show."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.schedule.models import Attendance, CheckInMethod, Mark, SessionStatus
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session


def alice(world: World) -> Client:
    client = Client()
    client.force_login(world.alice)
    return client


def url(world: World, token: str) -> str:
    return reverse("schedule:checkin", args=[world.programme.pk, token])


@pytest.mark.parametrize(
    ("minutes_since_start", "mark"),
    [
        (-30, Mark.PRESENT),
        (-5, Mark.PRESENT),
        (14, Mark.PRESENT),
        (16, Mark.LATE),
        (119, Mark.LATE),
    ],
)
def test_checking_in_during_the_window_marks_present_or_late(
    world: World, minutes_since_start: int, mark: str
) -> None:
    # Five seconds inside the window's opening edge, for the time the request takes.
    margin = dt.timedelta(seconds=5 if minutes_since_start == -30 else 0)
    starts_at = timezone.now() - dt.timedelta(minutes=minutes_since_start) - margin
    session = make_session(world, "Day", starts_at=starts_at, invite=[world.alice])
    response = alice(world).get(url(world, session.checkin_token))
    assert response.status_code == 200
    assert "You are checked in" in response.text
    attendance = Attendance.objects.get(session=session, person=world.alice)
    assert (attendance.mark, attendance.method) == (mark, CheckInMethod.QR)


def test_checking_in_twice_changes_nothing(world: World) -> None:
    session = make_session(
        world, "Day", starts_at=timezone.now() - dt.timedelta(minutes=20), invite=[world.alice]
    )
    alice(world).get(url(world, session.checkin_token))
    first = Attendance.objects.get(session=session)
    response = alice(world).get(url(world, session.checkin_token))
    assert "You are already checked in" in response.text
    assert list(Attendance.objects.filter(session=session).values_list("pk", "mark")) == [
        (first.pk, Mark.LATE)
    ]


def test_someone_marked_absent_who_then_scans_is_present(world: World) -> None:
    session = make_session(world, "Day", invite=[world.alice])
    Attendance.objects.create(
        session=session, person=world.alice, mark=Mark.ABSENT, marked_by=world.fred
    )
    alice(world).get(url(world, session.checkin_token))
    assert Attendance.objects.get(session=session).mark == Mark.PRESENT


def test_too_early_says_when_check_in_opens_and_marks_nothing(world: World) -> None:
    starts = timezone.now() + dt.timedelta(hours=3)
    session = make_session(world, "Day", starts_at=starts, invite=[world.alice])
    response = alice(world).get(url(world, session.checkin_token))
    assert "Check-in is not open yet" in response.text
    opens = timezone.localtime(starts - dt.timedelta(minutes=30))
    assert f"opens at <strong>{opens:%H:%M}" in response.text
    assert not Attendance.objects.exists()


def test_after_the_end_says_check_in_has_closed(world: World) -> None:
    session = make_session(
        world,
        "Day",
        starts_at=timezone.now() - dt.timedelta(hours=3),
        hours=2,
        invite=[world.alice],
    )
    response = alice(world).get(url(world, session.checkin_token))
    assert "Check-in has closed" in response.text
    assert f"{timezone.localtime(session.ends_at):%H:%M}" in response.text
    assert not Attendance.objects.exists()


def test_a_cancelled_session_refuses_check_in(world: World) -> None:
    session = make_session(world, "Day", invite=[world.alice], status=SessionStatus.CANCELLED)
    assert "This session was cancelled" in alice(world).get(url(world, session.checkin_token)).text
    assert not Attendance.objects.exists()


def test_people_not_invited_get_404(world: World) -> None:
    session = make_session(world, "Day", invite=[world.alice])
    for person in (world.bob, world.carol, world.lena, world.oscar):
        client = Client()
        client.force_login(person)
        assert client.get(url(world, session.checkin_token)).status_code == 404
    assert not Attendance.objects.exists()


def test_an_anonymous_visitor_signs_in_and_comes_back(world: World) -> None:
    session = make_session(world, "Day", invite=[world.alice])
    address = url(world, session.checkin_token)
    response = Client().get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={address}"


def test_staff_see_a_qr_code_for_the_check_in_address(world: World) -> None:
    session = make_session(world, "Day", invite=[world.alice], facilitators=[world.fred])
    client = Client()
    client.force_login(world.fred)
    page = client.get(reverse("schedule:checkin-code", args=[world.programme.pk, session.pk]))
    assert f"http://testserver{url(world, session.checkin_token)}" in page.text
    assert "Checking in after" in page.text
    svg = client.get(reverse("schedule:checkin-qr", args=[world.programme.pk, session.pk]))
    assert svg["Content-Type"] == "image/svg+xml"
    body = svg.content.decode()
    assert body.startswith("<svg") and "<path" in body
    assert "style" not in body and "<script" not in body
