"""Where an email address signs in: a hook the identity app fills (home-realm discovery).

The sign-in page lives here, below the apps that know systems and their identity providers, so
they register a function that, given the request and the typed address, answers a response
sending the person to their organisation's sign-in, or None to sign in here.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Route = Callable[[HttpRequest, str, str], HttpResponse | None]
Targets = Callable[[], list[str]]
_routes: list[Route] = []
_targets: list[Targets] = []


def register(route: Route, *, targets: Targets) -> None:
    """`route` answers for an address; `targets` names the origins it may send a form to (the
    sign-in page's Content Security Policy lets its form lead there, and nowhere else)."""
    if route not in _routes:
        _routes.append(route)
        _targets.append(targets)


def allow_forms_to_targets(response: HttpResponse) -> HttpResponse:
    """Let this page's forms lead to the registered sign-in origins (CSP form-action)."""
    origins = sorted({origin for targets in _targets for origin in targets()})
    if origins:
        config: dict[str, Any] = dict(settings.SECURE_CSP)
        config["form-action"] = [*config.get("form-action", ()), *origins]
        response._csp_config = config  # type: ignore[attr-defined]
    return response


def route_for(request: HttpRequest, email: str, *, next_url: str = "") -> HttpResponse | None:
    """The response sending `email` to its organisation's sign-in, or None."""
    for route in _routes:
        response = route(request, email, next_url)
        if response is not None:
            return response
    return None
