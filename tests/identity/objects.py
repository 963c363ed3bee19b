"""Objects the identity tests and the permission matrix share."""

import json

from allauth.mfa.models import Authenticator
from allauth.mfa.webauthn.internal.auth import WebAuthn
from fido2.utils import websafe_encode

from commonground.identity import services
from commonground.identity.models import IdentityProvider, ProviderKind
from commonground.programmes.models import Membership, Programme, Role, System, SystemAdmin
from tests.conftest import World
from tests.identity.soft_passkey import SoftPasskey


def lena_administers(w: World) -> System:
    """Lena, who leads the programme, is also an administrator of its system."""
    system = w.programme.system
    SystemAdmin.objects.get_or_create(system=system, person=w.lena)
    return system


def council_provider(w: World, *, issuer: str = "http://127.0.0.1:9") -> IdentityProvider:
    """An OpenID Connect provider for the County Council's addresses (by default at an address
    where nothing answers: the browser tests start a real one)."""
    system = lena_administers(w)
    existing = IdentityProvider.objects.filter(system=system, name="County Council").first()
    if existing is not None:
        return existing
    return services.register(
        system=system,
        details=services.Details(
            name="County Council", kind=ProviderKind.OIDC, tenant="", issuer=issuer,
            client_id="common-ground", client_secret="a client secret", domains=["council.example"],
        ),
    )


def bob_in_a_second_programme(w: World) -> Programme:
    """Bob also takes part in a second programme of the same system, so his data is not one
    programme's alone."""
    second, _ = Programme.objects.get_or_create(
        system=w.programme.system, title="Heartlands Second Intake",
        defaults={"starts_on": w.programme.starts_on, "ends_on": w.programme.ends_on},
    )
    Membership.objects.get_or_create(person=w.bob, programme=second, role=Role.PARTICIPANT)
    return second


def lena_has_a_passkey(w: World) -> Authenticator:
    """Lena also keeps a passkey (made by a passkey in software, stored as a ceremony would)."""
    existing = Authenticator.objects.filter(user=w.lena, type=Authenticator.Type.WEBAUTHN).first()
    if existing is not None:
        return existing
    answer = SoftPasskey().create({"publicKey": {"challenge": websafe_encode(b"a challenge nobody checks")}})
    return WebAuthn.add(w.lena, "Work laptop", json.loads(answer)).instance
