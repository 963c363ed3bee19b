"""What every browser journey checks on every page: axe-core, and a quiet console.

CSP and axe together. The journeys run in an ordinary browser context that enforces the
site's Content-Security-Policy, so a blocked inline script, a broken module or a missing
stylesheet shows up as a console error and fails the test. That rules out adding axe with
`page.add_script_tag`: it inserts an inline <script>, which our CSP rightly refuses unless the
context is opened with `bypass_csp=True`, and bypassing would hide the very errors we watch
for. Instead axe's source goes through `page.evaluate`, which Chromium runs over the DevTools
protocol, outside the page's CSP. `tests/e2e/test_browser_checks.py` proves both halves.

The whole test, not only page loads. Every page a test opens (through the `tab` and `new_tab`
fixtures) is watched from its first request to the end of the test, and the fixture fails the
test for anything reported after the last `assert_accessible`: an htmx swap, a click, a script
run by a later interaction. CSP violations are caught twice over, as console errors and as the
document's `securitypolicyviolation` events (which also carry the directive and the source).
"""

import contextlib
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Error,
    Locator,
    Page,
    Request,
    Route,
    expect,
)

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SERIOUS = {"serious", "critical"}


class ConsoleWatch:
    """Console errors, uncaught exceptions and CSP violations seen by one page."""

    def __init__(self, page: Page) -> None:
        self.problems: list[str] = []
        self._documents: set[str] = set()
        self.foreign: list[str] = []  # origins of pages that are not the product's (an identity provider's)
        page.on("console", self._console)
        page.on(
            "pageerror",
            lambda error: self.problems.append(f"uncaught {error.name}: {error.message}"),
        )
        page.on("request", self._request)

    def _request(self, request: Request) -> None:
        if request.is_navigation_request():
            self._documents.add(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        # Chromium reports CSP violations and failed loads (a 404 stylesheet or module) as
        # console errors, so this one hook notices all of them.
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if any(url.startswith(origin) for origin in self.foreign) or (
            not url and any(origin in message.text for origin in self.foreign)
        ):
            return  # another site's page (an identity provider's sign-in) is not ours to check
        if message.text.startswith("Failed to load resource") and url in self._documents:
            return  # a page answered 4xx on purpose (e.g. a used link); the test checks what it says
        self.problems.append(f"console error: {message.text} ({url})")

    def violation(self, report: str) -> None:
        self.problems.append(f"CSP violation: {report}")

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


_watches: dict[int, ConsoleWatch] = {}
_axe_source: list[str] = []

# Runs in every document of a watched context before the page's own scripts. It is added over
# the DevTools protocol, so the page's CSP does not apply to it.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : "";
  const what = event.blockedURI || "inline";
  window.__cgReportViolation(`${event.effectiveDirective} refused ${what}${where}`);
}, true);
"""


def watch_context(context: BrowserContext) -> None:
    """Report every CSP violation in the context's documents to the watch of their page."""

    def report(source: dict[str, Any], text: str) -> None:
        found = _watches.get(id(source["page"]))
        if found is not None:
            found.violation(text)

    context.expose_binding("__cgReportViolation", report)
    context.add_init_script(_REPORT_VIOLATIONS)


def watch(page: Page) -> ConsoleWatch:
    """Start watching a page's console; `assert_accessible` then also checks it."""
    _watches[id(page)] = ConsoleWatch(page)
    return _watches[id(page)]


def ignore_origin(page: Page, origin: str) -> None:
    """Pages of `origin` (another site the journey passes through) are not checked."""
    _watches[id(page)].foreign.append(origin)


def forget(page: Page) -> list[str]:
    """Stop watching a page, returning whatever problems were not yet reported."""
    found = _watches.pop(id(page), None)
    return found.take() if found else []


def close(page: Page) -> None:
    """Close a page's browser before the test ends, failing on anything it reported late."""
    late = finish(page)
    page.context.close()
    assert not late, "The browser reported problems after the last check:\n" + "\n".join(late)


def finish(page: Page) -> list[str]:
    """Let the page finish what it is doing (an htmx settle runs just after its swap), then stop
    watching it and return whatever problems were not yet reported."""
    if not page.is_closed():
        # An Error means the page is going away (a closed tab): nothing is left to run.
        with contextlib.suppress(Error):
            page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 100))")
    return forget(page)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """All axe-core violations on the page as it stands, whatever their impact.

    It waits for the page's next two frames first: work a resize or a swap scheduled for the next
    frame (the header moving its links into its menu at phone width) is done before axe looks.
    Without the wait, axe sometimes saw the header's white links mid-move, over the page's grey."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    if not _axe_source:
        _axe_source.append(AXE_PATH.read_text())
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source[0])
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    return list(results["violations"])


def assert_accessible(page: Page) -> None:
    """Fail on any serious or critical axe finding (WCAG 2.0-2.2 A/AA and best practice),
    and on any console error the page has logged so far."""
    page.wait_for_load_state("load")
    console = _watches[id(page)].take() if id(page) in _watches else []
    if console:
        pytest.fail(f"The browser reported problems on {page.url}:\n" + "\n".join(console))
    violations = run_axe(page)
    for lesser in (v for v in violations if v["impact"] not in SERIOUS):
        # Worth fixing, not worth failing the build: shown in the warnings summary.
        warnings.warn(
            f"axe ({lesser['impact']}) {lesser['id']} on {page.url}: {lesser['help']}", stacklevel=2
        )
    found = [v for v in violations if v["impact"] in SERIOUS]
    if found:
        lines = [f"axe found {len(found)} serious or critical problem(s) on {page.url}:"]
        for violation in found:
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
            )
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                lines.append(f"    {target}: {node['failureSummary'].splitlines()[-1].strip()}")
        pytest.fail("\n".join(lines))


def sign_in(page: Page, base_url: str, *, email: str, password: str) -> None:
    """Sign in through the real form, checking the sign-in page on the way."""
    page.goto(f"{base_url}/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/second-factor/" in page.url:
        give_second_factor(page, email)


def give_second_factor(page: Page, email: str) -> None:
    """Type a code of the test staff's authenticator app (factories.TEST_TOTP_SECRET). A code works
    once, and the server takes the codes of the step before and after the current one too, so a
    journey that signs the same person in again types a code it has not used yet, waiting for the
    next 30-second step only when all three are spent (never a wrong code: those count as failures)."""
    code = factories.unused_totp_code(email.lower())
    page.get_by_label("Security code").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    if "/accounts/second-factor/" in page.url:
        raise AssertionError(f"The security code {code} was refused.")


def table_rows(page: Page, caption: str) -> list[list[str]]:
    """The body rows of the table named by its caption, as the cells' visible text."""
    table = page.get_by_role("table", name=caption)
    return table.evaluate(
        "t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))"
    )


def screenshot(page: Page, name: str) -> None:
    """Save a full-page screenshot when E2E_SCREENSHOTS names a folder, for a person to look at."""
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def arrived(page: Page, heading: str, shot: str) -> None:
    """The page arrived with this main heading; it passes axe and is kept as the screenshot `shot`."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    screenshot(page, shot)


def date_group(page: Page, legend: str) -> Locator:
    """The NHS.UK date input (day, month and year boxes) whose fieldset has this legend."""
    return page.get_by_role("group", name=legend)


def fill_date(page: Page, legend: str, day: int, month: int, year: int) -> None:
    """Type a date into the three boxes of the date input with this legend, as a person would."""
    group = date_group(page, legend)
    for box, value in (("Day", day), ("Month", month), ("Year", year)):
        group.get_by_label(box, exact=True).fill(str(value))


def open_menu(page: Page, name: str) -> None:
    """Follow a programme-menu entry, opening "More" first when the entry did not fit the bar."""
    menu = page.get_by_role("navigation", name="Programme menu")
    link = menu.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        menu.get_by_role("button", name="More").click()
    link.click()


@dataclass
class HeldPosts:
    """A slow connection, as a person on a phone meets one: the page's first POST to an address
    waits on the network until `release`; every other request goes at once. Records the body of
    each POST sent and the status of each answer."""

    page: Page
    posted: list[str] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    held: list[Route] = field(default_factory=list)

    def wait_until_held(self) -> None:
        for _ in range(20):  # up to a second for the first POST to set off
            if self.held:
                return
            self.page.wait_for_timeout(50)
        pytest.fail("no POST was sent")

    def release(self, *, answers: int) -> None:
        """Let the first POST go on, then wait (up to 10 s) for `answers` answers to have come."""
        self.held[0].continue_()
        for _ in range(100):
            if len(self.answers) >= answers:
                return
            self.page.wait_for_timeout(100)


def hold_first_post(page: Page, address: str) -> HeldPosts:
    """Hold the page's first POST to `address` (a glob or exact URL) until released."""
    held = HeldPosts(page)

    def route(request: Route) -> None:
        if request.request.method != "POST":
            request.continue_()
            return
        held.posted.append(request.request.post_data or "")
        if len(held.posted) == 1:
            held.held.append(request)
        else:
            request.continue_()

    page.route(address, route)
    page.on("response", lambda answer: held.answers.append(answer.status) if answer.request.method == "POST" else None)
    return held
