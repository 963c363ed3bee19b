"""Permission-matrix cases for offboarding (gathered by tests/test_permissions.py).

A system leaving is the site administrators' alone: every role of the matrix, a system's own
administrators included, gets 404 (tests/offboarding/test_pages.py signs in a site administrator).
"""

from tests.identity import objects as identity_objects
from tests.matrix import Case, _all

NOBODY = _all(404, anonymous=302)


def own_system(w):  # type: ignore[no-untyped-def]
    return {"system_id": w.programme.system_id}


CASES: list[Case] = [
    Case("offboarding:records", expected=NOBODY),
    Case("offboarding:system", kwargs=own_system, expected=NOBODY),
    Case("offboarding:system", kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk},
         expected=NOBODY, label="Lena administers the system: still not a site administrator"),
    Case("offboarding:export", kwargs=own_system, expected=NOBODY, label="nobody learns it exists, GET or POST"),
    Case("offboarding:delete", kwargs=own_system, expected=NOBODY),
    Case("offboarding:delete", kwargs=lambda w: {"system_id": w.other_programme.system_id}, expected=NOBODY,
         label="the outsider's own system"),
]
