"""Certificates of completion and records of development hours.

On a frozen clock, the East cohort's three module days are over: Alice attended all three (one
late) and a learning-set meeting, so she completed; Bob attended one, so he cannot. The West
cohort has one module day behind it (Carol missed it) and two to come. The rule is all but one
of three module days.
"""

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

import pypdf
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.schedule import certificates, completion
from commonground.schedule.models import Attendance, Mark, Module, SessionKind, SessionStatus
from tests.accounts.seen import seen
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)
SAFE_NAME = re.compile(r'attachment; filename="[a-z0-9-]+\.(pdf|csv)"')


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def days(clock: None, world: World) -> World:
    now = timezone.now()
    leading = Module.objects.create(programme=world.programme, title="Leading across boundaries", order=1)
    systems = Module.objects.create(programme=world.programme, title="Systems thinking", order=2)

    def day(title: str, ago: int, hours: float, **fields: object):  # type: ignore[no-untyped-def]
        return make_session(
            world, title, kind=SessionKind.MODULE, starts_at=now - dt.timedelta(days=ago), hours=hours,
            invite=[world.alice, world.bob], **fields,
        )

    first = day("Module day 1", 60, 6, module=leading)
    second = day("Module day 2", 30, 6.5, module=leading)
    third = day("Module day 3", 10, 5.75, module=systems)
    meeting = make_session(world, "Learning set", kind=SessionKind.LEARNING_SET, starts_at=now - dt.timedelta(days=20),
                           hours=1.5, invite=[world.alice])
    cancelled = day("Cancelled day", 40, 6, module=systems, status=SessionStatus.CANCELLED)
    today = make_session(world, "Development day", kind=SessionKind.DEVELOPMENT_DAY, invite=[world.alice])  # not ended
    marks = [
        (first, world.alice, Mark.PRESENT), (second, world.alice, Mark.LATE), (third, world.alice, Mark.PRESENT),
        (meeting, world.alice, Mark.PRESENT), (cancelled, world.alice, Mark.PRESENT), (today, world.alice, Mark.PRESENT),
        (first, world.bob, Mark.PRESENT), (second, world.bob, Mark.ABSENT), (third, world.bob, Mark.ABSENT),
    ]
    Attendance.objects.bulk_create([Attendance(session=s, person=p, mark=m) for s, p, m in marks])
    west = [make_session(world, f"West day {n}", kind=SessionKind.MODULE, cohorts=[world.west], invite=[world.carol],
                         starts_at=now + dt.timedelta(days=ago)) for n, ago in enumerate((-5, 20, 40), start=1)]
    Attendance.objects.create(session=west[0], person=world.carol, mark=Mark.ABSENT)
    return world


def attended_hours(person: Person) -> float:
    """The hours of every session the person was marked at, worked out here from the rows."""
    rows = Attendance.objects.filter(
        person=person, mark__in=[Mark.PRESENT, Mark.LATE], session__ends_at__lte=timezone.now()
    ).exclude(session__status=SessionStatus.CANCELLED).select_related("session")
    return sum((a.session.ends_at - a.session.starts_at).total_seconds() for a in rows) / 3600


def signed_in(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_completer_downloads_a_certificate_with_their_name_programme_and_hours(days: World) -> None:
    response = signed_in(days.alice).get(reverse("schedule:certificate", args=[days.programme.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert SAFE_NAME.fullmatch(response["Content-Disposition"])
    assert "no-store" in response["Cache-Control"]
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    text = pdf_text(response.content)
    last_day = timezone.localdate(timezone.now() - dt.timedelta(days=10))
    for words in [
        "Alice Acute", "Heartlands 500", "Surrey Heartlands Test System", "3 of 3",
        "attended at least 2 of 3 module days", f"{attended_hours(days.alice):.2f} hours over 4 sessions",
        f"{last_day:%-d %B %Y}",
    ]:
        assert words in text


def test_the_reference_on_the_certificate_checks_out_and_a_forged_one_does_not(days: World) -> None:
    response = signed_in(days.alice).get(reverse("schedule:certificate", args=[days.programme.pk]))
    ref = re.search(r"Certificate reference ([0-9A-Z-]+)\.", pdf_text(response.content)).group(1)  # type: ignore[union-attr]
    assert ref == certificates.reference(days.alice.pk, days.programme.pk)
    check = Client().get(reverse("certificates:check", args=[ref]))
    last_day = timezone.localdate(timezone.now() - dt.timedelta(days=10))
    assert check.status_code == 200
    assert f"Valid: Alice Acute, Heartlands 500, completed on {last_day:%-d %B %Y}." in check.text
    assert "no-store" in check["Cache-Control"]
    assert Client().get(reverse("certificates:check", args=[ref.lower()])).status_code == 200
    programme, person, check_code = ref.split("-")
    for forged in [
        f"{programme}-{person}-{check_code[:-1]}{'B' if check_code.endswith('A') else 'A'}",
        certificates.reference(days.bob.pk, days.programme.pk)[:-12] + check_code,  # Alice's check on Bob
        certificates.reference(days.bob.pk, days.programme.pk),  # genuine, but Bob has not completed
        "not-a-reference", "ZZZZZZZZZZZZZZ-1-AAAAAAAAAAAA", f"{programme}-{person}",
    ]:
        assert Client().get(reverse("certificates:check", args=[forged])).status_code == 404, forged


def test_someone_who_has_not_completed_is_told_what_they_still_need_not_given_a_pdf(days: World) -> None:
    carol = signed_in(days.carol).get(reverse("schedule:certificate", args=[days.programme.pk]))
    assert carol.status_code == 200 and carol["Content-Type"].startswith("text/html")
    assert "You need 2 more module days" in carol.text
    assert "attended 0 of your 3 module days, with 2 still to come" in carol.text
    bob = signed_in(days.bob).get(reverse("schedule:certificate", args=[days.programme.pk]))
    assert "You need 1 more module day</strong>, and none are still to come" in bob.text
    assert certificates.certificate(days.bob, days.programme) is None
    assert certificates.certificate(days.carol, days.programme) is None


def test_the_certificate_follows_the_completion_rule(days: World) -> None:
    for person in (days.alice, days.bob, days.carol):
        standing = completion.person_completion(person, days.programme)
        assert standing is not None
        completed = standing.standing == completion.Standing.COMPLETED
        assert completed == completion.is_completer(person, days.programme)
        assert (certificates.certificate(person, days.programme) is not None) == completed


def test_the_hours_record_lists_each_session_and_its_totals_add_up(days: World) -> None:
    response = signed_in(days.alice).get(
        reverse("schedule:development-hours", args=[days.programme.pk, days.alice.pk, "csv"])
    )
    assert response.status_code == 200
    assert SAFE_NAME.fullmatch(response["Content-Disposition"])
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    sessions = rows[rows.index(list(certificates.HOURS_HEADER)) + 1:]
    sessions = sessions[: sessions.index([])]
    modules = rows[rows.index(list(certificates.MODULE_HEADER)) + 1: -1]
    total = rows[-1]
    assert [s[3] for s in sessions] == ["Module day 1", "Module day 2", "Learning set", "Module day 3"]
    assert [s[5] for s in sessions] == ["Module session", "Module session", "Learning-set meeting", "Module session"]
    assert total == ["Total", "4", f"{attended_hours(days.alice):.2f}"]
    assert sum(float(s[6]) for s in sessions) == pytest.approx(float(total[2]))
    assert modules == [
        ["Leading across boundaries", "2", "12.50"], ["Systems thinking", "1", "5.75"],
        [certificates.NO_MODULE, "1", "1.50"],
    ]
    assert sum(float(m[2]) for m in modules) == pytest.approx(float(total[2]))


def test_the_hours_record_as_a_pdf(days: World) -> None:
    response = signed_in(days.alice).get(
        reverse("schedule:development-hours", args=[days.programme.pk, days.alice.pk, "pdf"])
    )
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Record of development hours" in text and "Alice Acute" in text
    assert f"{attended_hours(days.alice):.2f} hours over 4 sessions" in text
    assert "Cancelled day" not in text and "Development day" not in text
    assert "Page 1 of 1" in text


def test_a_lead_may_download_a_participants_record_and_it_is_on_their_seen_page(days: World) -> None:
    response = signed_in(days.lena).get(
        reverse("schedule:development-hours", args=[days.programme.pk, days.bob.pk, "csv"])
    )
    assert response.status_code == 200
    assert ["Total", "1", "6.00"] in list(csv.reader(io.StringIO(response.content.decode())))
    assert seen(days.bob) == [("Lena Lead", "Exported", audit.WHAT["development_hours"])]


def test_a_participant_may_not_download_a_cohort_mates_record(days: World) -> None:
    url = reverse("schedule:development-hours", args=[days.programme.pk, days.bob.pk, "csv"])
    assert signed_in(days.alice).get(url).status_code == 404
    assert signed_in(days.fred).get(url).status_code == 404


def test_the_check_stops_answering_once_the_person_no_longer_completes(days: World) -> None:
    ref = certificates.reference(days.alice.pk, days.programme.pk)
    Attendance.objects.filter(person=days.alice, session__title__in=["Module day 2", "Module day 3"]).update(
        mark=Mark.ABSENT
    )
    assert Client().get(reverse("certificates:check", args=[ref])).status_code == 404
