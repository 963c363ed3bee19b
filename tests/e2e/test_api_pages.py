"""The API's own pages in a real browser: a person makes a token, sees it once and revokes it; a
lead adds a webhook, is told why a private address is refused, and follows its deliveries. Every
state of both pages passes axe with no finding at all, on a desktop and at 375 px."""

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from commonground.api import addresses
from commonground.api.models import ApiToken
from commonground.schedule.attendance import mark_attendance
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, fill_date, run_axe, sign_in, table_rows
from tests.schedule.attendance_permission_cases import east_session

PHONE: ViewportSize = {"width": 375, "height": 812}
PUBLIC = "81.2.69.160"  # a public address; nothing is sent to it (sending is stood in for below)
SECRET = "a-shared-secret-for-the-hr-system"


def assert_no_findings(page: Page) -> None:
    """`assert_accessible`, and then not even a minor axe finding, here and at phone width."""
    size = page.viewport_size
    for viewport in ([size] if size == PHONE else [size, PHONE]):
        assert viewport is not None
        page.set_viewport_size(viewport)
        assert_accessible(page)
        found = [f"{v['id']} ({v['impact']}): {v['help']}" for v in run_axe(page)]
        assert not found, f"axe at {viewport['width']} px on {page.url}:\n" + "\n".join(found)
    assert size is not None
    page.set_viewport_size(size)


def test_a_lead_makes_a_token_sees_it_once_and_revokes_it(tab: Page, live_server: LiveServer, world: World) -> None:
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/accounts/api-tokens/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("API tokens and HR records")
    assert_no_findings(tab)

    tab.get_by_role("button", name="Make the token").click()  # nothing filled in: each field says what it needs
    expect(tab.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_no_findings(tab)

    tab.get_by_label("Programme").select_option(label=world.programme.title)
    tab.get_by_label("What it is for").fill("HR records link")
    tab.get_by_label("Read", exact=True).check()
    expires = timezone.localdate() + dt.timedelta(days=60)
    fill_date(tab, "Expires on", expires.day, expires.month, expires.year)
    tab.get_by_role("button", name="Make the token").click()
    expect(tab.get_by_role("heading", name="Your new token")).to_be_visible()
    raw = tab.locator("#new-token").inner_text().strip()
    token = ApiToken.objects.get(person=world.lena, name="HR records link")
    assert hashlib.sha256(raw.encode()).hexdigest() == token.digest and raw.startswith(token.prefix)
    assert_no_findings(tab)

    tab.goto(f"{live_server.url}/accounts/api-tokens/")  # shown once: never again
    expect(tab.get_by_role("heading", name="Your new token")).to_have_count(0)
    assert raw not in tab.content()
    (row,) = [r for r in table_rows(tab, "Your API tokens") if "HR records link" in r[0]]
    assert token.prefix in row[0] and row[1] == world.programme.title

    tab.get_by_role("button", name="Revoke HR records link").click()
    expect(tab.get_by_role("button", name="Revoke HR records link")).to_have_count(0)
    (row,) = [r for r in table_rows(tab, "Your API tokens") if "HR records link" in r[0]]
    assert re.search(r"Revoked \d{1,2} \w+ \d{4}", row[3])
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_no_findings(tab)


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """What host names resolve to, for the server and its worker alike; sending answers 200."""
    names: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host not in names:
            raise addresses.Unresolved(f"The host name {host} did not resolve.")
        return names[host]

    monkeypatch.setattr(addresses, "resolve", resolve)
    monkeypatch.setattr(addresses, "post", lambda target, body, headers, *, timeout: 200)
    return names


def test_a_lead_adds_a_webhook_is_refused_a_private_address_and_sees_deliveries(
    tab: Page, live_server: LiveServer, world: World, dns: dict[str, list[str]]
) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    dns["payroll.northshire.example"] = ["10.0.0.7"]
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    page = f"{live_server.url}/programmes/{world.programme.pk}/webhooks/"
    tab.goto(page)
    expect(tab.get_by_role("heading", level=1)).to_have_text("Webhooks")
    expect(tab.get_by_text("No addresses yet.")).to_be_visible()
    assert_no_findings(tab)

    tab.get_by_label("Address").fill("https://payroll.northshire.example/hook")
    tab.get_by_label("Secret").fill(SECRET)
    tab.get_by_role("button", name="Add the address").click()
    summary = tab.get_by_role("alert")
    expect(summary).to_contain_text(
        "Address: payroll.northshire.example is a private network address (10.0.0.7): webhooks are sent only "
        "to addresses on the public internet."
    )
    summary.get_by_role("link").click()  # the summary leads to the field
    expect(tab.get_by_label("Address")).to_be_focused()
    expect(tab.get_by_text("No addresses yet.")).to_be_visible()
    assert_no_findings(tab)

    tab.get_by_label("Address").fill("https://hr.northshire.example/hook")
    tab.get_by_label("Secret").fill(SECRET)
    tab.get_by_role("button", name="Add the address").click()
    expect(tab.get_by_role("button", name="Remove https://hr.northshire.example/hook")).to_be_visible()
    assert table_rows(tab, "Webhook addresses")[0][0].endswith("https://hr.northshire.example/hook")
    assert_no_findings(tab)

    # A register mark is delivered; then the name is moved inside the network and the next is refused.
    mark_attendance(session=east_session(world), person_id=world.alice.pk, mark="present", marked_by=world.fred)
    dns["hr.northshire.example"] = ["10.0.0.8"]
    mark_attendance(session=east_session(world), person_id=world.bob.pk, mark="late", marked_by=world.fred)
    tab.goto(page)
    newest, oldest = table_rows(tab, "Recent deliveries")
    assert oldest[0].startswith("attendance.changed") and oldest[2:] == ["Delivered", "1", "200"]
    assert newest[0].startswith("attendance.changed") and newest[2:] == [
        "Given up", "1", "Not sent: hr.northshire.example is a private network address (10.0.0.8).",
    ]
    assert_no_findings(tab)
