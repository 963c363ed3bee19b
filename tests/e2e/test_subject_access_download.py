"""Alice downloads everything Common Ground holds about her, from her profile, in a real browser."""

import json
import zipfile

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.development import objects as dev
from tests.e2e.checks import assert_accessible, screenshot, sign_in


def test_a_participant_downloads_her_data_from_her_profile(tab: Page, live_server: LiveServer, world: World) -> None:
    entry = dev.alice_journal_entry(world)
    sign_in(tab, live_server.url, email="alice@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/profile/")
    tab.get_by_role("link", name="Download your data").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Download your data")
    assert_accessible(tab)
    screenshot(tab, "download-your-data")
    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download my data").click()
    assert download.value.suggested_filename.startswith("common-ground-data-")
    with zipfile.ZipFile(download.value.path()) as archive:
        data = json.loads(archive.read("data.json"))
        summary = archive.read("summary.html").decode()
    assert data["person"]["full_name"] == "Alice Acute"
    assert [row["body"] for row in data["data"]["Your journal"]["rows"]] == [entry.body]
    assert "Alice Acute" in summary and entry.body in summary
