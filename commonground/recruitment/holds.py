"""Places recruitment holds in cohorts: an open offer keeps a place until it is answered.

Registered with `grouping.holds` in `apps.py`, so a lead's cohort move counts offered places too.
"""

from collections.abc import Sequence

from django.db.models import Count

from commonground.recruitment.models import Offer


def open_offers(cohort_ids: Sequence[int]) -> dict[int, int]:
    """Open offers in each cohort (one query)."""
    return dict(
        Offer.objects.open()
        .filter(cohort_id__in=cohort_ids)
        .values_list("cohort_id")
        .annotate(n=Count("pk"))
        .values_list("cohort_id", "n")
    )
