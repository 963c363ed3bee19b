"""Second factors: an authenticator app (TOTP) or passkeys (WebAuthn), with recovery codes, kept
by django-allauth's MFA models.

The one owner of a person's Authenticator rows: setting up, checking, new recovery codes,
removing. Pages read a person's rows once (`factors`) and hand that read to the checks. The first
factor of either kind brings ten recovery codes; the last one removed takes them away. Each change
is recorded in the audit trail (what, never the key). A passkey's ceremonies follow allauth's
(`allauth.mfa.webauthn.internal.auth`): the challenge waits in the session, one answer per
challenge, and the browser's origin must match the site's (MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN
stays off).
"""

import json
import re
import struct
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

import segno
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    validate_totp_code,
)
from allauth.mfa.utils import decrypt
from allauth.mfa.webauthn.internal import auth as webauthn
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import Person

WHAT = "second_factor"
APP, CODES, PASSKEY = "authenticator_app", "recovery_codes", "passkey"
FIELD_OF = {
    Authenticator.Type.TOTP: APP, Authenticator.Type.WEBAUTHN: PASSKEY, Authenticator.Type.RECOVERY_CODES: CODES,
}
# What parsing a browser's answer raises when the answer is not a well-formed one.
NOT_AN_ANSWER = (ValidationError, ValueError, LookupError, TypeError, AttributeError, struct.error)


@dataclass(frozen=True)
class Passkey:
    id: int
    name: str
    added_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class Factors:
    """A person's second factors, from one read of their Authenticator rows."""

    rows: tuple[Authenticator, ...]

    def _first(self, kind: str) -> Authenticator | None:
        return next((row for row in self.rows if row.type == kind), None)

    @property
    def app(self) -> Authenticator | None:
        return self._first(Authenticator.Type.TOTP)

    @property
    def passkey_rows(self) -> list[Authenticator]:
        return [row for row in self.rows if row.type == Authenticator.Type.WEBAUTHN]

    @property
    def passkeys(self) -> list[Passkey]:
        return [
            Passkey(
                id=row.pk, name=str(row.data.get("name", "")), added_at=row.created_at,
                last_used_at=row.last_used_at,
            )
            for row in self.passkey_rows
        ]

    @property
    def count(self) -> int:
        """How many factors (the app and each passkey; recovery codes are a way back, not one)."""
        return (self.app is not None) + len(self.passkey_rows)

    @property
    def any(self) -> bool:
        return self.count > 0

    @property
    def recovery(self) -> Authenticator | None:
        return self._first(Authenticator.Type.RECOVERY_CODES)

    @property
    def codes(self) -> list[str]:
        row = self.recovery
        return RecoveryCodes(row).get_unused_codes() if row else []


def factors(person: Person) -> Factors:
    return Factors(tuple(Authenticator.objects.filter(user=person).order_by("created_at", "pk")))


def has_factor(person_id: int) -> bool:
    """Has the person an authenticator app or a passkey? (What the gate asks at sign-in.)"""
    kinds = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
    return Authenticator.objects.filter(user_id=person_id, type__in=kinds).exists()


@dataclass(frozen=True)
class Added:
    made_recovery_codes: bool


def _added(
    request: HttpRequest | None, person: Person, found: Factors, field: str, object_id: int | None = None
) -> Added:
    """After a factor is added: the first brings recovery codes (any left over are replaced)."""
    fields = [field]
    if not found.any:
        Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).delete()
        RecoveryCodes.activate(person)
        fields.append(CODES)
    audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=fields, object_id=object_id)
    return Added(made_recovery_codes=CODES in fields)


# The authenticator app.


def new_secret() -> str:
    return generate_totp_secret()


def provisioning_uri(person: Person, secret: str) -> str:
    issuer = settings.MFA_TOTP_ISSUER
    label = quote(f"{issuer}:{person.email}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits=6&period=30"


def qr_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, dark="#212b32"))


@transaction.atomic
def set_up(*, request: HttpRequest | None, person: Person, found: Factors, secret: str, code: str) -> Added | None:
    """Keep the app's key when the code it shows is right."""
    if found.app is not None or not validate_totp_code(secret, code):
        return None
    TOTP.activate(person, secret)
    return _added(request, person, found, APP)


# An app's code: six ASCII digits (str.isdigit would also take "²" or "٣").
_SIX_DIGITS = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class Passed:
    how: str
    codes_left: int | None = None  # after a recovery code


def check(*, found: Factors, code: str) -> Passed | None:
    """How the code passed (the app's code or a recovery code), or None."""
    app = found.app
    if app is not None and _SIX_DIGITS.fullmatch(code) and TOTP(app).validate_code(code):
        return Passed("authenticator app")
    if found.recovery is not None:
        codes = RecoveryCodes(found.recovery)
        if codes.validate_code(code):
            return Passed("recovery code", codes_left=len(codes.get_unused_codes()))
    return None


def current_code(found: Factors) -> str | None:
    """The code a person's app shows now: only for the laptop demo's published demo keys."""
    app = found.app
    if app is None:
        return None
    return format_hotp_value(hotp_value(decrypt(app.data["secret"]), int(time.time()) // 30))


# Passkeys (WebAuthn), through allauth's ceremonies.


def _credential_id(row: Authenticator) -> bytes | None:
    data = row.wrap().authenticator_data.credential_data
    return bytes(data.credential_id) if data is not None else None


def _answer(text: str) -> dict[str, Any] | None:
    """The browser's answer as posted (JSON text), or None when it is not a JSON object."""
    try:
        answer = json.loads(text)
    except ValueError:
        return None
    return answer if isinstance(answer, dict) else None


def passkey_creation_options(person: Person) -> dict[str, Any]:
    """What the browser needs to make a new passkey (the challenge waits in the session). It names
    the person's passkeys, so the browser makes no second one on a device that has one."""
    options: dict[str, Any] = webauthn.begin_registration(person, passwordless=False)
    return options


@transaction.atomic
def add_passkey(
    *, request: HttpRequest | None, person: Person, found: Factors, name: str, answer: str
) -> Added | None:
    """Keep the passkey the browser made for the challenge in the session, or None."""
    credential = _answer(answer)
    try:
        if credential is None:
            return None
        parsed = webauthn.parse_registration_response(credential)
        made = webauthn.complete_registration(credential).credential_data
    except NOT_AN_ANSWER:
        return None
    finally:
        webauthn.clear_state()  # one answer per challenge, right or wrong
    if made is None or bytes(made.credential_id) in {_credential_id(row) for row in found.passkey_rows}:
        return None
    row = webauthn.WebAuthn.add(person, name, dict(parsed)).instance  # as parsed, nothing else sent
    return _added(request, person, found, PASSKEY, object_id=row.pk)


def passkey_request_options(person: Person) -> dict[str, Any]:
    """What the browser needs to ask for one of the person's passkeys at sign-in."""
    options: dict[str, Any] = webauthn.begin_authentication(person)
    return options


def check_passkey(*, person: Person, found: Factors, answer: str) -> Passed | None:
    """Did one of the person's passkeys sign the challenge in the session? Then "passkey"."""
    credential = _answer(answer)
    try:
        if credential is None or not found.passkey_rows:
            return None
        webauthn.parse_authentication_response(credential)
        used = webauthn.complete_authentication(person, credential)
    except NOT_AN_ANSWER:
        return None
    finally:
        webauthn.clear_state()  # one answer per challenge, right or wrong
    used.record_usage()
    return Passed("passkey")


@dataclass(frozen=True)
class PasskeyRemoval:
    name: str
    removed: bool  # False when it is the last factor of someone who must keep one
    was_last: bool  # it was their last factor: the recovery codes went with it


@transaction.atomic
def remove_passkey(
    *, request: HttpRequest | None, person: Person, passkey_id: int, keep_one: bool
) -> PasskeyRemoval | None:
    """Remove one of the person's passkeys (None when they have no such passkey). With their last
    factor the recovery codes go too, unless `keep_one` (staff), when the last one stays."""
    rows = Authenticator.objects.select_for_update().filter(user=person).order_by("created_at", "pk")
    found = Factors(tuple(rows))  # locked, so two removals at once cannot both take "the other one"
    row = next((row for row in found.passkey_rows if row.pk == passkey_id), None)
    if row is None:
        return None
    name, was_last = str(row.data.get("name", "")), found.count == 1
    if was_last and keep_one:
        return PasskeyRemoval(name=name, removed=False, was_last=True)
    row.delete()
    fields = [PASSKEY]
    if was_last:
        Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).delete()
        fields.append(CODES)
    audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=fields, object_id=passkey_id)
    return PasskeyRemoval(name=name, removed=True, was_last=was_last)


# Recovery codes, and switching it all off.


@transaction.atomic
def renew_recovery_codes(*, request: HttpRequest | None, person: Person) -> list[str]:
    Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).delete()
    codes = RecoveryCodes.activate(person).get_unused_codes()
    audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=[CODES])
    return codes


@transaction.atomic
def remove(*, request: HttpRequest | None, person: Person) -> int:
    """Remove every second factor of the person, and their recovery codes."""
    rows = Authenticator.objects.filter(user=person)
    kinds = set(rows.values_list("type", flat=True))
    removed, _ = rows.delete()
    if removed:
        fields = [field for kind, field in FIELD_OF.items() if kind in kinds]
        audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=fields)
    return removed
