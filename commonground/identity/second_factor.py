"""Second factors: a TOTP app with recovery codes, kept by django-allauth's MFA models.

The one owner of a person's Authenticator rows: setting up, checking a code, new recovery codes,
removing. Each change is recorded in the audit trail (what, never the key).
"""

import time
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
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import Person

WHAT = "second_factor"


def new_secret() -> str:
    return generate_totp_secret()


def provisioning_uri(person: Person, secret: str) -> str:
    issuer = settings.MFA_TOTP_ISSUER
    label = quote(f"{issuer}:{person.email}")
    return f"otpauth://totp/{label}?secret={secret}&issuer={quote(issuer)}&digits=6&period=30"


def qr_data_uri(uri: str) -> str:
    return str(segno.make(uri, error="m").svg_data_uri(scale=5, dark="#212b32"))


def _totp(person: Person) -> Authenticator | None:
    return Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).first()


def has_totp(person: Person) -> bool:
    return _totp(person) is not None


def recovery_codes(person: Person) -> list[str]:
    row = Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).first()
    return RecoveryCodes(row).get_unused_codes() if row else []


@transaction.atomic
def set_up(*, request: HttpRequest | None, person: Person, secret: str, code: str) -> bool:
    """Keep the app's key when the code it shows is right; recovery codes come with it."""
    if has_totp(person) or not validate_totp_code(secret, code):
        return False
    TOTP.activate(person, secret)
    Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).delete()
    RecoveryCodes.activate(person)
    audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=["authenticator_app", "recovery_codes"])
    return True


def check(*, person: Person, code: str) -> str | None:
    """How the code passed ("authenticator app" or "recovery code"), or None."""
    device = _totp(person)
    if device is not None and len(code) == 6 and code.isdigit() and TOTP(device).validate_code(code):
        return "authenticator app"
    row = Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).first()
    if row is not None and RecoveryCodes(row).validate_code(code):
        return "recovery code"
    return None


@transaction.atomic
def renew_recovery_codes(*, request: HttpRequest | None, person: Person) -> list[str]:
    Authenticator.objects.filter(user=person, type=Authenticator.Type.RECOVERY_CODES).delete()
    codes = RecoveryCodes.activate(person).get_unused_codes()
    audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=["recovery_codes"])
    return codes


@transaction.atomic
def remove(*, request: HttpRequest | None, person: Person) -> int:
    removed, _ = Authenticator.objects.filter(user=person).delete()
    if removed:
        audit.changed(request=request, subject_id=person.pk, what=WHAT, fields=["authenticator_app", "recovery_codes"])
    return removed


def current_code(person: Person) -> str | None:
    """The code a person's app shows now: only for the laptop demo's published demo keys."""
    device = _totp(person)
    if device is None:
        return None
    return format_hotp_value(hotp_value(decrypt(device.data["secret"]), int(time.time()) // 30))
