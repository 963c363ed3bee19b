"""Places held in a cohort: its participants, and places other apps hold for people not yet in it.

Recruitment sits above grouping, so grouping cannot count its open offers itself. An app that holds
places registers a counter with `register_holds` in its `AppConfig.ready()`; `places_held` adds
them to the participants. A lead's move by hand counts against capacity with it.
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

from django.db.models import Count

from commonground.programmes.models import Membership


class HoldCounter(Protocol):
    def __call__(self, cohort_ids: Sequence[int]) -> Mapping[int, int]:
        """Places held in each of these cohorts (cohort id -> count; a cohort with none may be left out)."""
        ...


_counters: dict[str, HoldCounter] = {}


def register_holds(name: str, counter: HoldCounter) -> None:
    """Count `counter`'s places as held from now on (call from `AppConfig.ready()`); registering a
    name again replaces its counter."""
    _counters[name] = counter


def places_held(cohort_ids: Sequence[int]) -> dict[int, int]:
    """Places held in each cohort: participants plus every registered app's holds (one query each)."""
    held: Counter[int] = Counter(
        dict(
            Membership.objects.participants()
            .filter(cohort_id__in=cohort_ids)
            .values_list("cohort_id")
            .annotate(n=Count("pk"))
            .values_list("cohort_id", "n")
        )
    )
    for counter in _counters.values():
        held.update(counter(cohort_ids))
    return dict(held)
