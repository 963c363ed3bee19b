"""Permission-matrix cases for the alumni app's URLs (gathered by tests/test_permissions.py).

Alice completed an earlier programme of the system, so she is its alumna: her own pages are hers
alone (404 for everyone else). The directory and its map are for the system's alumni and the
people taking part in its programmes (leads, facilitators, participants); sponsors, funders and
other systems' people get 404.
"""

from tests.alumni import objects as al
from tests.matrix import Case, _all, _members

POST_ONLY = _members(405, outsider=405)  # GET changes nothing
DIRECTORY = _members(200, sponsor=404, funder=404)


def _system(w):  # type: ignore[no-untyped-def]
    al.alice_is_alumna(w)
    return {"system_id": w.programme.system_id}


def _other_system(w):  # type: ignore[no-untyped-def]
    al.alice_is_alumna(w)
    return {"system_id": w.other_programme.system_id}


def _forged(w):  # type: ignore[no-untyped-def]
    al.alice_is_alumna(w)
    return {"system_id": 987654}


def _home(w):  # type: ignore[no-untyped-def]
    al.alice_is_alumna(w)
    return {}


ALICE_ONLY = _all(404, anonymous=302, participant=200)
NOBODY = _all(404, anonymous=302)

CASES: list[Case] = [
    Case("alumni:home", kwargs=_home, expected=ALICE_ONLY, label="Alice is alumna of the earlier programme"),
    Case("alumni:entry", kwargs=_system, expected=ALICE_ONLY),
    Case("alumni:entry", kwargs=_other_system, expected=NOBODY, label="another system's entry"),
    Case("alumni:entry", kwargs=_forged, expected=NOBODY, label="forged system id"),
    Case("alumni:renew", kwargs=_system, expected=POST_ONLY),
    Case("alumni:opt-out", kwargs=_system, expected=POST_ONLY),
    Case("alumni:offer", kwargs=_system, expected=ALICE_ONLY),
    Case("alumni:offer", kwargs=_other_system, expected=NOBODY, label="another system"),
    Case("alumni:offer-withdraw", kwargs=lambda w: {**_system(w), "programme_id": w.programme.pk},
         expected=POST_ONLY),
    Case("alumni:directory", kwargs=_system, expected=DIRECTORY),
    Case("alumni:directory", kwargs=_other_system, expected=_all(404, anonymous=302, outsider=200),
         label="another system's directory: its lead alone"),
    Case("alumni:directory", kwargs=_forged, expected=NOBODY, label="forged system id"),
    Case("alumni:map", kwargs=_system, expected=DIRECTORY),
    Case("alumni:map", kwargs=_other_system, expected=_all(404, anonymous=302, outsider=200),
         label="another system's map: its lead alone"),
]
