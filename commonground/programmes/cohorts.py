"""The one owner of a participant's cohort: every change of it goes through `set_cohorts`.

Features above programmes follow a change (the schedule invites people to their new cohort's
sessions and withdraws the old cohort's; grouping takes them out of the old cohort's learning
sets). They register a handler with `on_cohort_change` in their `AppConfig.ready()`; the handlers
run synchronously, inside the transaction that writes the memberships, so a move and everything
that follows it commit or roll back together, and nobody waits for a periodic run.

`set_cohorts` is set-based: one UPDATE per destination cohort, and handlers that take every change
at once, so placing fifty people costs the same number of queries as placing five.

Capacity and place rules belong to the callers (a lead's move, the engine's placement, accepting an
offer), which count places under a lock on the cohort rows before they call here.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.programmes import figures
from commonground.programmes.models import Cohort, Membership, Role

CHUNK = 2000  # ids per statement, well inside every database's limit on parameters


@dataclass(frozen=True)
class CohortChange:
    """One participant's cohort before and after (None: no cohort)."""

    membership_id: int
    person_id: int
    programme_id: int
    from_cohort_id: int | None
    to_cohort_id: int | None


class CohortChangeHandler(Protocol):
    def __call__(self, changes: Sequence[CohortChange], *, now: dt.datetime) -> None: ...


_handlers: dict[str, CohortChangeHandler] = {}


def on_cohort_change(name: str, handler: CohortChangeHandler) -> None:
    """Have `handler` follow every cohort change from now on (call from `AppConfig.ready()`);
    registering a name again replaces its handler."""
    _handlers[name] = handler


@transaction.atomic
def set_cohorts(
    *, moves: Mapping[int, int | None], now: dt.datetime | None = None
) -> list[CohortChange]:
    """Put each participant membership (by id) in its cohort (by id; None takes them out of any),
    then let every registered handler follow, in the same transaction. Returns the changes made;
    memberships already in their cohort are left alone."""
    now = now or timezone.now()
    if not moves:
        return []
    ids = sorted(moves)
    rows = []
    for start in range(0, len(ids), CHUNK):
        rows += list(
            Membership.objects.select_for_update()
            .filter(pk__in=ids[start : start + CHUNK])
            .order_by("pk")
            .values_list("pk", "person_id", "programme_id", "role", "cohort_id")
        )
    missing = set(ids) - {row[0] for row in rows}
    if missing:
        raise ValidationError(f"{len(missing)} of these memberships no longer exist.")
    if any(role != Role.PARTICIPANT for _, _, _, role, _ in rows):
        raise ValidationError("Only participants belong to a cohort.")
    wanted = {cid for cid in moves.values() if cid is not None}
    programme_of = dict(Cohort.objects.filter(pk__in=wanted).values_list("pk", "programme_id"))
    if wanted - set(programme_of):
        raise ValidationError("Choose cohorts that exist.")
    changes = []
    for pk, person_id, programme_id, _, cohort_id in rows:
        to = moves[pk]
        if to is not None and programme_of[to] != programme_id:
            raise ValidationError("A participant can only join a cohort of their own programme.")
        if to != cohort_id:
            changes.append(CohortChange(pk, person_id, programme_id, cohort_id, to))
    by_cohort: dict[int | None, list[int]] = defaultdict(list)
    for change in changes:
        by_cohort[change.to_cohort_id].append(change.membership_id)
    for destination, members in by_cohort.items():
        for start in range(0, len(members), CHUNK):
            Membership.objects.filter(pk__in=members[start : start + CHUNK]).update(
                cohort_id=destination
            )
    if changes:
        for handler in list(_handlers.values()):
            handler(changes, now=now)
        figures.programmes_changed(change.programme_id for change in changes)
    return changes


def set_cohort(
    *, membership: Membership, cohort: Cohort | None, now: dt.datetime | None = None
) -> CohortChange | None:
    """Move one participant to a cohort (or out of any); None when they were already there."""
    changes = set_cohorts(moves={membership.pk: cohort.pk if cohort else None}, now=now)
    membership.cohort = cohort
    return changes[0] if changes else None


@transaction.atomic
def join_cohort(
    *,
    person: Person,
    cohort: Cohort,
    now: dt.datetime | None = None,
    actor_id: int | None = None,
    request: HttpRequest | None = None,
) -> Membership:
    """Make the person a participant of the cohort's programme, in that cohort (moving them if they
    were in another). The audit trail records the role given, or the move, by `actor_id` (or the
    signed-in person of `request`)."""
    membership, created = Membership.objects.get_or_create(
        person=person, programme_id=cohort.programme_id, role=Role.PARTICIPANT
    )
    moved = set_cohort(membership=membership, cohort=cohort, now=now)
    change = (
        audit.Change("membership", [person.pk], ["role", "cohort"], membership.pk, AuditAction.ROLE_GRANTED)
        if created
        else audit.Change("cohort", [person.pk], ["cohort"] if moved else [], membership.pk)
    )
    audit.changes(change, request=request, actor_id=actor_id, programme_id=cohort.programme_id)
    return membership
