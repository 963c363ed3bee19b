"""Typed access to django-htmx's request details."""

from django.http import HttpRequest, HttpResponse
from django_htmx.http import trigger_client_event


def is_htmx(request: HttpRequest) -> bool:
    """True when HTMX sent the request (it then wants a partial back)."""
    return bool(getattr(request, "htmx", False))


def tell_the_page(response: HttpResponse, event: str, detail: dict[str, object]) -> HttpResponse:
    """Ask the page to fire `event` with `detail` once htmx has the answer (the HX-Trigger header)."""
    return trigger_client_event(response, event, detail)
