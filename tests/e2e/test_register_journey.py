"""Alice checks in by the QR address during the session (and is refused before check-in opens);
Fred marks the register on a phone-sized screen and the counts change without a reload."""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.schedule.models import Attendance, CheckInMethod, Mark, Session
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, close, hold_first_post, screenshot, sign_in
from tests.schedule.attendance_permission_cases import make_session

PHONE = {"width": 375, "height": 740}


def test_a_participant_checks_in_by_qr_only_during_the_window(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    starts = timezone.now() + dt.timedelta(hours=2)
    session = make_session(
        world, "East development day", starts_at=starts, invite=[world.alice, world.bob]
    )
    address = f"{live_server.url}/programmes/{world.programme.pk}/check-in/{session.checkin_token}/"

    tab.set_default_timeout(30_000)  # the first page of a run can be slow on a busy machine
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(address)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Check-in is not open yet")
    opens = timezone.localtime(starts - dt.timedelta(minutes=30))
    expect(tab.get_by_text(f"opens at {opens:%H:%M}", exact=False)).to_be_visible()
    assert_accessible(tab)
    assert not Attendance.objects.exists()

    # The session moves so that it started five minutes ago.
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        ends_at=timezone.now() + dt.timedelta(hours=2),
    )
    tab.goto(address)
    expect(tab.get_by_role("heading", level=1)).to_have_text("You are checked in")
    assert_accessible(tab)
    screenshot(tab, "qr-check-in")
    attendance = Attendance.objects.get(session=session, person=world.alice)
    assert (attendance.mark, attendance.method) == (Mark.PRESENT, CheckInMethod.QR)


def test_a_facilitator_marks_the_register_on_a_phone(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    session = make_session(
        world, "East development day", invite=[world.alice, world.bob], facilitators=[world.fred]
    )
    phone = new_tab(viewport=PHONE, has_touch=True, timeout=30_000)
    try:
        sign_in(phone, live_server.url, email="fred@example.org", password=PASSWORD)
        phone.goto(f"{live_server.url}/programmes/{world.programme.pk}/attendance/")
        expect(phone.get_by_role("heading", level=1)).to_have_text("Attendance")
        assert_accessible(phone)
        phone.get_by_role("link", name="Register for East development day", exact=False).click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Register")
        assert_accessible(phone)
        # The register itself fits a 375 px screen without sideways scrolling.
        assert phone.evaluate("document.querySelector('main').scrollWidth") <= 375
        counts = phone.locator("#register-counts")
        expect(counts.locator("[data-count=unmarked]")).to_have_text("2")

        phone.get_by_role("button", name="Present – Alice Acute").tap()
        expect(counts.locator("[data-count=present]")).to_have_text("1")
        expect(phone.get_by_role("button", name="Present – Alice Acute")).to_have_attribute(
            "aria-pressed", "true"
        )
        phone.get_by_role("button", name="Late – Bob Council").tap()
        expect(counts.locator("[data-count=late]")).to_have_text("1")
        expect(counts.locator("[data-count=unmarked]")).to_have_text("0")
        # A change of mind: Alice was late too.
        phone.get_by_role("button", name="Late – Alice Acute").tap()
        expect(counts.locator("[data-count=late]")).to_have_text("2")
        expect(counts.locator("[data-count=present]")).to_have_text("0")
        assert (
            phone.evaluate("performance.getEntriesByType('navigation').length") == 1
        )  # never reloaded
        assert_accessible(phone)
        screenshot(phone, "register-on-a-phone")
        marks = dict(
            Attendance.objects.filter(session=session).values_list("person__full_name", "mark")
        )
        assert marks == {"Alice Acute": Mark.LATE, "Bob Council": Mark.LATE}

        # The code to show in the room, and the table plan for the two who came.
        phone.get_by_role("link", name="QR check-in code").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Check in with your phone")
        expect(
            phone.get_by_role("img", name="QR code that opens the check-in address", exact=False)
        ).to_be_visible()
        assert_accessible(phone)
        phone.get_by_role("link", name="Table plan").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Table plan")
        phone.get_by_role("button", name="Plan the tables").click()
        expect(phone.get_by_text("2 people seated at 1 table.")).to_be_visible()
        expect(phone.get_by_role("heading", name="Table 1")).to_be_visible()
        assert_accessible(phone)
    finally:
        close(phone)


def test_a_second_tap_made_while_the_first_mark_is_still_on_its_way_is_the_one_kept(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    """On a slow connection a facilitator taps Present, then Late, before the first mark answers."""
    session = make_session(world, "East development day", invite=[world.alice, world.bob], facilitators=[world.fred])
    sign_in(tab, live_server.url, email="fred@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/schedule/sessions/{session.pk}/register/")
    held = hold_first_post(tab, "**/register/**")
    tab.get_by_role("button", name="Present – Alice Acute").click()
    tab.get_by_role("button", name="Late – Alice Acute").click()
    held.wait_until_held()
    assert len(held.posted) == 1, "the second tap waits for the first mark instead of racing it"
    held.release(answers=2)

    assert held.answers == [200, 200]
    assert "mark=late" in held.posted[1]
    counts = tab.locator("#register-counts")
    expect(counts.locator("[data-count=late]")).to_have_text("1")
    expect(counts.locator("[data-count=present]")).to_have_text("0")
    expect(tab.get_by_role("button", name="Late – Alice Acute")).to_have_attribute("aria-pressed", "true")
    expect(tab.get_by_role("button", name="Present – Alice Acute")).to_have_attribute("aria-pressed", "false")
    assert Attendance.objects.get(session=session, person=world.alice).mark == Mark.LATE
    assert_accessible(tab)  # also fails on any console error, such as a mark with nowhere to land
