"""A lead makes a report pack for a funder, reads its preview, downloads both files and signs it off;
the funder then sees that pack, and only that one."""

import io
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, fill_date, open_menu, screenshot, sign_in
from tests.reporting import objects


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    return Path(download.value.path()).read_bytes()


def test_a_lead_makes_and_signs_off_a_pack_and_its_funder_sees_only_theirs(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    trust = objects.fionas_funder(world)
    someone_elses = objects.another_funders_signed_pack(world)  # signed off, for another funder
    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    open_menu(tab, "Reports")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(tab)

    tab.get_by_label("Funder").select_option(label=trust.name)
    fill_date(tab, "Period to", 1, 5, 2026)
    fill_date(tab, "Period from", 1, 6, 2026)  # the wrong way round: refused, nothing made
    tab.get_by_role("button", name="Make the pack").click()
    expect(tab.locator(".nhsuk-error-summary")).to_contain_text("The end of the period must be on or after its start.")
    fill_date(tab, "Period from", 1, 1, 2026)
    tab.get_by_label("Lessons").fill("Book rooms for learning sets before the cohort starts.")
    tab.get_by_role("button", name="Make the pack").click()

    expect(tab.get_by_role("heading", level=1)).to_contain_text(f"for {trust.name}")
    expect(tab.get_by_role("link", name="The report as a PDF")).to_be_visible()
    preview = tab.locator("#section-reach")
    expect(preview.get_by_role("heading", level=2)).to_have_text("1. Who took part")
    expect(tab.locator("#section-lessons")).to_contain_text("Book rooms for learning sets")
    # Three participants: every count of people is hidden, in the preview as on the pages.
    expect(tab.locator('[data-figure="Participants reached"]')).to_have_text("not shown")
    assert_accessible(tab)
    screenshot(tab, "report-pack-preview")

    pdf = _download(tab, "The report as a PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Contents" in text and trust.name in text and "Book rooms for learning sets" in text
    book = load_workbook(io.BytesIO(_download(tab, "The figures as a spreadsheet (XLSX)")))
    assert book.sheetnames[0] == "Summary" and len(book.sheetnames) >= 8

    tab.get_by_role("button", name="Sign off this pack").click()
    expect(tab.locator(".nhsuk-success-summary, .nhsuk-inset-text, [role=status]").first).to_be_visible()
    expect(tab.locator("#signed-off")).not_to_have_text("Not yet")
    tab.get_by_role("button", name="Sign out").click()

    sign_in(tab, live_server.url, email="fiona@example.org", password=PASSWORD)
    open_menu(tab, "Reports")
    packs = tab.get_by_role("table", name="Report packs")
    expect(packs.locator("tbody tr")).to_have_count(1)
    expect(packs).to_contain_text(trust.name)
    packs.get_by_role("link").click()
    expect(tab.get_by_role("heading", level=1)).to_contain_text(trust.name)
    expect(tab.get_by_role("button", name="Sign off this pack")).to_have_count(0)
    assert _download(tab, "The report as a PDF").startswith(b"%PDF")
    assert_accessible(tab)
    response = tab.goto(f"{live_server.url}/programmes/{world.programme.pk}/reports/{someone_elses.pk}/")
    assert response is not None and response.status == 404
