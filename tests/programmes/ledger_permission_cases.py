"""Permission-matrix cases for the funding ledger: every page is the lead's alone, and another
programme's rows answer 404 through this programme, even to its own lead (gathered by
tests/programmes/permission_cases.py)."""

from collections.abc import Callable

from django.db.models import Model

from tests.conftest import World
from tests.matrix import Case, _members, programme
from tests.programmes import ledger_objects as objects

LEAD_ONLY = _members(404, lead=200)
NOBODY = _members(404)


def _with(key: str, made: Callable[[World], Model]) -> Callable[[World], dict[str, int | str]]:
    return lambda w: {"programme_id": w.programme.pk, key: made(w).pk}


CASES: list[Case] = [
    Case("programmes:ledger", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:ledger-history", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:ledger-spending", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:funder-add", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:funder-edit", kwargs=_with("funder_id", objects.trust), expected=LEAD_ONLY),
    Case("programmes:funder-edit", kwargs=_with("funder_id", objects.elsewhere_funder), expected=NOBODY,
         label="another system's funder through this programme"),
    Case("programmes:funder-delete", kwargs=_with("funder_id", objects.trust), expected=LEAD_ONLY,
         label="GET asks first; deleting is a POST"),
    Case("programmes:funder-delete", kwargs=_with("funder_id", objects.elsewhere_funder), expected=NOBODY,
         label="another system's funder through this programme"),
    Case("programmes:funder-transfers", kwargs=_with("funder_id", objects.partner), expected=LEAD_ONLY),
    Case("programmes:funder-transfers", kwargs=_with("funder_id", objects.elsewhere_funder), expected=NOBODY,
         label="another system's funder through this programme"),
    Case("programmes:contribution-add", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:contribution-edit", kwargs=_with("contribution_id", objects.trust_grant), expected=LEAD_ONLY),
    Case("programmes:contribution-edit", kwargs=_with("contribution_id", objects.elsewhere_grant), expected=NOBODY,
         label="another programme's contribution through this programme"),
    Case("programmes:contribution-delete", kwargs=_with("contribution_id", objects.trust_grant),
         expected=LEAD_ONLY, label="GET asks first; deleting is a POST"),
    Case("programmes:contribution-delete", kwargs=_with("contribution_id", objects.elsewhere_grant),
         expected=NOBODY, label="another programme's contribution through this programme"),
    Case("programmes:budget-line-add", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:budget-line-edit", kwargs=_with("line_id", objects.venues), expected=LEAD_ONLY),
    Case("programmes:budget-line-edit", kwargs=_with("line_id", objects.elsewhere_line), expected=NOBODY,
         label="another programme's budget line through this programme"),
    Case("programmes:budget-line-delete", kwargs=_with("line_id", objects.venues), expected=LEAD_ONLY,
         label="GET asks first; deleting is a POST"),
    Case("programmes:budget-line-delete", kwargs=_with("line_id", objects.elsewhere_line), expected=NOBODY,
         label="another programme's budget line through this programme"),
    Case("programmes:spend-add", kwargs=programme, expected=LEAD_ONLY),
    Case("programmes:spend-edit", kwargs=_with("spend_id", objects.lunch), expected=LEAD_ONLY),
    Case("programmes:spend-edit", kwargs=_with("spend_id", objects.elsewhere_spend), expected=NOBODY,
         label="another programme's spending through this programme"),
    Case("programmes:spend-delete", kwargs=_with("spend_id", objects.lunch), expected=LEAD_ONLY,
         label="GET asks first; deleting is a POST"),
    Case("programmes:spend-delete", kwargs=_with("spend_id", objects.elsewhere_spend), expected=NOBODY,
         label="another programme's spending through this programme"),
    # Which sessions support in kind delivered: the schedule's page, the lead's alone.
    Case("schedule:contribution-sessions", kwargs=_with("contribution_id", objects.partner_days),
         expected=LEAD_ONLY),
    Case("schedule:contribution-sessions", kwargs=_with("contribution_id", objects.trust_grant),
         expected=NOBODY, label="cash delivers no sessions"),
    Case("schedule:contribution-sessions", kwargs=_with("contribution_id", objects.elsewhere_grant),
         expected=NOBODY, label="another programme's contribution through this programme"),
]
