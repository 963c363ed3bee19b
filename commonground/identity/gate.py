"""The second factor: staff (leads, facilitators, system and site administrators) must pass one
before any page shows personal data; anyone who has set one up is asked for it too.

It is asked after every way in (password, emailed link, an organisation's sign-in), so it lives
here as one middleware rather than in each sign-in path. Whether the session needs it is decided
once, at sign-in, and kept in the session, so a page pays no query for it. An identity provider
that says it checked a second factor itself (an `amr` claim of `mfa`, `otp`, `hwk`…) satisfies it.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from commonground.identity import second_factor
from commonground.programmes import idle

# Session keys: how the second factor was satisfied (absent until it is), and whether this
# session must have one (staff, or someone who set one up).
PASSED = "second-factor-passed"
NEEDED = "second-factor-needed"
ENROLLED = "second-factor-enrolled"
CHECKED = "second-factor-checked-at"
# A session that needs no second factor looks again this often whether its person has since
# become staff (a participant made a lead), so a new role is guarded within minutes.
RECHECK_SECONDS = 300

# `amr` values (RFC 8176) that mean the provider itself asked for a second factor.
STRONG_METHODS = frozenset({"mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris", "retina", "vbm", "sc"})


def remember_at_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At sign-in: does this session need a second factor (and has the person one)? The idle
    sign-out's own handler has already stored whether the person is staff."""
    if request is None or not hasattr(request, "session"):
        return
    session = request.session
    staff = session.get(idle.STAFF)
    if staff is None:
        staff = idle.is_staff(user.pk, site_staff=user.is_staff)
    enrolled = second_factor.has_factor(user.pk)
    session[ENROLLED] = enrolled
    session[NEEDED] = bool(staff or enrolled)
    session[CHECKED] = time.time()
    amr = getattr(request, "_identity_provider_amr", None)
    if amr and STRONG_METHODS.intersection(amr):
        session[PASSED] = "identity provider"
    else:
        session.pop(PASSED, None)


def mark_passed(request: HttpRequest, *, how: str) -> None:
    """The person has just given a second factor: a new session key, so a key seen before is void."""
    request.session.cycle_key()
    request.session[PASSED] = how
    request.session[ENROLLED] = True


def _open_paths() -> tuple[str, ...]:
    return (
        reverse("identity:second-factor"),
        reverse("identity:set-up"),
        reverse("accounts:logout"),
        reverse("healthz"),
        "/about/",
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL,
        "/favicon.ico",
    )


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        if NEEDED not in session:  # a session from before second factors were asked
            remember_at_sign_in(None, request, user)
        elif not session.get(NEEDED) and time.time() - float(session.get(CHECKED, 0)) > RECHECK_SECONDS:
            staff = idle.is_staff(user.pk, site_staff=user.is_staff)
            session[idle.STAFF] = staff
            session[NEEDED] = staff
            session[CHECKED] = time.time()
        if not session.get(NEEDED) or session.get(PASSED):
            return self.get_response(request)
        if self._open is None:
            self._open = _open_paths()
        if request.path.startswith(self._open):
            return self.get_response(request)
        if not user.is_active:
            logout(request)
            return redirect("accounts:login")
        target = reverse("identity:second-factor" if session.get(ENROLLED) else "identity:set-up")
        if request.method == "GET" and not request.headers.get("HX-Request"):
            target = f"{target}?{urlencode({'next': request.get_full_path()})}" if request.path != "/" else target
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
