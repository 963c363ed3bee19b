"""Co-design's entries in the one audit trail (`accounts/audit.py`): hidden comments, withdrawn
support, merges, changes of state and publications.

Each is a "changed" row whose `what` is the kind of moderation, with ids and the names of the
fields that changed, never their values. Why it was done stays on what was moderated (a hidden
comment's `hidden_reason`, a `StateChange`'s `reason`), where the pages read it and erasure reaches
it; the lead's page of moderation history joins the two (`queries.moderation_history`).
"""

from django.db.models import Model
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.codesign.models import Moderation
from commonground.programmes.models import Programme

# The fields each kind changes, on the object its row names: a comment, an issue (support), a
# state change (a change of state or a merge), a formation, a showcase.
FIELDS: dict[str, tuple[str, ...]] = {
    Moderation.COMMENT_HIDDEN: ("hidden_at", "hidden_by", "hidden_reason"),
    Moderation.SUPPORT_WITHDRAWN: ("support",),
    Moderation.ISSUE_MERGED: ("state", "closed_reason", "merged_into"),
    Moderation.STATE_CHANGED: ("state",),
    Moderation.TEAMS_PUBLISHED: ("published_at",),
    Moderation.SHOWCASE_PUBLISHED: ("published_at",),
    Moderation.SHOWCASE_UNPUBLISHED: ("published_at",),
}


def record_moderation(
    *,
    kind: Moderation,
    programme: Programme,
    actor: Person | None,
    obj: Model,
    subject_id: int | None = None,
    fields: tuple[str, ...] = (),
    request: HttpRequest | None = None,
) -> None:
    """Add one row to the trail: who did `kind` to `obj`, whose data it was (`subject_id`: a hidden
    comment's author, the person who withdrew support) and from where (`request`, when there is one)."""
    audit.record(
        action=AuditAction.CHANGED,
        what=kind,
        request=request,
        actor_id=actor.pk if actor is not None else None,
        subject_id=subject_id,
        object_id=obj.pk,
        fields=FIELDS[kind] + fields,
        programme_id=programme.pk,
    )
