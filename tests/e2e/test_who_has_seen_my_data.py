"""Alice finds out who has seen her data.

Lena, the lead, opens Alice's page in her own browser (it shows Alice's access needs). Alice then
follows "Who has seen my data" from her profile and reads that Lena viewed her profile and her
access needs; the lead's audit export carries the same two rows (and the sponsors page it is on).
"""

import csv
import io
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in, table_rows


def test_a_participant_sees_that_the_lead_read_her_access_needs(
    new_tab: Callable[..., Page], live_server: LiveServer, world: World
) -> None:
    lena = new_tab()
    sign_in(lena, live_server.url, email="lena@example.org", password=PASSWORD)
    lena.goto(f"{live_server.url}/programmes/{world.programme.pk}/people/{world.alice.pk}/")
    expect(lena.get_by_text("Step-free access, please")).to_be_visible()

    alice = new_tab()
    sign_in(alice, live_server.url, email="alice@example.org", password=PASSWORD)
    alice.goto(f"{live_server.url}/programmes/profile/")
    alice.get_by_role("main").get_by_role("link", name="Who has seen my data").click()
    expect(alice.get_by_role("heading", level=1)).to_have_text("Who has seen my data")
    rows = table_rows(alice, "Who has seen or changed your data, newest first")
    assert sorted((row[1], row[2]) for row in rows) == [
        ("Lena Lead", "Viewed your access needs (health data)"),
        ("Lena Lead", "Viewed your profile"),
    ]
    expect(alice.get_by_text("Step-free access, please")).to_have_count(0)
    assert_accessible(alice)
    screenshot(alice, "who-has-seen-my-data")

    with lena.expect_download() as download:
        lena.goto(f"{live_server.url}/programmes/{world.programme.pk}/sponsors/")
        lena.get_by_role("link", name="Audit trail (CSV)").click()
    text = download.value.path().read_text()
    exported = [r for r in csv.reader(io.StringIO(text)) if r[1] == "Viewed"]
    assert sorted((r[6], r[2]) for r in exported) == [
        ("Alice Acute", "access_needs"),
        ("Alice Acute", "person"),
        ("Sam Sponsor", "sponsor_role"),  # the sponsors page Lena exported from lists him
    ]
    assert "Step-free" not in text
