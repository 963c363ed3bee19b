"""The figure pages at a glance, on the 400-person demo: at 1280 pixels wide the overview, the
evaluation and the attendance figures each fit their height, for the demo lead and (the first two)
the demo funder, and pass axe. The rest is a tab, a "Show the numbers" or a download away, so each
page also keeps its breakdowns in tabs and its long list behind pages and downloads.

The demo is seeded in the test itself: a browser test's live server needs its data committed, so
the module-wide demo of tests/seeded.py (which rolls each test back) cannot serve it.
"""

import re
import time
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.sign_in import DEMO_TOTP_SECRET
from commonground.programmes.models import Programme
from tests import factories
from tests.e2e.checks import assert_accessible, screenshot

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# The most each page may measure at 1280 pixels, scrolled end to end.
LIMITS = {"overview": 1_340, "evaluation": 2_025, "attendance figures": 5_780}
PAGES = {
    "overview": "programmes:overview",
    "evaluation": "development:evaluation",
    "attendance figures": "schedule:attendance-figures",
}
READERS = {
    "lead@demo.example": ("overview", "evaluation", "attendance figures"),
    "funder@demo.example": ("overview", "evaluation"),
}


@pytest.fixture
def demo(transactional_db: None) -> Programme:
    started = time.perf_counter()
    call_command("seed_demo", "--participants", "400", verbosity=0)
    print(f"\nseeded the 400-person demo in {time.perf_counter() - started:.1f} s")
    return Programme.objects.get(title=DEMO_PROGRAMME_TITLE)


def sign_in_to_the_demo(page: Page, base_url: str, email: str) -> None:
    """Sign in as a demo person; the demo's staff type a code of the demo's published key."""
    page.goto(f"{base_url}/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/second-factor/" in page.url:
        page.get_by_label("Security code").fill(factories.unused_totp_code(email, DEMO_TOTP_SECRET))
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url


def height(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollHeight"))


def test_the_figure_pages_fit_their_heights_and_the_attendance_list_is_paged(
    new_tab: Callable[..., Page], live_server: LiveServer, demo: Programme
) -> None:
    measured: dict[tuple[str, str, int], int] = {}
    for email, pages in READERS.items():
        wide = new_tab(viewport=WIDE)
        sign_in_to_the_demo(wide, live_server.url, email)
        phone = new_tab(viewport=PHONE, storage_state=wide.context.storage_state())
        for name in pages:
            url = live_server.url + reverse(PAGES[name], args=[demo.pk])
            wide.goto(url)
            expect(wide.get_by_role("tablist").first).to_be_visible()  # breakdowns one at a time
            measured[(email, name, 1280)] = height(wide)
            assert_accessible(wide)
            screenshot(wide, f"heights-{email.split('@')[0]}-{name.replace(' ', '-')}")
            phone.goto(url)
            measured[(email, name, 375)] = height(phone)
    print("\n".join(f"{email:22} {name:19} {width:>4} px wide: {h:>6,} px" for (email, name, width), h in measured.items()))
    too_tall = {(email, name): h for (email, name, width), h in measured.items()
                if width == 1280 and h > LIMITS[name]}
    assert not too_tall, f"taller than {LIMITS}: {too_tall}"
    # The same seeded demo serves the list below: seeding 400 people once per run is enough.
    the_attendance_list_is_paged_and_downloads_whole(new_tab, live_server, demo)


def the_attendance_list_is_paged_and_downloads_whole(
    new_tab: Callable[..., Page], live_server: LiveServer, demo: Programme
) -> None:
    tab = new_tab(viewport=WIDE)
    sign_in_to_the_demo(tab, live_server.url, "lead@demo.example")
    tab.goto(live_server.url + reverse("schedule:attendance-figures", args=[demo.pk]))
    people = tab.get_by_role("region", name="People")
    expect(people.get_by_text("1 to 25 of 400 people, by name.")).to_be_visible()
    people.get_by_label("Show").select_option(label="At risk of dropping out")
    people.get_by_role("button", name="Show people").click()
    expect(tab).to_have_url(re.compile(r"[?&]show=at-risk(&|#people$)"))
    said = people.get_by_text(re.compile(r"of \d+ people who match"))
    expect(said).to_be_visible()
    at_risk = int(re.search(r"of (\d+) people who match", said.inner_text()).group(1))  # type: ignore[union-attr]
    expect(tab.locator(".nhsuk-warning-callout__label")).to_contain_text(f"{at_risk} people are at risk")
    assert_accessible(tab)
    with tab.expect_download() as download:
        people.get_by_role("link", name="CSV").click()
    lines = download.value.path().read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 1 + at_risk  # the header and everyone at risk, not one page
