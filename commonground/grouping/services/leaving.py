"""Taking people out of a cohort's learning sets (they withdrew, or moved cohort).

Their keep-apart pairs there go, their former set-mates are told at the next publish, and a
published cohort's encounters follow its sets. Set-based: a fixed number of queries for all the
people, plus one encounter sync per published cohort they left.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils import timezone

from commonground.grouping.models import KeepApart, LearningSetMember
from commonground.grouping.services.encounters import sync_encounters
from commonground.programmes.models import Cohort


def leave_learning_sets(*, cohort_id: int, person_id: int, now: dt.datetime | None = None) -> None:
    """Take someone out of a cohort's sets (they withdrew or moved cohort)."""
    leave_sets(places=[(cohort_id, person_id)], now=now or timezone.now())


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
