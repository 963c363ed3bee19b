"""Which sessions a funder's support in kind delivered (`Session.delivered_under`).

The link dates support in kind for the ledger's figures (`programmes/ledger_queries.py`), so it is
kept in the ledger's history like any other change to it (`programmes/ledger.py` `record_change`).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.ledger import record_change
from commonground.programmes.models import (
    Contribution,
    ContributionKind,
    LedgerAction,
    LedgerRecord,
    Programme,
)
from commonground.schedule.models import Session


def session_label(title: str, starts_at: object) -> str:
    """A session as the ledger's history names it: its title and day."""
    day = timezone.localtime(starts_at).date() if starts_at is not None else None  # type: ignore[arg-type]
    return f"{title}, {day.day} {day:%b %Y}" if day else title


def _delivered(contribution_ids: set[int]) -> dict[int, str]:
    """Each contribution's linked sessions, as one line of text for the history (one query)."""
    labels: dict[int, list[str]] = {pk: [] for pk in contribution_ids}
    for owner, title, starts_at in (
        Session.objects.filter(delivered_under_id__in=contribution_ids)
        .order_by("starts_at", "pk")
        .values_list("delivered_under_id", "title", "starts_at")
    ):
        labels[owner].append(session_label(title, starts_at))
    return {pk: "; ".join(found) for pk, found in labels.items()}


@transaction.atomic
def link_sessions(
    *, programme: Programme, by: Person | None, contribution_id: int, session_ids: Iterable[int]
) -> list[Session]:
    """Make these of the programme's sessions exactly the ones the contribution in kind delivered.

    A session delivered under another contribution moves to this one (each keeps its history);
    a session of another programme, or one cancelled before it was linked, is refused."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",))
        .filter(pk=contribution_id, programme=programme)
        .select_related("funder")
        .first()
    )
    if contribution is None:
        raise ValidationError({"contribution": "That is not a contribution to this programme."})
    if contribution.kind != ContributionKind.IN_KIND:
        raise ValidationError({"contribution": "Only support in kind delivers sessions; this contribution is cash."})
    wanted = set(session_ids)
    sessions = list(Session.objects.select_for_update(of=("self",)).filter(pk__in=wanted).order_by("starts_at", "pk"))
    strangers = [s.title for s in sessions if s.programme_id != programme.pk]
    if strangers or len(sessions) != len(wanted):
        named = f": {', '.join(strangers)}" if strangers else ""
        raise ValidationError({"sessions": f"Choose sessions of this programme only{named}."})
    cancelled = [s.title for s in sessions if s.is_cancelled and s.delivered_under_id != contribution.pk]
    if cancelled:
        raise ValidationError({"sessions": f"{', '.join(cancelled)} was cancelled, so it delivered nothing."})
    affected = {contribution.pk} | {s.delivered_under_id for s in sessions if s.delivered_under_id}
    before = _delivered(affected)
    Session.objects.filter(delivered_under=contribution).exclude(pk__in=wanted).update(delivered_under=None)
    Session.objects.filter(pk__in=wanted).update(delivered_under=contribution)
    after = _delivered(affected)
    owners = {c.pk: c for c in Contribution.objects.filter(pk__in=affected)}
    for pk in sorted(affected):
        record_change(
            programme=programme, by=by, record=LedgerRecord.CONTRIBUTION, obj=owners[pk],
            action=LedgerAction.CHANGED, before={"sessions": before[pk]}, after={"sessions": after[pk]},
        )
    return sessions
