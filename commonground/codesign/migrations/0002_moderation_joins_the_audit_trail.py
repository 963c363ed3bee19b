"""Co-design's own moderation log joins the one audit trail (`accounts.AuditEvent`), then goes.

Each row becomes a "changed" row of the trail whose `what` is its kind, with ids and the names of
the fields that changed, never their values: a hidden comment names its author as whose data it
was (its reason is already on the comment); withdrawn support names the person who withdrew it; a
change of state or a merge points at its `StateChange` (which keeps the reason); a publication
points at the formation or showcase. Nothing of the old labels and reasons (titles, names, a
comment's words, how many supporters a merge carried over) is carried into the trail.

Going back recreates the old table empty: the trail's rows stay, as the trail only ever grows.
"""

from collections import defaultdict

from django.db import migrations

# The fields each kind changes, as `codesign.services.audit.FIELDS` names them.
FIELDS = {
    "comment_hidden": ("hidden_at", "hidden_by", "hidden_reason"),
    "support_withdrawn": ("support",),
    "issue_merged": ("state", "closed_reason", "merged_into"),
    "state_changed": ("state",),
    "teams_published": ("published_at",),
    "showcase_published": ("published_at",),
    "showcase_unpublished": ("published_at",),
}
ON_A_STATE_CHANGE = ("state_changed", "issue_merged")
MERGED = "Merged into #"


def _state_change(event, candidates, used):
    """The `StateChange` this row was written with: of the same issue, by the same person, a merge
    for a merge, and the last one written before it (the change came first, in one transaction)."""
    merge = event.action == "issue_merged"
    fitting = [
        c for c in candidates
        if c.pk not in used and c.actor_id == event.actor_id and (c.to_state == "closed" and c.reason.startswith(MERGED)) == merge
    ]
    before = [c for c in fitting if c.at <= event.at]
    if before:
        return max(before, key=lambda c: (c.at, c.pk))
    return min(fitting, key=lambda c: (c.at, c.pk), default=None)


def into_the_trail(apps, schema_editor):
    Old = apps.get_model("codesign", "AuditEvent")
    Trail = apps.get_model("accounts", "AuditEvent")
    Comment = apps.get_model("codesign", "Comment")
    StateChange = apps.get_model("codesign", "StateChange")
    events = list(Old.objects.order_by("at", "pk"))
    if not events:
        return
    authors = dict(
        Comment.objects.filter(pk__in=[e.object_id for e in events if e.action == "comment_hidden"]).values_list(
            "pk", "author_id"
        )
    )
    changes = defaultdict(list)
    for change in StateChange.objects.filter(
        issue_id__in=[e.object_id for e in events if e.action in ON_A_STATE_CHANGE]
    ).order_by("at", "pk"):
        changes[change.issue_id].append(change)
    used = set()
    rows = []
    for event in events:
        subject, object_id, fields = None, event.object_id, FIELDS[event.action]
        if event.action == "comment_hidden":
            subject = authors.get(event.object_id)
        elif event.action == "support_withdrawn":
            subject = event.actor_id
        elif event.action in ON_A_STATE_CHANGE:
            change = _state_change(event, changes[event.object_id], used)
            object_id = change.pk if change is not None else None
            if change is not None:
                used.add(change.pk)
                if event.action == "state_changed" and change.to_state == "closed":
                    fields = (*fields, "closed_reason")
        rows.append(
            Trail(
                at=event.at,
                action="changed",
                what=event.action,
                actor_id=event.actor_id,
                subject_id=subject,
                object_id=object_id,
                fields=sorted(fields),
                programme_id=event.programme_id,
                address=None,
            )
        )
    Trail.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0010_audit_erased"),
        ("codesign", "0001_issues_teams_outcomes"),
    ]

    operations = [
        migrations.RunPython(into_the_trail, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEvent"),
    ]
