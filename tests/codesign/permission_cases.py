"""Permission-matrix cases for the codesign app's URLs (gathered by tests/test_permissions.py).

Issues are for those who take part (participants and staff); proposing is for participants and
leads; moderation, the audit trail and team formation are for leads; a team's workspace is for
its members and the staff; the showcase is for every member, and public only once published.
"""

from tests.codesign import objects as cd
from tests.matrix import Case, _all, _members, programme

TAKING_PART = _members(200, sponsor=404, funder=404)
POST_ONLY = _members(405, outsider=405)  # GET changes nothing


def _issue(w):  # type: ignore[no-untyped-def]
    return {"programme_id": w.programme.pk, "issue_id": cd.adopted_issue(w).pk}


def _east(w):  # type: ignore[no-untyped-def]
    return {"programme_id": w.programme.pk, "cohort_id": w.east.pk}


def _alice_team(w):  # type: ignore[no-untyped-def]
    return {"programme_id": w.programme.pk, "team_id": cd.alice_team(w).pk}


CASES: list[Case] = [
    Case("codesign:issue-list", kwargs=programme, expected=TAKING_PART),
    Case("codesign:issue-new", kwargs=programme, expected=_members(404, lead=200, participant=200)),
    Case("codesign:issue-detail", kwargs=_issue, expected=TAKING_PART, label="an East issue"),
    Case(
        "codesign:issue-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "issue_id": 987654},
        expected=_members(404),
        label="forged issue id",
    ),
    Case(
        "codesign:issue-detail",
        kwargs=lambda w: {"programme_id": w.other_programme.pk, "issue_id": cd.adopted_issue(w).pk},
        expected=_members(404),
        label="this programme's issue through another programme",
    ),
    Case("codesign:issue-support", kwargs=_issue, expected=POST_ONLY),
    Case("codesign:comment-add", kwargs=_issue, expected=POST_ONLY),
    Case(
        "codesign:comment-hide",
        kwargs=lambda w: {
            "programme_id": w.programme.pk,
            "issue_id": cd.adopted_issue(w).pk,
            "comment_id": cd.comment(w).pk,
        },
        expected=POST_ONLY,
    ),
    Case("codesign:issue-state", kwargs=_issue, expected=POST_ONLY),
    Case("codesign:issue-merge", kwargs=_issue, expected=POST_ONLY),
    Case("codesign:audit", kwargs=programme, expected=_members(404, lead=200)),
    Case("codesign:interest", kwargs=programme, expected=_members(404, participant=200)),
    Case("codesign:formation", kwargs=_east, expected=_members(404, lead=200)),
    Case(
        "codesign:formation",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk},
        expected=_members(404),
        label="another programme's cohort",
    ),
    Case("codesign:formation-run", kwargs=_east, expected=POST_ONLY),
    Case("codesign:formation-move", kwargs=_east, expected=POST_ONLY),
    Case("codesign:formation-publish", kwargs=_east, expected=POST_ONLY),
    Case("codesign:team-list", kwargs=programme, expected=TAKING_PART),
    Case("codesign:team", kwargs=_alice_team, expected=TAKING_PART, label="Alice's team"),
    Case(
        "codesign:team",
        kwargs=lambda w: {"programme_id": w.programme.pk, "team_id": cd.west_team(w).pk},
        expected=_members(404, lead=200, facilitator=200),
        label="a West team Alice is not in",
    ),
    Case("codesign:milestone-add", kwargs=_alice_team, expected=POST_ONLY),
    Case(
        "codesign:milestone-done",
        kwargs=lambda w: {
            "programme_id": w.programme.pk,
            "team_id": cd.alice_team(w).pk,
            "milestone_id": cd.milestone(w).pk,
        },
        expected=POST_ONLY,
    ),
    Case("codesign:update-add", kwargs=_alice_team, expected=POST_ONLY),
    Case("codesign:document-add", kwargs=_alice_team, expected=POST_ONLY),
    Case("codesign:team-partner", kwargs=_alice_team, expected=POST_ONLY),
    Case(
        "codesign:outcome-new",
        kwargs=lambda w: (cd.alice_team(w), programme(w))[1],
        expected=_members(404, lead=200, participant=200),
        label="Alice's team works on an adopted issue",
    ),
    Case(
        "codesign:outcome-new",
        kwargs=programme,
        expected=_members(404, lead=200),
        label="no team: leads only",
    ),
    Case("codesign:showcase", kwargs=programme, expected=_members(200)),
    Case("codesign:showcase-publish", kwargs=programme, expected=POST_ONLY),
    Case(
        "codesign:public-showcase",
        kwargs=lambda w: {"token": cd.showcase(w, published=True).token},
        expected=_all(200),
        label="published: anyone may read it",
    ),
    Case(
        "codesign:public-showcase",
        kwargs=lambda w: {"token": cd.showcase(w, published=False).token},
        expected=_all(404),
        label="not published",
    ),
    Case(
        "codesign:public-showcase",
        kwargs=lambda w: {"token": "forged"},
        expected=_all(404),
        label="forged token",
    ),
]
