"""Login throttling: count failed sign-ins per email address and per client address."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:{kind}:{digest}"


def client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def is_locked(*, email: str, address: str) -> bool:
    """True once either the email or the address has used up its failed attempts."""
    limit = settings.LOGIN_THROTTLE_ATTEMPTS
    by_email = cache.get(_key("email", email), 0)
    by_address = cache.get(_key("address", address), 0)
    # An address gets more room than one account: offices share addresses.
    return by_email >= limit or by_address >= limit * 4


def record_failure(*, email: str, address: str) -> None:
    window = settings.LOGIN_THROTTLE_WINDOW_SECONDS
    for key in (_key("email", email), _key("address", address)):
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def clear(*, email: str) -> None:
    cache.delete(_key("email", email))
