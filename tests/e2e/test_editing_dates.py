"""Dates in a real browser: the NHS.UK date input (day, month, year) on the edit pages.

Lena opens "Change or move" on a session and saves it as it stands: the session keeps its date
and times and nobody is told of a move. Alice reviews a goal and saves it: its date stays. Then
Lena types a new date into the three boxes, first without a month (the month box is marked and
the error summary leads to it), then whole: the session moves.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.development import services as development
from commonground.schedule.models import Session, SessionKind
from commonground.schedule.services.sessions import create_session
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, date_group, fill_date, screenshot, sign_in

LONDON = ZoneInfo("Europe/London")


def _session(world: World) -> Session:
    # 31 January: written 31/01 in the site's format, which a browser's date box cannot show.
    starts = dt.datetime(timezone.now().year + 1, 1, 31, 10, 0, tzinfo=LONDON)
    return create_session(
        programme=world.programme,
        cohorts=[world.east],
        title="East launch",
        kind=SessionKind.LAUNCH,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
        venue_name="Dorking Halls",
    )


def _boxes(page: Page, legend: str) -> list[str]:
    group = date_group(page, legend)
    return [group.get_by_label(box, exact=True).input_value() for box in ("Day", "Month", "Year")]


def test_saving_a_session_and_a_goal_untouched_keeps_their_dates(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    session = _session(world)
    year = session.starts_at.year
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/schedule/sessions/{session.pk}/")
    tab.get_by_role("link", name="Change or move this session").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Change or move East launch")
    assert _boxes(tab, "Date") == ["31", "1", str(year)]
    expect(tab.get_by_label("Starts at")).to_have_value("10:00")
    assert_accessible(tab)
    tab.get_by_role("button", name="Save changes").click()
    expect(tab.get_by_text("Session saved.")).to_be_visible()
    expect(tab.get_by_text(f"31 January {year}, 10:00 to 13:00", exact=False)).to_be_visible()
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(year, 1, 31, 10, tzinfo=LONDON)
    assert session.sequence == 0  # not moved: nobody is told of a new time

    goal = development.save_goal(
        person=world.alice,
        programme=world.programme,
        what="Meet the housing team",
        by_when=dt.date(year, 1, 31),
    )
    tab.get_by_role("button", name="Sign out").click()
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/development/goals/")
    tab.get_by_role("link", name="Meet the housing team").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Review a goal")
    assert _boxes(tab, "By when") == ["31", "1", str(year)]
    assert_accessible(tab)
    tab.get_by_label("Status").select_option(label="In progress")
    tab.get_by_role("button", name="Save goal").click()
    expect(tab.get_by_text("Goal updated.")).to_be_visible()
    goals = tab.get_by_role("table", name="Your goals")
    expect(goals.get_by_text(f"31 January {year}")).to_be_visible()
    goal.refresh_from_db()
    assert (goal.by_when, goal.status) == (dt.date(year, 1, 31), "in_progress")


def test_a_new_date_typed_in_the_three_boxes_moves_the_session(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    session = _session(world)
    year = session.starts_at.year
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(
        f"{live_server.url}/programmes/{world.programme.pk}/schedule/sessions/{session.pk}/edit/"
    )
    date = date_group(tab, "Date")
    date.get_by_label("Month", exact=True).fill("")
    tab.get_by_role("button", name="Save changes").click()
    summary = tab.get_by_role("alert")
    expect(summary).to_contain_text("Date: Date must include a month.")
    expect(date.get_by_label("Month", exact=True)).to_have_class(
        "nhsuk-input nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error"
    )
    expect(date.get_by_label("Day", exact=True)).not_to_have_class(
        "nhsuk-input nhsuk-date-input__input nhsuk-input--width-2 nhsuk-input--error"
    )
    assert_accessible(tab)
    screenshot(tab, "session-edit-date-error")
    summary.get_by_role("link", name="Date: Date must include a month.").click()
    expect(date.get_by_label("Month", exact=True)).to_be_focused()

    fill_date(tab, "Date", 2, 3, year)
    tab.get_by_role("button", name="Save changes").click()
    expect(tab.get_by_text("Everyone expected is told the new time", exact=False)).to_be_visible()
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(year, 3, 2, 10, tzinfo=LONDON)
    assert session.sequence == 1
