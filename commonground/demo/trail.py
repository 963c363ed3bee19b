"""The demo's audit trail: a few weeks of staff looking at people's pages, so "Who has seen my
data" and the lead's audit export have something true-looking to show.

Rows go through the one writer (`accounts.audit.record`) with times in the past. The demo
participant's own page always has lines: the lead read their profile and access needs, the
facilitator their profile (and their access needs, when they have any), and the lead exported the applicants list with them in it.
"""

import datetime as dt
import random

from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.audit import PROFILE_FIELDS as SHOWN
from commonground.accounts.models import AuditAction
from commonground.programmes.models import Membership, Programme, Role

PARTICIPANT = "participant@demo.example"
OTHERS_SEEN = 40  # other participants whose pages staff opened


def seed_audit_demo(*, programme: Programme, rng: random.Random) -> int:
    """Record the demo's past views, changes and exports; returns how many rows."""
    now = timezone.now()
    staff = dict(
        Membership.objects.filter(programme=programme, role__in=[Role.LEAD, Role.FACILITATOR])
        .order_by("role", "person__email")
        .values_list("role", "person_id")
    )
    lead, facilitator = staff.get(Role.LEAD), staff.get(Role.FACILITATOR)
    if lead is None or facilitator is None:
        return 0
    participants = list(
        Membership.objects.participants()
        .filter(programme=programme)
        .order_by("person_id")
        .values_list("person_id", "person__email", "person__accessibility_needs")
    )
    you = next((p for p in participants if p[1] == PARTICIPANT), None)
    picked = rng.sample([p for p in participants if p is not you], min(OTHERS_SEEN, len(participants) - 1))
    count = 0

    def seen(who: int, subject: int, what: str, fields: tuple[str, ...], days_ago: float) -> None:
        nonlocal count
        audit.record(
            action=AuditAction.VIEWED, what=what, actor_id=who, subject_id=subject, fields=fields,
            programme_id=programme.pk, at=now - dt.timedelta(days=days_ago),
        )
        count += 1

    for person_id, _, needs in picked:
        who = rng.choice([lead, facilitator])
        days = rng.uniform(1, 40)
        seen(who, person_id, "person", SHOWN, days)
        if needs:
            seen(who, person_id, "access_needs", ("accessibility_needs",), days)
    if you is not None:
        person_id = you[0]
        seen(lead, person_id, "person", SHOWN, 12.3)
        if you[2]:
            seen(lead, person_id, "access_needs", ("accessibility_needs",), 12.3)
        seen(facilitator, person_id, "person", SHOWN, 3.1)
        audit.record(
            action=AuditAction.EXPORTED, what="applications", actor_id=lead, subject_id=person_id,
            fields=("name", "email", "status", "organisation"), programme_id=programme.pk,
            at=now - dt.timedelta(days=30.5),
        )
        count += 1
    return count
