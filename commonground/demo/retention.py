"""The demo's retention: the programme's lead has set one period of their own (applications not
accepted go 6 months after the last decision, not the default 12), as a lead agreeing shorter
periods with their data protection officer would, and the change is in the audit trail.

The demo is one programme twelve weeks in, so nothing is due yet: the lead's retention page ("How
long data is kept") shows each period, the day it falls due, how many of the demo's journal entries,
answers, survey marks, equality answers, applications, ended consents and audit rows each will act
on, and the run made while seeding. The lead also administers the demo system (`sign_in.py`), so
their profile links the system's retention page too: the same table for each of the system's
programmes, where they can change the periods and look at a dry run (nothing is due, so there is
nothing to confirm). Deterministic: the dates follow the programme's, and nothing is drawn at random.
"""

import datetime as dt

from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction
from commonground.privacy.models import RetentionPolicy
from commonground.programmes.models import Membership, Programme, Role

APPLICATIONS_MONTHS = 6


def seed_retention_demo(*, programme: Programme) -> RetentionPolicy:
    """The lead's own period for applications not accepted, set before the programme began."""
    policy = RetentionPolicy.objects.create(programme=programme, applications_months=APPLICATIONS_MONTHS)
    lead = (
        Membership.objects.filter(programme=programme, role=Role.LEAD).order_by("person__email").first()
    )
    set_on = timezone.make_aware(dt.datetime.combine(programme.starts_on - dt.timedelta(days=14), dt.time(10)))
    audit.record(
        action=AuditAction.CHANGED, what="retention_policy", actor_id=lead.person_id if lead else None,
        object_id=policy.pk, fields=["applications_months"], programme_id=programme.pk, at=set_on,
    )
    return policy
