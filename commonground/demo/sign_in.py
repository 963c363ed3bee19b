"""Sign-in security in the demo: the demo's staff hold an authenticator app whose key is published
(README: DEMO_TOTP_SECRET), so anyone can sign in as them; while DEMO_MODE is on, the code page
also shows its current code. No passkey is seeded (one lives on a device, which seeding cannot
give anyone): the security page offers "Add a passkey", which works with the demo opened at
http://localhost (browsers make no passkey for a numeric address such as 127.0.0.1, and the page
says so). The demo lead administers the demo system, which has one example identity provider for
a domain no demo person uses (its tenant does not exist)."""

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.socialaccount.models import SocialApp
from django.db.models import QuerySet

from commonground.accounts.models import Person
from commonground.identity import services
from commonground.identity.models import IdentityProvider, ProviderKind
from commonground.programmes.models import Programme, System, SystemAdmin

# Published on purpose: the demo's staff are fictional and exist only in demo data.
DEMO_TOTP_SECRET = "COMMONGROUNDDEMOSTAFFKEY234567AB"
DEMO_STAFF = ("lead@demo.example", "facilitator@demo.example")
EXAMPLE_DOMAIN = "northshire-council.example"


def seed_sign_in_demo(*, programme: Programme) -> None:
    for person in Person.objects.filter(email__in=DEMO_STAFF):
        if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(person, DEMO_TOTP_SECRET)
            RecoveryCodes.activate(person)
    lead = Person.objects.get(email="lead@demo.example")
    SystemAdmin.objects.get_or_create(system=programme.system, person=lead)
    if not IdentityProvider.objects.filter(system=programme.system).exists():
        services.register(
            system=programme.system,
            details=services.Details(
                name="Northshire County Council (example)", kind=ProviderKind.ENTRA,
                tenant="00000000-0000-4000-8000-000000000000", issuer="",
                client_id="11111111-2222-4333-8444-555555555555", client_secret="not a real secret",
                domains=[EXAMPLE_DOMAIN],
            ),
        )


def delete_sign_in_demo(systems: QuerySet[System]) -> None:
    """The example providers' allauth apps, which deleting the system would leave behind."""
    SocialApp.objects.filter(identity_provider__system__in=systems).delete()
