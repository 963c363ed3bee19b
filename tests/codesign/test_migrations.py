"""The migration that moves co-design's moderation log into the one audit trail keeps who, what,
when and whose, points each row at what it was about, and carries no words over."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commonground.accounts.models import AuditAction, AuditEvent

BEFORE = [("codesign", "0001_issues_teams_outcomes")]


def _migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.mark.django_db(transaction=True)
def test_the_moderation_log_becomes_rows_of_the_trail_and_goes() -> None:
    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
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

        executor = _migrate(executor.loader.graph.leaf_nodes())
        rows = list(AuditEvent.objects.filter(programme_id=programme.pk).order_by("at", "pk"))
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
        assert "codesign_auditevent" not in _tables()

        executor = _migrate(BEFORE)
        assert "codesign_auditevent" in _tables()
        assert AuditEvent.objects.filter(programme_id=programme.pk).count() == len(rows)  # the trail only grows
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
