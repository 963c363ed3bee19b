"""Permission-matrix cases for the mentoring app's URLs (gathered by tests/test_permissions.py).

The coordinator's pages are the lead's; a participant's and a mentor's page is theirs; a match's
actions are POST only; a mentor from outside the programme reaches their own page (tests/mentoring).
"""

from tests.matrix import Case, _members, programme
from tests.mentoring import objects as mo

POST_ONLY = _members(405, outsider=405)  # GET changes nothing
LEAD_ONLY = _members(404, lead=200)


def _match(w):  # type: ignore[no-untyped-def]
    return {"programme_id": w.programme.pk, "match_id": mo.match(w).pk}


def _east(w):  # type: ignore[no-untyped-def]
    return {"programme_id": w.programme.pk, "cohort_id": w.east.pk}


CASES: list[Case] = [
    Case("mentoring:coordinator", kwargs=programme, expected=LEAD_ONLY),
    Case("mentoring:offer-save", kwargs=programme, expected=POST_ONLY),
    Case("mentoring:rules-save", kwargs=programme, expected=POST_ONLY),
    Case("mentoring:line-import", kwargs=programme, expected=POST_ONLY),
    Case("mentoring:run", kwargs=programme, expected=POST_ONLY),
    Case("mentoring:approve-all", kwargs=programme, expected=POST_ONLY),
    Case("mentoring:match-approve", kwargs=_match, expected=POST_ONLY),
    Case("mentoring:buddies", kwargs=_east, expected=LEAD_ONLY),
    Case(
        "mentoring:buddies",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk},
        expected=_members(404),
        label="another programme's cohort",
    ),
    Case("mentoring:buddies-propose", kwargs=_east, expected=POST_ONLY),
    Case("mentoring:buddies-approve", kwargs=_east, expected=POST_ONLY),
    Case("mentoring:mine", kwargs=programme, expected=_members(404, lead=200, participant=200)),
    Case(
        "mentoring:mine",
        kwargs=lambda w: {"programme_id": w.other_programme.pk},
        expected=_members(404, outsider=200),
        label="another programme, where the outsider leads",
    ),
    Case("mentoring:preferences", kwargs=programme, expected=_members(404, participant=200)),
    Case("mentoring:match-accept", kwargs=_match, expected=POST_ONLY),
    Case("mentoring:match-decline", kwargs=_match, expected=POST_ONLY),
    Case("mentoring:match-meeting", kwargs=_match, expected=POST_ONLY),
    Case("mentoring:match-end", kwargs=_match, expected=POST_ONLY),
]
