"""How Common Ground uses django-allauth: organisational sign-in for people who already exist,
and second-factor keys sealed in the database.

- Nobody signs up through an identity provider: the first sign-in links to the existing person
  whose address the provider vouches for. A provider vouches for an address when it says
  `email_verified`, or when it is the organisation's own directory (`vouches_for_domains`) and
  the address is in one of the domains the system's admin mapped to it. Any other claim links
  nothing, so typing someone else's address into some provider gets nobody in.
- allauth's own second-factor stage is left out: identity/gate.py asks for the second factor after
  every way in, this one included, and counts the provider's `amr` claim.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from commonground.core import sealing

SECRET_SALT = "commonground.identity.client-secret"
TOTP_SALT = "commonground.identity.totp"


def seal_client_secret(secret: str) -> str:
    return sealing.seal(secret, salt=SECRET_SALT, label="client secret") if secret else ""


def open_client_secret(sealed: str) -> str:
    return sealing.open_sealed(sealed, salt=SECRET_SALT, label="client secret") if sealed else ""


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        return [stage for stage in super().get_login_stages() if not stage.startswith("allauth.mfa.")]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def list_apps(self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None) -> list[Any]:
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for app in apps:
            if app.pk is not None and app.secret:
                app.secret = open_client_secret(app.secret)
        return apps

    def authenticate_by_email(self, sociallogin: Any) -> tuple[Any, str] | None:
        from commonground.identity import discovery

        vouched = discovery.vouched_domains(sociallogin.account.provider)
        for address in sociallogin.email_addresses:
            domain = address.email.rpartition("@")[2].lower()
            if not address.verified and domain in vouched:
                address.verified = True
        return super().authenticate_by_email(sociallogin)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        """Keep the provider's `amr` claim for the second-factor gate, which reads it at sign-in."""
        claims = sociallogin.account.extra_data.get("id_token") or {}
        amr = claims.get("amr") or []
        request._identity_provider_amr = [str(method) for method in amr] if isinstance(amr, list) else []  # type: ignore[attr-defined]


class SecondFactorAdapter(DefaultMFAAdapter):
    """Second-factor keys are sealed in the database, not stored as they are; a passkey names
    the product and the person (their address and full name), not the host."""

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        return {**super().get_public_key_credential_rp_entity(), "name": settings.MFA_TOTP_ISSUER}

    def get_public_key_credential_user_entity(self, user: Any) -> dict[str, Any]:
        entity = super().get_public_key_credential_user_entity(user)
        return {**entity, "name": user.email, "display_name": user.full_name or user.email}

    def encrypt(self, text: str) -> str:
        return sealing.seal(text, salt=TOTP_SALT, label="totp")

    def decrypt(self, encrypted_text: str) -> str:
        return sealing.open_sealed(encrypted_text, salt=TOTP_SALT, label="totp")
