"""The migration that moves co-design's moderation log into the one audit trail keeps who, what,
when and whose, points each row at what it was about, and carries no words over."""

import pytest

from commonground.accounts.models import AuditAction
from tests.scratch_db import migrate, scratch_database, tables

BEFORE = [("codesign", "0001_issues_teams_outcomes")]
AFTER = [("codesign", "0002_moderation_joins_the_audit_trail")]


@pytest.mark.django_db(transaction=True)
def test_the_moderation_log_becomes_rows_of_the_trail_and_goes() -> None:
    with scratch_database() as scratch:
        old = migrate(scratch, BEFORE)
        person = old.get_model("accounts", "Person")
        lead = person.objects.create(email="lead@example.org", full_name="Lena Lead", password="!")
        bob = person.objects.create(email="bob@example.org", full_name="Bob Council", password="!")
        system = old.get_model("programmes", "System").objects.create(name="Old System")
        programme = old.get_model("programmes", "Programme").objects.create(
            system=system, title="Old", starts_on="2026-01-01", ends_on="2026-12-31"
        )
        issue_model = old.get_model("codesign", "Issue")
        issue = issue_model.objects.create(programme=programme, title="Discharge", problem="p", affects="a")
        duplicate = issue_model.objects.create(programme=programme, title="Slow discharge", problem="p", affects="a")
        comment = old.get_model("codesign", "Comment").objects.create(issue=issue, author=bob, body="Ward 4 again.")
        showcase = old.get_model("codesign", "Showcase").objects.create(programme=programme, token="t")
        change = old.get_model("codesign", "StateChange").objects
        event = old.get_model("codesign", "AuditEvent").objects

        def logged(action: str, obj: object, label: str, reason: str = "", actor: object = lead) -> None:
            event.create(
                programme=programme, actor=actor, action=action, object_type=type(obj).__name__.lower(),
                object_id=obj.pk, object_label=label, reason=reason,  # type: ignore[attr-defined]
            )

        logged("comment_hidden", comment, "Comment by Bob Council on #1: Ward 4 again.", "Names a ward")
        logged("support_withdrawn", issue, "Support for #1 Discharge", actor=bob)
        shortlisted = change.create(issue=issue, actor=lead, from_state="proposed", to_state="shortlisted")
        logged("state_changed", issue, "#1 Discharge: Proposed → Shortlisted")
        merged = change.create(
            issue=duplicate, actor=lead, from_state="proposed", to_state="closed", reason=f"Merged into #{issue.pk}"
        )
        logged("issue_merged", duplicate, "#2 Slow discharge → #1 Discharge", "1 supporter(s) carried over")
        closed = change.create(issue=issue, actor=lead, from_state="shortlisted", to_state="closed", reason="Done elsewhere")
        logged("state_changed", issue, "#1 Discharge: Shortlisted → Closed", "Done elsewhere")
        logged("showcase_published", showcase, "Showcase of Old")

        trail = migrate(scratch, AFTER).get_model("accounts", "AuditEvent")
        rows = list(trail.objects.filter(programme_id=programme.pk).order_by("at", "pk"))
        assert [(e.action, e.what, e.actor_id, e.subject_id, e.object_id, e.fields) for e in rows] == [
            (AuditAction.CHANGED, "comment_hidden", lead.pk, bob.pk, comment.pk, ["hidden_at", "hidden_by", "hidden_reason"]),
            (AuditAction.CHANGED, "support_withdrawn", bob.pk, bob.pk, issue.pk, ["support"]),
            (AuditAction.CHANGED, "state_changed", lead.pk, None, shortlisted.pk, ["state"]),
            (AuditAction.CHANGED, "issue_merged", lead.pk, None, merged.pk, ["closed_reason", "merged_into", "state"]),
            (AuditAction.CHANGED, "state_changed", lead.pk, None, closed.pk, ["closed_reason", "state"]),
            (AuditAction.CHANGED, "showcase_published", lead.pk, None, showcase.pk, ["published_at"]),
        ]
        kept = str([(e.what, e.fields, e.address) for e in rows])
        for words in ("Ward 4", "Names a ward", "Discharge", "Bob Council", "carried over", "Done elsewhere"):
            assert words not in kept
        assert "codesign_auditevent" not in tables(scratch)

        migrate(scratch, BEFORE)  # the trail's table stays, as its own app's migrations left it
        assert "codesign_auditevent" in tables(scratch)
        assert trail.objects.filter(programme_id=programme.pk).count() == len(rows)  # the trail only grows
