"""Typed access to django-htmx's request details."""

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """True when HTMX sent the request (it then wants a partial back)."""
    return bool(getattr(request, "htmx", False))
