"""Permission-matrix cases for recruitment's newer URLs (gathered by tests/test_permissions.py)."""

from tests.matrix import Case, _all, _members
from tests.recruitment import objects as rec

ALICE_ONLY = {
    "anonymous": 302, "lead": 404, "facilitator": 404, "participant": 200, "sponsor": 404, "funder": 404,
    "outsider": 404,
}

CASES: list[Case] = [
    # The page after the public form: the same for everyone, while applications are open.
    Case("recruitment:check-email", kwargs=lambda w: {"programme_id": rec.open_applications(w).programme_id},
         expected=_all(200), label="applications open"),
    Case("recruitment:check-email", kwargs=lambda w: {"programme_id": w.other_programme.pk}, expected=_all(404),
         label="applications not open"),
    # A held application is confirmed only by its address's owner, signed in.
    Case("recruitment:application-confirm", kwargs=lambda w: {"token": rec.alices_confirm_token(w)},
         expected=ALICE_ONLY, label="sent to Alice's address"),
    Case("recruitment:application-confirm", kwargs=lambda w: {"token": "forged:signature"},
         expected=_all(404, anonymous=302), label="forged link"),
    # A signed-in sponsor answers an application sent to their own address (the emailed link's page).
    Case(
        "recruitment:support-signed-in",
        kwargs=lambda w: {"programme_id": w.programme.pk, "application_id": rec.waiting_for_sam(w).pk},
        expected=_members(404, sponsor=200),
        label="sent to Sam's address",
    ),
    Case(
        "recruitment:application-decide",
        kwargs=lambda w: {"programme_id": w.programme.pk, "application_id": rec.application(w).pk},
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
]
