"""Staff sign out after a while idle.

Leads, facilitators, system and site administrators see personal data about many people, so a session
of theirs ends after `STAFF_IDLE_MINUTES` (30 by default) without a request; anyone else keeps
the ordinary session length.

Nothing here adds a query or a write to a page: whether the person is staff, and when they signed
in, go into the session once, at sign-in (`remember_at_sign_in`, connected to `user_logged_in`);
the time of the last request rides in a signed cookie, renewed on every response. Without that
cookie the clock counts from the sign-in, so removing it never keeps a session alive.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from commonground.programmes.models import Membership, Role, SystemAdmin

COOKIE = "cg_seen"
SALT = "commonground.idle"
STAFF = "idle-is-staff"
SIGNED_IN = "idle-signed-in"


def is_staff(person_id: int, *, site_staff: bool) -> bool:
    """Site administrators, system administrators, leads and facilitators."""
    return (
        site_staff
        or Membership.objects.filter(person_id=person_id, role__in=[Role.LEAD, Role.FACILITATOR]).exists()
        or SystemAdmin.objects.filter(person_id=person_id).exists()
    )


def remember_at_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """At sign-in: whether this session is staff, and when it began."""
    if request is not None and hasattr(request, "session"):
        request.session[STAFF] = is_staff(user.pk, site_staff=user.is_staff)
        request.session[SIGNED_IN] = time.time()


class StaffIdleTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = time.time()
        session = request.session
        if STAFF not in session:  # a session from before sign-ins were remembered
            session[STAFF] = is_staff(user.pk, site_staff=user.is_staff)
            session[SIGNED_IN] = now
        if session[STAFF]:
            seen = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
            last = float(seen) if seen else float(session.get(SIGNED_IN, now))
            if now - last > settings.STAFF_IDLE_MINUTES * 60:
                return self._signed_out(request)
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response.set_signed_cookie(
                COOKIE, str(now), salt=SALT, httponly=True, samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def _signed_out(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        messages.info(
            request,
            f"You were signed out after {settings.STAFF_IDLE_MINUTES} minutes without activity, "
            "to keep people's data safe. Sign in again to carry on.",
        )
        target = f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target  # htmx swaps nothing and opens the sign-in page
        else:
            response = redirect(target)
        response.delete_cookie(COOKIE)
        return response
