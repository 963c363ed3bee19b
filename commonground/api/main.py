"""The JSON API at /api/v1/: personal access tokens, the same permissions as the pages.

Every operation answers for one programme, the token's: a token for programme A used on
programme B answers 404, as does anything the token's person could not see on the pages
(`programmes.permissions.ProgrammeAccess`). No token, or an unknown, expired or revoked one,
answers 401; a read-only token asked to write answers 403. Every refusal is documented in the
schema, so clients (and the schema fuzzer in the tests) know each answer's shape.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from commonground.api.auth import TokenAuth
from commonground.api.endpoints import hr, reads, writes


class Api(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, *args, **kwargs)
        response["Cache-Control"] = "no-store, private"
        return response


api = Api(
    title="Common Ground API",
    version="1",
    description=(
        "Read a programme's cohorts, people, sessions, attendance, applications, learning sets and "
        "figures; import applications, mark attendance and reply to sessions. Authenticate with a "
        "personal access token (`Authorization: Bearer …`), made for one programme on the API tokens "
        "page. Lists are paged by an opaque `cursor` (the `next_cursor` of the page before)."
    ),
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs_url=None,  # the docs page is ours (`api:docs`): ninja's loads its scripts from a CDN
)

api.add_router("", reads.router)
api.add_router("", writes.router)
api.add_router("", hr.router)
