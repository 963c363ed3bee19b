"""Home-realm discovery: the domain of a typed address says which organisation's sign-in to use."""

from typing import Any
from urllib.parse import urlsplit

import requests
from allauth.socialaccount.adapter import get_adapter
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from commonground.identity.models import EmailDomain, IdentityProvider
from commonground.programmes.models import Membership


def domain_of(email: str) -> str:
    return email.strip().rpartition("@")[2].lower()


def provider_for(email: str) -> IdentityProvider | None:
    """The provider for this address: when several systems map its domain, the one of a system
    the person already works in, else the first registered."""
    domain = domain_of(email)
    if not domain:
        return None
    providers = list(
        IdentityProvider.objects.filter(domains__domain=domain).select_related("app").order_by("pk")
    )
    if len(providers) > 1:
        systems = set(
            Membership.objects.filter(person__email__iexact=email.strip()).values_list(
                "programme__system_id", flat=True
            )
        )
        providers.sort(key=lambda provider: provider.system_id not in systems)
    return providers[0] if providers else None


def route(request: HttpRequest, email: str, next_url: str) -> HttpResponse | None:
    """Send the person to their organisation's sign-in, with their address as the login hint."""
    provider = provider_for(email)
    if provider is None:
        return None
    allauth_provider = get_adapter(request).get_provider(request, provider.app.provider_id)
    try:
        response: HttpResponse = allauth_provider.redirect(
            request, "login", next_url=next_url or None, auth_params={"login_hint": email.strip()}
        )
    except requests.RequestException:
        from commonground.identity.views_allauth import unreachable

        return unreachable(request)
    return response


def vouched_domains(provider_id: str) -> set[str]:
    """Domains whose addresses this provider (allauth's provider id) is trusted to vouch for."""
    return set(
        EmailDomain.objects.filter(
            provider__app__provider_id=provider_id, provider__vouches_for_domains=True
        ).values_list("domain", flat=True)
    )


ORIGINS_KEY = "identity:provider-origins"
ORIGINS_SECONDS = 60 * 60 * 24


def origins() -> list[str]:
    """Where the providers sign people in (their issuers' origins; Microsoft Entra ID and most
    providers serve their authorization endpoint there). Every sign-in page asks, for its Content
    Security Policy, so the answer is kept in the cache until a provider changes."""
    cached: list[str] | None = cache.get(ORIGINS_KEY)
    if cached is not None:
        return cached
    found = set()
    for provider in IdentityProvider.objects.only("kind", "tenant", "issuer"):
        parts = urlsplit(provider.server_url)
        if parts.scheme in ("https", "http") and parts.netloc:
            found.add(f"{parts.scheme}://{parts.netloc}")
    answer = sorted(found)
    cache.set(ORIGINS_KEY, answer, ORIGINS_SECONDS)
    return answer


def forget_origins(**_: Any) -> None:
    """A provider was added, changed or removed: the next sign-in page reads them afresh. Forgotten
    now and again once the change is committed, so a page that read the old rows meanwhile does not
    keep them."""
    cache.delete(ORIGINS_KEY)
    transaction.on_commit(lambda: cache.delete(ORIGINS_KEY))
