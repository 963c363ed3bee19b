"""Writes on a participant's ranked interest in the shortlisted issues."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.accounts.models import Person
from commonground.codesign.models import Interest
from commonground.codesign.queries import interest_locked, issues_open_for_interest
from commonground.programmes.models import Cohort, Programme


@transaction.atomic
def save_interest(
    *, programme: Programme, person: Person, cohort: Cohort | None, ranking: Sequence[int]
) -> int:
    """Replace a participant's ranked interest (issue ids, 1st choice first). Returns how many they ranked."""
    if interest_locked(cohort):
        raise ValidationError(
            "The challenge teams are published, so preferences can no longer change."
        )
    allowed = {i.pk for i in issues_open_for_interest(programme, cohort)}
    if len(set(ranking)) != len(ranking):
        raise ValidationError("Give each issue a different place in your order.")
    if any(pk not in allowed for pk in ranking):
        raise ValidationError("Choose from the shortlisted issues.")
    Interest.objects.filter(programme=programme, person=person).delete()
    Interest.objects.bulk_create(
        [
            Interest(programme=programme, issue_id=pk, person=person, rank=r)
            for r, pk in enumerate(ranking, start=1)
        ]
    )
    return len(ranking)
