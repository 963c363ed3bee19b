"""Writes on issues: proposing, supporting, discussing, moderating, moving between states, merging."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import (
    NEXT_STATES,
    Comment,
    Issue,
    IssueState,
    Moderation,
    StateChange,
    Support,
)
from commonground.codesign.services.audit import record_moderation
from commonground.programmes.models import Organisation, Place, Programme


@transaction.atomic
def propose_issue(
    *,
    programme: Programme,
    person: Person,
    place: Place | None,
    title: str,
    problem: str,
    affects: str,
    evidence: str = "",
    organisations: Iterable[Organisation] = (),
) -> Issue:
    """A new issue for a place of the programme's system (or the whole system), proposed by a member."""
    if place is not None and place.system_id != programme.system_id:
        raise ValidationError({"place": "Choose a place in this programme's system."})
    chosen = list(organisations)
    if any(o.system_id != programme.system_id for o in chosen):
        raise ValidationError(
            {"organisations": "Choose organisations from this programme's system."}
        )
    issue = Issue.objects.create(
        programme=programme,
        place=place,
        title=title.strip(),
        problem=problem.strip(),
        affects=affects.strip(),
        evidence=evidence.strip(),
        proposed_by=person,
    )
    issue.organisations.set(chosen)
    return issue


@transaction.atomic
def support_issue(*, issue: Issue, person: Person) -> bool:
    """Add one person's support; a second click (even a simultaneous one) changes nothing. True when added."""
    if not issue.is_open_for_support:
        raise ValidationError("This issue is no longer open for support.")
    try:
        with (
            transaction.atomic()
        ):  # a savepoint: the unique constraint decides between simultaneous clicks
            Support.objects.create(issue=issue, person=person)
    except IntegrityError:
        return False
    Issue.objects.filter(pk=issue.pk).update(supporter_count=F("supporter_count") + 1)
    return True


@transaction.atomic
def withdraw_support(*, issue: Issue, person: Person, request: HttpRequest | None = None) -> bool:
    """Withdraw one person's support, recorded in the audit trail. True when there was one."""
    deleted, _ = Support.objects.filter(issue=issue, person=person).delete()
    if not deleted:
        return False
    Issue.objects.filter(pk=issue.pk).update(supporter_count=F("supporter_count") - 1)
    record_moderation(
        kind=Moderation.SUPPORT_WITHDRAWN, programme=issue.programme, actor=person, obj=issue,
        subject_id=person.pk, request=request,
    )
    return True


@transaction.atomic
def add_comment(*, issue: Issue, author: Person, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write a comment before posting."})
    return Comment.objects.create(issue=issue, author=author, body=body)


@transaction.atomic
def hide_comment(
    *, comment: Comment, moderator: Person, reason: str, request: HttpRequest | None = None
) -> Comment:
    """Hide a comment from members (they see that a moderator hid it, and why); kept in the audit trail
    (the reason stays on the comment)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for hiding the comment."})
    if comment.is_hidden:
        raise ValidationError("This comment is already hidden.")
    comment.hidden_at = timezone.now()
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    record_moderation(
        kind=Moderation.COMMENT_HIDDEN, programme=comment.issue.programme, actor=moderator, obj=comment,
        subject_id=comment.author_id, request=request,
    )
    return comment


@transaction.atomic
def change_state(
    *, issue: Issue, actor: Person, to_state: str, reason: str = "", request: HttpRequest | None = None
) -> Issue:
    """Move an issue to its next state (leads only, checked by the view); every move is recorded."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    reason = reason.strip()
    if to_state not in NEXT_STATES.get(issue.state, ()):
        raise ValidationError(
            {
                "state": f"An issue that is {issue.get_state_display().lower()} cannot become "
                f"{IssueState(to_state).label.lower() if to_state in IssueState.values else to_state}."
            }
        )
    if to_state == IssueState.CLOSED and not reason:
        raise ValidationError({"reason": "Give a reason for closing the issue."})
    change = StateChange.objects.create(
        issue=issue, actor=actor, from_state=issue.state, to_state=to_state, reason=reason
    )
    record_moderation(
        kind=Moderation.STATE_CHANGED, programme=issue.programme, actor=actor, obj=change,
        fields=("closed_reason",) if to_state == IssueState.CLOSED else (), request=request,
    )
    issue.state = to_state
    issue.closed_reason = reason if to_state == IssueState.CLOSED else ""
    issue.save(update_fields=["state", "closed_reason"])
    return issue


@transaction.atomic
def merge_issues(
    *, duplicate: Issue, into: Issue, actor: Person, request: HttpRequest | None = None
) -> Issue:
    """Close a duplicate as merged into another issue: its supporters carry over once, its comments stay linked."""
    if duplicate.pk == into.pk:
        raise ValidationError({"into": "An issue cannot be merged into itself."})
    if duplicate.programme_id != into.programme_id:
        raise ValidationError({"into": "Choose an issue of this programme."})
    # Lock both rows in id order, so two merges (or a merge and a click) cannot deadlock.
    locked = {
        i.pk: i
        for i in Issue.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.state == IssueState.CLOSED:
        raise ValidationError({"into": "This issue is already closed."})
    if into.state == IssueState.CLOSED:
        raise ValidationError({"into": f"#{into.pk} is closed; choose an open issue."})
    already = set(Support.objects.filter(issue=into).values_list("person_id", flat=True))
    carried = [
        Support(issue=into, person_id=pid)
        for pid in Support.objects.filter(issue=duplicate).values_list("person_id", flat=True)
        if pid not in already
    ]
    Support.objects.bulk_create(
        carried, ignore_conflicts=True
    )  # someone may support `into` this moment
    into.supporter_count = Support.objects.filter(issue=into).count()
    into.save(update_fields=["supporter_count"])
    reason = f"Merged into #{into.pk}"
    change = StateChange.objects.create(
        issue=duplicate,
        actor=actor,
        from_state=duplicate.state,
        to_state=IssueState.CLOSED,
        reason=reason,
    )
    duplicate.state = IssueState.CLOSED
    duplicate.closed_reason = reason
    duplicate.merged_into = into
    duplicate.save(update_fields=["state", "closed_reason", "merged_into"])
    record_moderation(
        kind=Moderation.ISSUE_MERGED, programme=into.programme, actor=actor, obj=change, request=request
    )
    return into
