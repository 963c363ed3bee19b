"""Permission-matrix cases for the programme's people pages (gathered by tests/test_permissions.py)."""

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from tests.conftest import World
from tests.matrix import Case, _all, _members, programme
from tests.programmes import objects
from tests.programmes.ledger_permission_cases import CASES as LEDGER_CASES

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
    # The programme's audit trail is the lead's; everyone's own "who has seen my data" is theirs.
    Case("programmes:audit-export", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "programmes:audit-export",
        kwargs=lambda w: {"programme_id": w.other_programme.pk},
        expected=_members(404, outsider=200),
        label="another programme's trail: only its own lead",
    ),
    # How long the programme keeps data is the lead's to see and change (tests/privacy/test_retention.py).
    Case("privacy:retention", kwargs=programme, expected=_members(404, lead=200)),
    Case(
        "privacy:retention",
        kwargs=lambda w: {"programme_id": w.other_programme.pk},
        expected=_members(404, outsider=200),
        label="another programme's periods: only its own lead",
    ),
    Case(
        "programmes:organisation-change-decide",
        kwargs=lambda w: {"programme_id": w.programme.pk, "change_id": objects.bobs_change(w).pk},
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    # Consents: everyone's own list; withdrawing is a POST, and only of one's own (tests/accounts/test_consents.py).
    Case("privacy:consents", expected=_all(200, anonymous=302)),
    Case(
        "privacy:consent-withdraw",
        kwargs=lambda w: {"record_id": alices_roster_consent(w)},
        expected=_all(405, anonymous=302),
        label="GET changes nothing",
    ),
    # Equality monitoring: the questions are the participant's own; the counts are the lead's.
    Case("development:equality", kwargs=programme, expected=_members(404, participant=200)),
    Case("development:equality-consent", kwargs=programme, expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("development:equality-withdraw", kwargs=programme, expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("development:equality-figures", kwargs=programme, expected=_members(404, lead=200)),
    # The funding ledger is the lead's (tests/programmes/test_ledger_pages.py).
    *LEDGER_CASES,
]


def alices_roster_consent(w: World) -> int:
    record = consent_ledger.give(person=w.alice, purpose=Purpose.ROSTER, programme_id=w.programme.pk)
    return record.pk
