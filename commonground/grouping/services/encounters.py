"""A published cohort's learning sets, as encounters: who the programme brought together.

The rows belong to the network app (`network.services.replace_encounters`); grouping only says
which people share a set now.
"""

import datetime as dt
from collections import defaultdict

from django.utils import timezone

from commonground.grouping.models import LearningSetMember
from commonground.network.models import EncounterSource
from commonground.network.services import replace_encounters
from commonground.programmes.models import Cohort


def encounter_ref(cohort: Cohort) -> str:
    return f"cohort-{cohort.pk}-sets"


def sync_encounters(
    *, cohort: Cohort, groups: list[list[int]] | None = None, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Make the cohort's learning-set encounters match its current sets: pairs no longer together are
    removed, new pairs added. Returns (added, removed)."""
    now = now or timezone.now()
    if groups is None:
        by_set: dict[int, list[int]] = defaultdict(list)
        for set_id, person_id in LearningSetMember.objects.filter(cohort=cohort).values_list(
            "learning_set_id", "person_id"
        ):
            by_set[set_id].append(person_id)
        groups = list(by_set.values())
    return replace_encounters(
        programme=cohort.programme,
        groups=groups,
        source=EncounterSource.LEARNING_SET,
        source_ref=encounter_ref(cohort),
        source_label=f"Learning set in {cohort.name}",
        occurred_on=timezone.localdate(now),
    )
