"""Full addresses for mail and calendar files, which have no request to take the host from."""

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` on the public site (SITE_URL is set by the deployment; a laptop default otherwise)."""
    return settings.SITE_URL.rstrip("/") + path


def absolute_reverse(viewname: str, *args: object) -> str:
    """The full address of a named URL, e.g. `absolute_reverse("schedule:session-detail", 3, 7)`."""
    return absolute_url(reverse(viewname, args=args))
