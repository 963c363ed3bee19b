"""Permission-matrix cases for sign-in security and identity providers (gathered by tests/test_permissions.py)."""

from tests.identity import objects
from tests.matrix import Case, _all

STAFF_WITH_APP = {"lead": 302, "facilitator": 302, "outsider": 302}  # set up already: to the security page


def _system(w):  # type: ignore[no-untyped-def]
    return {"system_id": objects.lena_administers(w).pk}


def _provider(w):  # type: ignore[no-untyped-def]
    provider = objects.council_provider(w)
    return {"system_id": provider.system_id, "provider_id": provider.pk}


def _lena_has_a_passkey(w):  # type: ignore[no-untyped-def]
    objects.lena_has_a_passkey(w)
    return {}


CASES: list[Case] = [
    # Everyone signed in has passed the second factor here, so its page sends them on.
    Case("identity:second-factor", expected=_all(302)),
    Case("identity:set-up", expected=_all(200, anonymous=302, **STAFF_WITH_APP)),
    # Lena keeps a passkey too, so her page shows the form that removes one (test_odd_input posts it).
    Case("identity:security", kwargs=_lena_has_a_passkey, expected=_all(200, anonymous=302)),
    Case("identity:recovery-codes", expected=_all(200, anonymous=302)),
    Case("identity:remove", expected=_all(405, anonymous=302), label="GET changes nothing"),
    # Passkeys: the page's script posts for a challenge and posts the answer; GET does nothing.
    Case("identity:passkey-options", expected=_all(405, anonymous=302), label="GET changes nothing"),
    Case("identity:passkey-new-options", expected=_all(405, anonymous=302), label="GET changes nothing"),
    Case("identity:passkey-add", expected=_all(405, anonymous=302), label="GET changes nothing"),
    Case("identity:passkey-remove", kwargs=lambda w: {"passkey_id": objects.lena_has_a_passkey(w).pk},
         expected=_all(405, anonymous=302), label="GET changes nothing"),
    # A system's identity providers are its administrators' (Lena administers this one).
    Case("identity:providers", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("identity:provider-new", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("identity:provider-edit", kwargs=_provider, expected=_all(404, anonymous=302, lead=200)),
    Case(
        "identity:provider-edit",
        kwargs=lambda w: {"system_id": w.other_programme.system_id, "provider_id": objects.council_provider(w).pk},
        expected=_all(404, anonymous=302),
        label="another system's address for the provider",
    ),
    Case("identity:provider-remove", kwargs=_provider, expected=_all(405, anonymous=302), label="GET changes nothing"),
    # The organisational sign-in's round trip (allauth): starting it is a POST, its callback
    # without a state it issued is refused, and the names allauth reverses lead to the sign-in.
    Case("openid_connect_login", kwargs=lambda w: {"provider_id": objects.council_provider(w).app.provider_id},
         expected=_all(200)),
    Case("openid_connect_login", kwargs=lambda w: {"provider_id": "no-such-provider"}, expected=_all(404),
         label="unknown provider"),
    Case("openid_connect_callback", kwargs=lambda w: {"provider_id": objects.council_provider(w).app.provider_id},
         expected=_all(401), label="no state"),
    Case("socialaccount_login_cancelled", expected=_all(200)),
    Case("socialaccount_login_error", expected=_all(400)),
    Case("socialaccount_signup", expected=_all(302)),
    Case("account_login", expected=_all(302)),
    Case("account_signup", expected=_all(302)),
    Case("account_inactive", expected=_all(403)),
]


def _bob_in_two(w):  # type: ignore[no-untyped-def]
    system = objects.lena_administers(w)
    objects.bob_in_a_second_programme(w)
    return {"system_id": system.pk, "person_id": w.bob.pk}


CASES += [
    # Someone's data across a system's programmes is its administrators' to export or erase.
    Case("privacy:system-people", kwargs=_system, expected=_all(404, anonymous=302, lead=200)),
    Case("privacy:system-person-data", kwargs=_bob_in_two, expected=_all(405, anonymous=302),
         label="GET changes nothing"),
    Case("privacy:system-person-erase", kwargs=_bob_in_two, expected=_all(404, anonymous=302, lead=200)),
    Case("privacy:system-person-erase",
         kwargs=lambda w: {"system_id": objects.lena_administers(w).pk, "person_id": w.oscar.pk},
         expected=_all(404, anonymous=302), label="someone of another system"),
]
