"""Permission-matrix cases for the programme's people pages (gathered by tests/test_permissions.py)."""

from tests.matrix import Case, _members, programme
from tests.programmes import objects

CASES: list[Case] = [
    # Sponsor grants and changes of organisation are the lead's; changes are POSTs.
    Case("programmes:sponsors", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "programmes:sponsor-revoke",
        kwargs=lambda w: {"programme_id": w.programme.pk, "membership_id": objects.sams_grant(w).pk},
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    Case("programmes:organisation-changes", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "programmes:organisation-change-decide",
        kwargs=lambda w: {"programme_id": w.programme.pk, "change_id": objects.bobs_change(w).pk},
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
]
