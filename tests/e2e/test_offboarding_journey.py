"""A site administrator takes a system off Common Ground in a real browser: its page, the export
downloaded for its data controller, the deletion refused until the name is typed exactly, then
done, with both records on the offboarding page. Every page passes axe, on a desktop and at 375 px."""

import io
import zipfile
from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from commonground.offboarding.models import Action, OffboardingRecord
from commonground.programmes.models import System
from tests import factories
from tests.conftest import PASSWORD
from tests.e2e.checks import assert_accessible, screenshot, sign_in, table_rows
from tests.offboarding.systems import WORDS_PER_SYSTEM, build, names_from, pair, seeded_words

PHONE: ViewportSize = {"width": 375, "height": 812}


def checked(page: Page) -> None:
    """Accessible here and at phone width (the page's content is not wider than the phone)."""
    size = page.viewport_size
    assert size is not None
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 60))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{page.url} scrolls sideways: {wide}"
    assert_accessible(page)
    page.set_viewport_size(size)


def test_a_site_administrator_exports_a_system_then_deletes_it_by_typing_its_name(
    new_tab: Callable[..., Page], live_server: LiveServer, db: None
) -> None:
    words = seeded_words(5)
    leaving, staying = build(names_from(words[:WORDS_PER_SYSTEM])), build(names_from(words[WORDS_PER_SYSTEM:]))
    pair(leaving, staying)
    name = leaving.names.system
    admin = factories.PersonFactory(full_name="Sade Siteadmin", email="sade@operators.example", is_staff=True,
                                    is_superuser=True)
    factories.authenticator_app(admin)
    tab = new_tab()
    sign_in(tab, live_server.url, email="sade@operators.example", password=PASSWORD)

    tab.goto(f"{live_server.url}/offboarding/")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Systems leaving Common Ground")
    expect(tab.get_by_text("No system has been exported or deleted yet.")).to_be_visible()
    checked(tab)
    tab.get_by_role("link", name=name).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"{name} leaving Common Ground")
    checked(tab)
    screenshot(tab, "offboarding-system")

    # Deleting first is refused: the export comes first.
    tab.get_by_role("link", name=f"Delete {name}").click()
    expect(tab.get_by_role("heading", name="Download the export first")).to_be_visible()
    checked(tab)
    tab.get_by_role("link", name="Download the export").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"{name} leaving Common Ground")

    with tab.expect_download() as download:
        tab.get_by_role("button", name="Download the export").click()
    path = download.value.path()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert "manifest.json" in archive.namelist() and "data.json" in archive.namelist()
    assert OffboardingRecord.objects.filter(system_id=leaving.system_id, action=Action.EXPORT).count() == 1

    tab.goto(f"{live_server.url}/offboarding/systems/{leaving.system_id}/delete/")
    expect(tab.get_by_role("heading", name="This cannot be undone")).to_be_visible()
    checked(tab)
    tab.get_by_label("The system's name").fill(name.upper())
    tab.get_by_role("button", name=f"Delete {name}").click()
    expect(tab.get_by_role("alert")).to_contain_text("Type the system's name exactly as shown")
    checked(tab)
    assert System.objects.filter(pk=leaving.system_id).exists()
    screenshot(tab, "offboarding-delete-refused")

    tab.get_by_label("The system's name").fill(name)
    tab.get_by_role("button", name=f"Delete {name}").click()
    expect(tab).to_have_url(f"{live_server.url}/offboarding/")
    expect(tab.get_by_text(f"{name} is deleted")).to_be_visible()
    checked(tab)
    rows = table_rows(tab, "Exports and deletions of systems, latest first")
    assert [row[2].split("\n")[0] for row in rows] == ["Deletion", "Export"]
    assert all(name in row[1] and "Sade Siteadmin" in row[3] for row in rows)
    assert not System.objects.filter(pk=leaving.system_id).exists()
    assert System.objects.filter(pk=staying.system_id).exists()
    expect(tab.get_by_role("link", name=name)).to_have_count(0)
    screenshot(tab, "offboarding-records")
