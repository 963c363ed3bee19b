"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download does not work where we build, so we launch the system
Chromium (`/usr/bin/chromium`, or `CHROMIUM_PATH`). Without one, every browser test is
skipped and the run says so loudly at the end (and in the header when run as
`pytest tests/e2e`): never silently.

We use our own fixtures (`chromium`, `tab`) rather than pytest-playwright's `browser` and
`page`: those launch Playwright's downloaded browsers, and naming ours differently keeps that
plugin (installed and auto-loaded, harmless while its fixtures go unused) from parametrising
or recording anything here. How axe and the console checks fit with our CSP: see checks.py.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pytest_django.live_server_helper import LiveServer

from commonground.grouping.engine import warm_up
from tests.e2e import checks


class _OneRequestAtATime(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and the live server shares the test's one
    connection; two requests at once (a page and an htmx search, say) then fail inside SQLite
    ("bad parameter or other API misuse"). Django closes each connection after its answer when the
    server is not threaded, so the browser never waits on a kept-alive connection.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    LiveServerThread.server_class = _OneRequestAtATime

E2E_DIR = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def _wanted_chromium() -> str:
    return os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"


def _chromium_path() -> str | None:
    return shutil.which(_wanted_chromium())


def _skip_reason() -> str | None:
    if _chromium_path() is None:
        return (
            f"BROWSER TESTS SKIPPED: no Chromium at {_wanted_chromium()} "
            "(apt-get install chromium, or set CHROMIUM_PATH)"
        )
    if not checks.AXE_PATH.exists():
        return f"BROWSER TESTS SKIPPED: no axe-core at {checks.AXE_PATH.relative_to(checks.ROOT)} (run `npm ci`)"
    return None


_skipped: list[str] = []


def pytest_report_header(config: pytest.Config) -> str:
    return _skip_reason() or f"browser tests: Chromium at {_chromium_path()}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only ours.
    reason = _skip_reason()
    for item in items:
        if E2E_DIR not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason:
            item.add_marker(pytest.mark.skip(reason=reason))
            _skipped.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        terminalreporter.section("browser tests", sep="!", red=True, bold=True)
        terminalreporter.write_line(
            f"{_skip_reason()}: {len(_skipped)} test(s) did not run.", red=True, bold=True
        )


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the whole run; each test gets its own context."""
    path = _chromium_path()
    assert path is not None  # collection skipped every browser test otherwise
    # Load every view and compile the grouping engine once, before any page load is timed: on a
    # busy machine the first import and compile can take longer than a page is allowed.
    import_module("commonground.urls")
    warm_up()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_tab(chromium: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Opens a page in a fresh context (another person's browser, with its own cookies).

    Each page's console, uncaught errors and CSP violations are watched from its first request
    to the end of the test; anything reported after the last `assert_accessible` fails the test
    here. Keyword arguments go to `Browser.new_context` (`viewport`, `has_touch`…), except
    `timeout`, the default wait in milliseconds.
    """
    opened: list[tuple[BrowserContext, Page]] = []

    def open_tab(*, timeout: float = 10_000, **options: Any) -> Page:
        options = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}, **options}
        context = chromium.new_context(**options)
        context.set_default_timeout(timeout)
        checks.watch_context(context)
        page = context.new_page()
        checks.watch(page)
        opened.append((context, page))
        return page

    yield open_tab
    late: list[str] = []
    for context, page in opened:
        late += checks.finish(page)  # nothing left for a page the test closed with checks.close
        context.close()
    assert not late, "The browser reported problems after the last check:\n" + "\n".join(late)


@pytest.fixture
def tab(new_tab: Callable[..., Page]) -> Page:
    """A page in a fresh context (its own cookies) whose console is watched throughout."""
    return new_tab()
