"""What every recruitment write shares: the `Decision` row it records."""

import datetime as dt

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.recruitment.models import Application, Decision


def log_decision(
    application: Application,
    to_status: str,
    *,
    by: Person | None,
    reason: str = "",
    from_status: str | None = None,
    now: dt.datetime | None = None,
) -> Decision:
    """Record a change of status (or a note on the same status): who, why and when."""
    return Decision.objects.create(
        application=application,
        by=by,
        from_status=application.status if from_status is None else from_status,
        to_status=to_status,
        reason=reason,
        at=now or timezone.now(),
    )
