"""The checks every journey relies on really notice problems, and the NHS.UK look really loads."""

import re

from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.e2e import checks


def test_axe_runs_under_our_csp_and_reports_a_planted_problem(
    tab: Page, live_server: LiveServer
) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")
    tab.evaluate("() => document.querySelector('main').append(document.createElement('img'))")

    found = {violation["id"] for violation in checks.run_axe(tab)}

    assert "image-alt" in found


def test_a_script_blocked_by_the_csp_is_reported(tab: Page, live_server: LiveServer) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")

    tab.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.ran = true';
        document.body.append(script);
    }""")

    assert tab.evaluate("() => window.ran") is None
    problems = checks.forget(tab)  # taken here, so the fixture does not fail the test for them
    assert any("Content Security Policy" in problem for problem in problems), problems


def test_the_nhs_styles_and_scripts_load(tab: Page, live_server: LiveServer) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")

    header = tab.get_by_role("banner")
    expect(header).to_have_css("background-color", "rgb(0, 94, 184)")  # NHS blue
    # Frutiger is licensed to the NHS and not shipped, so text falls back to Arial.
    expect(tab.locator("body")).to_have_css("font-family", re.compile(r"\barial\b", re.IGNORECASE))
    expect(tab.locator("body")).to_have_class(re.compile(r"\bjs-enabled\b"))  # main.js ran
    checks.assert_accessible(tab)


def test_an_inline_style_refused_during_an_interaction_is_reported_with_its_directive(
    tab: Page, live_server: LiveServer
) -> None:
    tab.goto(f"{live_server.url}/accounts/sign-in/")
    checks.assert_accessible(tab)  # the load was clean

    tab.get_by_label("Email address").evaluate("box => box.setAttribute('style', 'color: red')")

    problems = checks.finish(tab)  # taken here, so the fixture does not fail the test for them
    assert any(p.startswith("CSP violation: style-src-attr refused inline") for p in problems), (
        problems
    )
    assert any(p.startswith("console error: Applying inline style violates") for p in problems), (
        problems
    )
