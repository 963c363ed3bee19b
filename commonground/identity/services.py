"""Registering a system's identity providers: the one owner of IdentityProvider, EmailDomain and
the allauth SocialApp behind each."""

import re
import secrets
from dataclasses import dataclass

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.identity import discovery
from commonground.identity.adapters import seal_client_secret
from commonground.identity.models import EmailDomain, IdentityProvider, ProviderKind
from commonground.programmes.models import System

DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def parse_domains(text: str) -> list[str]:
    """Domains typed one per line or separated by commas or spaces, checked and lower-cased."""
    domains: list[str] = []
    for raw in re.split(r"[\s,;]+", text.strip()):
        if not raw:
            continue
        domain = raw.lower().removeprefix("@")
        if not DOMAIN.match(domain):
            raise ValidationError({"domains": f"“{raw[:60]}” is not an email domain (for example nhs.net)."})
        if domain not in domains:
            domains.append(domain)
    if not domains:
        raise ValidationError({"domains": "Give at least one email domain, for example nhs.net."})
    return domains


def _check_domains_free(system: System, domains: list[str], *, provider: IdentityProvider | None) -> None:
    taken = (
        EmailDomain.objects.filter(provider__system=system, domain__in=domains)
        .exclude(provider=provider)
        .select_related("provider")
        .first()
    )
    if taken is not None:
        raise ValidationError({"domains": f"{taken.domain} already signs in with {taken.provider.name}."})


@dataclass(frozen=True)
class Details:
    """What a system administrator says about a provider."""

    name: str
    kind: str
    tenant: str
    issuer: str
    client_id: str
    client_secret: str  # empty when changing a provider: keep the one stored
    domains: list[str]
    vouches_for_domains: bool = True


def _check(system: System, details: Details, *, provider: IdentityProvider | None) -> None:
    _check_domains_free(system, details.domains, provider=provider)
    same_name = IdentityProvider.objects.filter(system=system, name=details.name)
    if provider is not None:
        same_name = same_name.exclude(pk=provider.pk)
    if same_name.exists():
        raise ValidationError({"name": f"{system} already has a provider called {details.name}."})


@transaction.atomic
def register(*, system: System, details: Details) -> IdentityProvider:
    _check(system, details, provider=None)
    app = SocialApp.objects.create(provider="openid_connect", provider_id=f"cg-{secrets.token_hex(6)}")
    return _write(IdentityProvider(system=system, app=app), details)


@transaction.atomic
def update(*, provider: IdentityProvider, details: Details) -> IdentityProvider:
    _check(provider.system, details, provider=provider)
    return _write(provider, details)


def _write(provider: IdentityProvider, details: Details) -> IdentityProvider:
    provider.name, provider.kind = details.name, details.kind
    provider.tenant, provider.issuer = details.tenant, details.issuer
    provider.vouches_for_domains = details.vouches_for_domains
    provider.full_clean()
    provider.save()
    app = provider.app
    app.name, app.client_id = provider.name, details.client_id
    if details.client_secret:
        app.secret = seal_client_secret(details.client_secret)
    settings = {"server_url": provider.server_url}
    if provider.kind == ProviderKind.ENTRA:
        settings["token_auth_method"] = "client_secret_post"
    app.settings = settings
    app.save()
    provider.domains.exclude(domain__in=details.domains).delete()
    have = set(provider.domains.values_list("domain", flat=True))
    EmailDomain.objects.bulk_create(EmailDomain(provider=provider, domain=d) for d in details.domains if d not in have)
    discovery.forget_origins()
    return provider


@transaction.atomic
def remove(*, provider: IdentityProvider) -> None:
    """People of its domains sign in with a password or an emailed link again; the links between
    people and their accounts at the provider go with it."""
    SocialAccount.objects.filter(provider=provider.app.provider_id).delete()
    provider.app.delete()  # the provider and its domains cascade
    discovery.forget_origins()
