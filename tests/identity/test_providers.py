"""A system administrator registers the system's identity providers; the sign-in page follows."""

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.test import Client
from django.urls import reverse

from commonground.identity import discovery
from commonground.identity.models import EmailDomain, IdentityProvider
from tests import factories
from tests.conftest import World
from tests.identity import objects

FORM = {
    "name": "NHSmail", "kind": "entra", "tenant": "nhs.example", "issuer": "", "client_id": "abc-123",
    "client_secret": "s3cret-value", "domains": "NHS.example\n@trust.example", "vouches_for_domains": "on",
}


def _admin(w: World) -> Client:
    objects.lena_administers(w)
    client = Client()
    client.force_login(w.lena)
    return client


def _new(w: World) -> str:
    return reverse("identity:provider-new", args=[w.programme.system_id])


def test_an_entra_tenant_is_registered_with_its_domains_and_a_sealed_secret(world: World) -> None:
    client = _admin(world)
    response = client.post(_new(world), FORM)
    assert response.status_code == 302
    provider = IdentityProvider.objects.get(name="NHSmail")
    assert provider.server_url == "https://login.microsoftonline.com/nhs.example/v2.0"
    assert sorted(provider.domains.values_list("domain", flat=True)) == ["nhs.example", "trust.example"]
    assert provider.app.secret and "s3cret-value" not in provider.app.secret
    opened = get_adapter().get_app(None, provider=provider.app.provider_id)
    assert opened.secret == "s3cret-value"
    page = client.get(reverse("identity:provider-edit", args=[world.programme.system_id, provider.pk])).text
    assert "s3cret-value" not in page and provider.app.secret not in page
    # Changing it without typing a secret keeps the stored one.
    client.post(
        reverse("identity:provider-edit", args=[world.programme.system_id, provider.pk]),
        {**FORM, "client_secret": "", "domains": "nhs.example"},
    )
    assert get_adapter().get_app(None, provider=provider.app.provider_id).secret == "s3cret-value"
    assert list(provider.domains.values_list("domain", flat=True)) == ["nhs.example"]


def test_bad_input_names_the_problem_and_writes_nothing(world: World) -> None:
    client = _admin(world)
    objects.council_provider(world)
    apps_before = SocialApp.objects.count()
    for changes, message in [
        ({"domains": "nhs.example\nnot a domain"}, "“not” is not an email domain"),
        ({"domains": "council.example"}, "council.example already signs in with County Council"),
        ({"tenant": ""}, "Give the tenant id or domain"),
        ({"kind": "oidc", "issuer": ""}, "Give the issuer address"),
        ({"client_secret": ""}, "This field is required"),
        ({"name": "NHS\x07mail"}, ""),
    ]:
        response = client.post(_new(world), {**FORM, **changes})
        assert response.status_code == 400, changes
        assert message in response.text, changes
    assert SocialApp.objects.count() == apps_before
    assert not IdentityProvider.objects.filter(name="NHSmail").exists()


def test_removing_a_provider_removes_its_app_domains_and_links(world: World) -> None:
    client = _admin(world)
    provider = objects.council_provider(world)
    SocialAccount.objects.create(user=world.bob, provider=provider.app.provider_id, uid="bob")
    response = client.post(reverse("identity:provider-remove", args=[world.programme.system_id, provider.pk]))
    assert response.status_code == 302
    assert not IdentityProvider.objects.exists() and not EmailDomain.objects.exists()
    assert not SocialApp.objects.exists() and not SocialAccount.objects.exists()


def test_the_sign_in_page_lets_its_form_lead_only_to_registered_issuers(world: World) -> None:
    objects.council_provider(world, issuer="https://sign-in.council.example/tenant")
    policy = Client().get(reverse("accounts:login"))["Content-Security-Policy"]
    form_action = next(part for part in policy.split(";") if "form-action" in part)
    assert form_action.split() == ["form-action", "'self'", "https://sign-in.council.example"]


def test_an_address_in_several_systems_goes_to_the_provider_of_its_own_system(world: World) -> None:
    here = objects.council_provider(world)
    other_system = world.other_programme.system
    from commonground.identity import services
    from commonground.programmes.models import SystemAdmin

    SystemAdmin.objects.create(system=other_system, person=world.oscar)
    there = services.register(
        system=other_system,
        details=services.Details(
            name="Council elsewhere", kind="oidc", tenant="", issuer="https://elsewhere.example",
            client_id="x", client_secret="y", domains=["council.example"],
        ),
    )
    assert discovery.provider_for("nobody@council.example") == here  # the first registered
    olga = factories.PersonFactory(full_name="Olga Other", email="olga@council.example")
    factories.MembershipFactory(person=olga, programme=world.other_programme, role="participant")
    assert discovery.provider_for("Olga@Council.example") == there
    assert discovery.provider_for("alice@example.org") is None


def test_a_provider_that_does_not_answer_gets_a_page_saying_so(world: World) -> None:
    """Nothing listens on port 9 of this machine: the discovery document cannot be fetched."""
    objects.council_provider(world, issuer="http://127.0.0.1:9")
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "cleo@council.example", "password": ""})
    assert response.status_code == 502
    assert "did not answer" in response.text
    assert "Email me a sign-in link" in response.text
    provider = IdentityProvider.objects.get()
    start = client.post(reverse("openid_connect_login", args=[provider.app.provider_id]))
    assert start.status_code == 502
