"""Who is asking: a personal access token (`Authorization: Bearer <token>`), and their access to
the programme asked about (the token's own programme only; 404 for any other)."""

from django.http import Http404, HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer

from commonground.api import tokens
from commonground.api.models import ApiToken
from commonground.programmes.permissions import ProgrammeAccess, programme_access


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's person."""

    openapi_description = "A personal access token, made on the API tokens page."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = tokens.authenticate(token)
        if found is not None:
            # The audit trail and the cache headers read the signed-in person from the request.
            request.user = found.person
        return found


def token_of(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    return token


def access(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    """The token person's access to the programme: 404 for any programme but the token's own,
    and for one where they no longer hold a role."""
    token = token_of(request)
    if programme_id != token.programme_id:
        raise Http404("Not found.")
    return programme_access(token.person, programme_id)


def writing(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    """As `access`, for a write: a read-only token answers 403 (it may read the same thing)."""
    found = access(request, programme_id)
    if not token_of(request).can_write:
        raise HttpError(403, "This token may only read: make one that may write.")
    return found
