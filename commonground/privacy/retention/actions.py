"""A person's retention writes, each audited: setting a programme's periods, and running retention
for one programme now (a system administrator, after a dry run)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.privacy.models import BOUNDS, RetentionPolicy, person_trigger
from commonground.privacy.retention.due import KINDS
from commonground.privacy.retention.run import RetentionResult, apply_retention, apply_to_programme
from commonground.programmes.models import Programme


@transaction.atomic
def set_policy(*, programme: Programme, by: Person, months: dict[str, int]) -> RetentionPolicy:
    """Save a programme's retention periods (whole months, each within its bounds); audited."""
    for kind in KINDS:
        low, high = BOUNDS[kind]
        value = months.get(kind)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise ValidationError({f"{kind}_months": f"Enter a whole number of months from {low} to {high}."})
    policy, _ = RetentionPolicy.objects.select_for_update().get_or_create(programme=programme)
    changed = [f"{kind}_months" for kind in KINDS if policy.months(kind) != months[kind]]
    for kind in KINDS:
        setattr(policy, f"{kind}_months", months[kind])
    policy.full_clean()
    policy.save()
    if changed:
        audit.record(
            action=AuditAction.CHANGED, what="retention_policy", actor_id=by.pk, object_id=policy.pk,
            fields=changed, programme_id=programme.pk,
        )
    return policy


def preview(*, programme: Programme) -> dict[str, int]:
    """What a run now would do in one programme, per kind: a dry run that records nothing."""
    return apply_to_programme(programme=programme, dry_run=True, today=timezone.localdate())


@transaction.atomic
def run_now(*, programme: Programme, by: Person, expected: dict[str, int]) -> RetentionResult:
    """Apply retention to one programme now, provided what is due is exactly what the person was
    shown (`DueChanged` otherwise, and nothing is done); recorded as their run, and audited."""
    result = apply_retention(
        programme_id=programme.pk, trigger=person_trigger(by.pk), by=by, expected=expected
    )
    audit.record(
        action=AuditAction.CHANGED, what="retention_run", actor_id=by.pk, object_id=result.run_id,
        fields=[kind for kind, count in result.counts.items() if count], programme_id=programme.pk,
    )
    return result
