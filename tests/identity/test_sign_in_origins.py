"""The sign-in page's Content Security Policy names the providers' origins; they are read once and
kept in the cache until a provider is added, changed or removed."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.identity import services
from commonground.identity.models import IdentityProvider, ProviderKind
from tests.conftest import World
from tests.identity import objects

SIGN_IN = reverse("accounts:login")


def _form_action() -> list[str]:
    policy = Client().get(SIGN_IN)["Content-Security-Policy"]
    return next(part for part in policy.split(";") if "form-action" in part).split()[2:]


def _provider_reads(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries.captured_queries if IdentityProvider._meta.db_table in query["sql"])


def _details(name: str, issuer: str, domain: str) -> services.Details:
    return services.Details(
        name=name, kind=ProviderKind.OIDC, tenant="", issuer=issuer, client_id="common-ground",
        client_secret="a client secret", domains=[domain],
    )


def test_the_sign_in_page_reads_the_providers_once_then_from_the_cache(world: World) -> None:
    objects.council_provider(world, issuer="https://sign-in.council.example")
    assert _form_action() == ["https://sign-in.council.example"]
    with CaptureQueriesContext(connection) as queries:
        assert _form_action() == ["https://sign-in.council.example"]
    assert _provider_reads(queries) == 0


def test_a_new_changed_or_removed_provider_is_seen_at_once(world: World) -> None:
    council = objects.council_provider(world, issuer="https://sign-in.council.example")
    assert _form_action() == ["https://sign-in.council.example"]
    trust = services.register(
        system=world.programme.system, details=_details("Trust", "https://id.trust.example", "trust.example")
    )
    assert _form_action() == ["https://id.trust.example", "https://sign-in.council.example"]
    services.update(provider=trust, details=_details("Trust", "https://login.trust.example/tenant", "trust.example"))
    assert _form_action() == ["https://login.trust.example", "https://sign-in.council.example"]
    services.remove(provider=council)
    assert _form_action() == ["https://login.trust.example"]


def test_a_provider_deleted_with_its_system_leaves_the_sign_in_page(world: World) -> None:
    elsewhere = _details("Elsewhere", "https://id.elsewhere.example", "elsewhere.example")
    other = services.register(system=world.other_programme.system, details=elsewhere)
    assert _form_action() == ["https://id.elsewhere.example"]
    other.app.delete()  # as when the demo is reset, or a system goes with its providers
    assert _form_action() == []
