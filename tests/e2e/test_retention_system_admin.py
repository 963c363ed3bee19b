"""Lena administers her programme's system: from her profile she finds how long each programme
keeps data, looks at a dry run for hers, confirms it, and changes a period, in a real browser."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.development.models import JournalEntry
from commonground.privacy.models import RetentionPolicy, RetentionRun
from tests.conftest import PASSWORD, World
from tests.e2e.checks import assert_accessible, screenshot, sign_in
from tests.identity import objects


def test_a_system_admin_runs_retention_for_a_programme_after_a_dry_run(
    tab: Page, live_server: LiveServer, world: World
) -> None:
    # The programme ended seven months ago, so its journal entries (kept six months) are due.
    today = timezone.localdate()
    world.programme.starts_on, world.programme.ends_on = today - dt.timedelta(days=500), today - dt.timedelta(days=215)
    world.programme.save()
    JournalEntry.objects.create(person=world.alice, programme=world.programme, body="A hard week.")
    objects.lena_administers(world)
    title = world.programme.title

    sign_in(tab, live_server.url, email="lena@example.org", password=PASSWORD)
    tab.goto(f"{live_server.url}/programmes/profile/")
    tab.get_by_role("link", name="how long its programmes keep data (retention)").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("How long data is kept")
    expect(tab.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(tab.get_by_text("1 record is due now.", exact=False)).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "system-retention")

    tab.get_by_role("link", name=f"Run retention now for {title}").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Run retention now")
    expect(tab.get_by_text("Journal entries: 1 to be deleted")).to_be_visible()
    assert_accessible(tab)
    screenshot(tab, "system-retention-run")
    assert JournalEntry.objects.count() == 1  # looking changed nothing
    tab.get_by_role("button", name="Apply retention now").click()
    expect(tab.get_by_text(f"Retention applied to {title}. Journal entries: 1 deleted")).to_be_visible()
    assert not JournalEntry.objects.exists()
    assert RetentionRun.objects.get().trigger == f"person:{world.lena.pk}"
    expect(tab.get_by_text("by Lena Lead").first).to_be_visible()

    tab.get_by_role("link", name=f"Change the periods of {title}").click()
    field = tab.get_by_label("Delete consents withdrawn or replaced this many months after they ended")
    field.fill("12")
    tab.get_by_role("button", name="Save periods").click()
    expect(tab.get_by_role("alert")).to_contain_text("Enter at least 24")
    assert_accessible(tab)
    assert not RetentionPolicy.objects.exists()
    tab.get_by_label("Delete consents withdrawn or replaced this many months after they ended").fill("36")
    tab.get_by_role("button", name="Save periods").click()
    expect(tab.get_by_text("Retention periods saved.")).to_be_visible()
    assert RetentionPolicy.objects.get().consents_months == 36
