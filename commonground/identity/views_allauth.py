"""Pages allauth shows on the way back from an organisation's sign-in."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import requests
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commonground.accounts.sign_in_routes import allow_forms_to_targets


def unreachable(request: HttpRequest) -> HttpResponse:
    """The provider did not answer (its discovery document, token or user endpoints)."""
    return render(request, "socialaccount/authentication_error.html", {"unreachable": True}, status=502)


def forms_may_leave(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The page's form starts the round trip to the provider, so its CSP lets the form lead there;
    a provider that does not answer gets a page saying so, not a server error."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return allow_forms_to_targets(view(request, *args, **kwargs))
        except requests.RequestException:
            return unreachable(request)

    return wrapped


def cancelled(request: HttpRequest) -> HttpResponse:
    return render(request, "socialaccount/login_cancelled.html")


def error(request: HttpRequest) -> HttpResponse:
    return render(request, "socialaccount/authentication_error.html", status=400)


def inactive(request: HttpRequest) -> HttpResponse:
    return render(request, "account/account_inactive.html", status=403)
