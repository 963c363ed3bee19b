"""Permission-matrix cases for onboarding (gathered by tests/test_permissions.py).

A system's onboarding is for the site's administrators (tests/onboarding/test_pages.py signs one
in) and the system's own administrators: Lena once she administers her system. Everyone else,
leads of the system's programmes included, gets 404, and so does Lena for another system.
"""

from tests.identity import objects as identity_objects
from tests.matrix import Case, _all

NOBODY = _all(404, anonymous=302)
ADMIN_ONLY = _all(404, anonymous=302, lead=200)

STEPS = ("tasks", "details", "places", "organisations", "import", "sectors", "sign-in", "programme",
         "eligibility", "checklist")


def administered(w):  # type: ignore[no-untyped-def]
    return {"system_id": identity_objects.lena_administers(w).pk}


def own_system(w):  # type: ignore[no-untyped-def]
    return {"system_id": w.programme.system_id}


def other_system(w):  # type: ignore[no-untyped-def]
    identity_objects.lena_administers(w)
    return {"system_id": w.other_programme.system_id}


CASES: list[Case] = [
    Case("onboarding:index", expected=NOBODY, label="nobody here administers a system"),
    Case("onboarding:index", kwargs=lambda w: (identity_objects.lena_administers(w), {})[1],
         expected=_all(404, anonymous=302, lead=302), label="Lena goes to her own system"),
    Case("onboarding:invite", kwargs=lambda w: (identity_objects.lena_administers(w), {})[1], expected=NOBODY,
         label="inviting is the site administrators' alone, Lena administering a system too"),
    *(Case(f"onboarding:{step}", kwargs=administered, expected=ADMIN_ONLY, label="Lena administers the system")
      for step in STEPS),
    *(Case(f"onboarding:{step}", kwargs=own_system, expected=NOBODY, label="leading a programme is not administering")
      for step in ("tasks", "checklist", "places")),
    *(Case(f"onboarding:{step}", kwargs=other_system, expected=NOBODY, label="another system's, Lena administering hers")
      for step in STEPS),
]
