"""Learning sets follow a participant's cohort at once.

`leave_old_sets` is registered with `programmes.cohorts` in `apps.py` and runs inside the
transaction that moves people. Someone who leaves a cohort leaves its learning sets as a withdrawn
participant does (`services.leaving`): their keep-apart pairs there go, their former set-mates are
told at the next publish, and a published cohort's encounters follow its sets. They have no set in
their new cohort until its sets are generated again.
"""

import datetime as dt
from collections.abc import Sequence

from commonground.grouping.services.leaving import leave_sets
from commonground.programmes.cohorts import CohortChange


def leave_old_sets(changes: Sequence[CohortChange], *, now: dt.datetime) -> None:
    """Take everyone who left a cohort out of that cohort's learning sets."""
    leave_sets(
        places=[(c.from_cohort_id, c.person_id) for c in changes if c.from_cohort_id is not None],
        now=now,
    )
