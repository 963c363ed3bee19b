"""Learning sets follow a participant's cohort at once.

`leave_old_sets` is registered with `programmes.cohorts` in `apps.py` and runs inside the
transaction that moves people. Someone who leaves a cohort leaves its learning sets as a withdrawn
participant does (`services.leave_learning_sets`): their keep-apart pairs there go, their former
set-mates are told at the next publish, and a published cohort's encounters follow its sets. They
have no set in their new cohort until its sets are generated again.

Set-based: a fixed number of queries for all the people, plus one encounter sync per published
cohort they left.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_

from django.db.models import Q

from commonground.grouping.models import KeepApart, LearningSetMember
from commonground.grouping.services import sync_encounters
from commonground.programmes.cohorts import CohortChange
from commonground.programmes.models import Cohort


def leave_old_sets(changes: Sequence[CohortChange], *, now: dt.datetime) -> None:
    """Take everyone who left a cohort out of that cohort's learning sets."""
    leave_sets(
        places=[(c.from_cohort_id, c.person_id) for c in changes if c.from_cohort_id is not None],
        now=now,
    )


def leave_sets(*, places: Iterable[tuple[int, int]], now: dt.datetime) -> None:
    """Take each (cohort id, person id) out of that cohort's learning sets and keep-apart pairs."""
    people_in: dict[int, set[int]] = defaultdict(set)
    for cohort_id, person_id in places:
        people_in[cohort_id].add(person_id)
    if not people_in:
        return
    KeepApart.objects.filter(
        reduce(
            or_,
            (
                Q(cohort_id=cohort_id) & (Q(person_a_id__in=ids) | Q(person_b_id__in=ids))
                for cohort_id, ids in people_in.items()
            ),
        )
    ).delete()
    seats = list(
        LearningSetMember.objects.filter(
            reduce(
                or_,
                (Q(cohort_id=cohort_id, person_id__in=ids) for cohort_id, ids in people_in.items()),
            )
        ).values_list("pk", "learning_set_id", "cohort_id", "learning_set__published_at")
    )
    if not seats:
        return
    LearningSetMember.objects.filter(pk__in=[pk for pk, _, _, _ in seats]).delete()
    LearningSetMember.objects.filter(learning_set_id__in={s for _, s, _, _ in seats}).update(
        notified_at=None
    )
    published = {cohort_id for _, _, cohort_id, at in seats if at is not None}
    for cohort in Cohort.objects.filter(pk__in=published).select_related("programme"):
        sync_encounters(cohort=cohort, now=now)
