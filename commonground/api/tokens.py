"""Personal access tokens: the one writer of `ApiToken`, and the check a request's token passes.

A token is `cg_` + 8 characters that name it (its prefix, shown on pages) + `_` + a secret of 32
random bytes (URL-safe base64). Only the SHA-256 digest of the whole token is stored, so the
database, a backup or the admin never hold a usable token; the person sees it once, when it is
made. A token works for one programme only, until it expires (at most a year ahead) or its owner
revokes it; its roles are the person's roles in that programme at the moment of each request.
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.api.models import ApiToken, Scope
from commonground.programmes.models import Membership, Programme

PREFIX = "cg_"
MAX_LIFETIME = dt.timedelta(days=365)
LAST_USED_EVERY = dt.timedelta(minutes=1)  # writes last_used_at at most this often per token


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Made:
    """A new token, with the only copy of its secret (shown once)."""

    token: ApiToken
    raw: str


@transaction.atomic
def create_token(
    *, person: Person, programme_id: int, name: str, scope: str, expires_on: dt.date, now: dt.datetime | None = None
) -> Made:
    """Make a token for a programme the person belongs to, expiring at the end of `expires_on`."""
    now = now or timezone.now()
    if not Membership.objects.filter(person=person, programme_id=programme_id).exists():
        raise ValidationError({"programme": "Choose a programme you take part in."})
    if scope not in Scope.values:
        raise ValidationError({"scope": "Choose read, or read and write."})
    expires_at = dt.datetime.combine(expires_on, dt.time.max, tzinfo=timezone.get_current_timezone())
    if expires_at <= now:
        raise ValidationError({"expires_on": "Choose a date in the future."})
    if expires_at - now > MAX_LIFETIME:
        raise ValidationError({"expires_on": "Choose a date at most a year from today."})
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Say what the token is for."})
    while True:
        prefix = PREFIX + secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    raw = f"{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        person=person, programme=Programme.objects.get(pk=programme_id), name=name[:100], scope=scope,
        prefix=prefix, digest=digest(raw), created_at=now, expires_at=expires_at,
    )
    return Made(token, raw)


@transaction.atomic
def revoke_token(*, person: Person, token_id: int, now: dt.datetime | None = None) -> ApiToken | None:
    """Revoke one of the person's own tokens (None when they have no such token)."""
    token = ApiToken.objects.select_for_update().filter(person=person, pk=token_id).first()
    if token is None:
        return None
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(raw: str, *, now: dt.datetime | None = None) -> ApiToken | None:
    """The active token this is, or None (unknown, expired or revoked: the caller answers 401)."""
    now = now or timezone.now()
    if not raw.startswith(PREFIX) or len(raw) > 100:
        return None
    wanted = digest(raw)
    token = (
        ApiToken.objects.select_related("person", "programme")
        .filter(digest=wanted, revoked_at__isnull=True, expires_at__gt=now, person__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, wanted):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_of(person: Person) -> list[ApiToken]:
    return list(ApiToken.objects.filter(person=person).select_related("programme"))
