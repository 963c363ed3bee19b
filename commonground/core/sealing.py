"""Sealing secrets kept in the database (queued mail, second-factor keys, identity providers'
client secrets) with a key derived from SECRET_KEY for each purpose.

The current key seals; SECRET_KEY_FALLBACKS still open, so rotating the key loses nothing.
"""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

__all__ = ["InvalidToken", "open_sealed", "seal"]


def _fernet(salt: str, label: str) -> MultiFernet:
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(salted_hmac(salt, label, secret=secret, algorithm="sha256").digest()))
            for secret in secrets
        ]
    )


def seal(text: str, *, salt: str, label: str) -> str:
    """Encrypt and authenticate `text` under the key for (salt, label)."""
    return _fernet(salt, label).encrypt(text.encode()).decode()


def open_sealed(sealed: str, *, salt: str, label: str) -> str:
    """The text; raises InvalidToken when it was sealed for another purpose or under an unknown key."""
    return _fernet(salt, label).decrypt(sealed.encode()).decode()
