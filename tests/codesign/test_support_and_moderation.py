"""Support (one per person, withdrawable, traced) and moderation (hidden with a reason, traced)."""

from django.test import Client
from django.urls import reverse

from commonground.codesign.models import AuditAction, AuditEvent, Comment, Support
from commonground.codesign.services.issues import support_issue
from tests.codesign import objects
from tests.conftest import World


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_supporting_twice_counts_once(world: World) -> None:
    issue = objects.issue(world)
    url = reverse("codesign:issue-support", args=[world.programme.pk, issue.pk])
    client = _client(world.bob)
    client.post(url)
    client.post(url)
    issue.refresh_from_db()
    assert issue.supporter_count == 1 == Support.objects.filter(issue=issue).count()


def test_the_support_button_swaps_in_place_with_htmx(world: World) -> None:
    issue = objects.issue(world)
    response = _client(world.bob).post(
        reverse("codesign:issue-support", args=[world.programme.pk, issue.pk]),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="support"')
    assert (
        "<strong>1</strong> supporter" in response.text and "Withdraw my support" in response.text
    )


def test_a_withdrawn_support_is_in_the_audit_trail(world: World) -> None:
    issue = objects.issue(world)
    support_issue(issue=issue, person=world.bob)
    _client(world.bob).post(
        reverse("codesign:issue-support", args=[world.programme.pk, issue.pk]), {"withdraw": "1"}
    )
    issue.refresh_from_db()
    assert issue.supporter_count == 0
    event = AuditEvent.objects.get(action=AuditAction.SUPPORT_WITHDRAWN)
    assert event.actor == world.bob and f"#{issue.pk}" in event.object_label
    audit = _client(world.lena).get(reverse("codesign:audit", args=[world.programme.pk]))
    assert "Support withdrawn" in audit.text and "Bob Council" in audit.text


def test_a_hidden_comment_shows_the_reason_to_members_and_stays_in_the_audit_trail(
    world: World,
) -> None:
    comment = objects.comment(world)
    url = reverse("codesign:comment-hide", args=[world.programme.pk, comment.issue_id, comment.pk])
    response = _client(world.lena).post(url, {"reason": "Names a patient"})
    assert response.status_code == 302
    page = _client(world.alice).get(
        reverse("codesign:issue-detail", args=[world.programme.pk, comment.issue_id])
    )
    assert "Hidden by a moderator: Names a patient" in page.text
    assert "Weekend discharges are worst." not in page.text
    event = AuditEvent.objects.get(action=AuditAction.COMMENT_HIDDEN)
    assert (event.actor, event.reason) == (world.lena, "Names a patient")
    assert "Weekend discharges are worst." in event.object_label


def test_hiding_needs_a_reason_and_a_lead(world: World) -> None:
    comment = objects.comment(world)
    url = reverse("codesign:comment-hide", args=[world.programme.pk, comment.issue_id, comment.pk])
    assert _client(world.alice).post(url, {"reason": "Rude"}).status_code == 404
    response = _client(world.lena).post(url, {"reason": ""})
    assert response.status_code == 400 and "Give a reason for hiding the comment." in response.text
    comment.refresh_from_db()
    assert not comment.is_hidden and not AuditEvent.objects.exists()


def test_an_empty_comment_is_refused_with_the_field_named(world: World) -> None:
    issue = objects.issue(world)
    response = _client(world.bob).post(
        reverse("codesign:comment-add", args=[world.programme.pk, issue.pk]), {"body": " "}
    )
    assert response.status_code == 400 and "Your comment: This field is required." in response.text
    assert not Comment.objects.exists()
