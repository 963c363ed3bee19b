"""HTTP hygiene for every response."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

PRIVATE = "private, no-store"


class PrivateCacheMiddleware:
    """Every response to a signed-in person says `Cache-Control: private, no-store`.

    A page seen signed in (a journal, answers, goals, My progress, a register) must not be kept
    by a shared proxy nor stay in the browser's cache for the next person at the same computer.
    A view that already forbids storing (`no-store`, as `never_cache` does) keeps its header;
    static files and the health check are left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.exempt = ("/" + settings.STATIC_URL.lstrip("/"), "/healthz")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path_info.startswith(self.exempt)
            and "no-store" not in response.get("Cache-Control", "")
        ):
            response["Cache-Control"] = PRIVATE
        return response
