"""The audit trail of co-design: one row for each moderation, merge, state change or publication."""

from commonground.accounts.models import Person
from commonground.codesign.models import AuditAction, AuditEvent
from commonground.programmes.models import Programme


def record_audit(
    *,
    programme: Programme,
    actor: Person | None,
    action: AuditAction,
    obj: object,
    label: str,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        programme=programme,
        actor=actor,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "pk", 0) or 0,
        object_label=label[:300],
        reason=reason[:300],
    )
