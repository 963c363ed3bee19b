"""A cohort's capacity, which the lead sets on the cohort's quota page."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.programmes.models import Cohort, Membership
from commonground.recruitment.services.waiting_list import promote_after_commit


@transaction.atomic
def set_capacity(*, cohort_id: int, capacity: int) -> Cohort:
    """Change a cohort's capacity; never below the people who have already accepted a place (counted under a lock)."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort_id)
    accepted = Membership.objects.participants().filter(cohort=cohort).count()
    if capacity < accepted:
        raise ValidationError(
            f"{accepted} people have already accepted a place in {cohort.name}, so its capacity cannot be below {accepted}."
        )
    grew = capacity > cohort.capacity
    cohort.capacity = capacity
    cohort.save(update_fields=["capacity"])
    if grew:
        promote_after_commit(
            [cohort.pk]
        )  # new places go to the waiting list, as a freed place would
    return cohort
