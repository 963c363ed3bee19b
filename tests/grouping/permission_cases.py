"""Permission-matrix cases for the learning sets' URLs (gathered by tests/test_permissions.py).

Leads form, adjust and publish a cohort's sets; facilitators look at them and take them away (the
downloads follow the sets page); a participant sees only their own set.
"""

from tests.conftest import World
from tests.grouping import objects as grp
from tests.matrix import Case, _members, programme


def _east(w: World) -> dict[str, int | str]:
    sets = grp.east_sets(w)
    return {"programme_id": sets.cohort.programme_id, "cohort_id": sets.cohort_id}


def _other_cohort(w: World) -> dict[str, int | str]:
    return {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk}


DOWNLOADS = [
    case
    for name, what in (("grouping:sets-csv", "CSV"), ("grouping:sets-xlsx", "XLSX"), ("grouping:sets-pdf", "PDF"))
    for case in (
        Case(name, kwargs=_east, expected=_members(404, lead=200, facilitator=200), label=f"Alice's cohort's sets as {what}"),
        Case(name, kwargs=_other_cohort, expected=_members(404), label="another programme's cohort through this programme"),
    )
]

CASES: list[Case] = [
    Case("grouping:placement", kwargs=programme, expected=_members(404, lead=200)),
    Case("grouping:placement-move", kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.alice.pk},
         expected=_members(404, lead=200), label="Alice"),
    Case("grouping:placement-move", kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.oscar.pk},
         expected=_members(404), label="someone from another programme"),
    Case("grouping:sets", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": grp.east_sets(w).cohort_id},
         expected=_members(404, lead=200, facilitator=200), label="Alice's cohort"),
    Case("grouping:sets", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk},
         expected=_members(404), label="another programme's cohort through this programme"),
    Case("grouping:run-status",
         kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk, "run_id": grp.east_run(w).pk},
         expected=_members(404, lead=302, facilitator=302), label="without HTMX it sends staff to the sets page"),
    Case("grouping:run-status",
         kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.west.pk, "run_id": grp.east_run(w).pk},
         expected=_members(404), label="a run through another cohort"),
    Case("grouping:generate", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("grouping:move", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("grouping:lock", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("grouping:keep-apart", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("grouping:facilitator",
         kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk, "set_id": grp.east_sets(w).pk},
         expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("grouping:publish", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(404, lead=200), label="GET asks to confirm and changes nothing"),
    Case("grouping:my-set", kwargs=lambda w: {"programme_id": grp.east_sets(w).cohort.programme_id},
         expected=_members(404, participant=200, facilitator=200)),
    *DOWNLOADS,
]
