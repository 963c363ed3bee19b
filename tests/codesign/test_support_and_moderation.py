"""Support (one per person, withdrawable, traced) and moderation (hidden with a reason, traced).

Both are rows of the one audit trail (ids and field names); the reason stays on the comment.
"""

from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent
from commonground.codesign.models import Comment, Moderation, Support
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
    event = AuditEvent.objects.get(what=Moderation.SUPPORT_WITHDRAWN)
    assert (event.action, event.actor_id, event.subject_id) == (AuditAction.CHANGED, world.bob.pk, world.bob.pk)
    assert (event.object_id, event.programme_id, event.fields) == (issue.pk, world.programme.pk, ["support"])
    assert event.address == "127.0.0.1"
    audit = _client(world.lena).get(reverse("codesign:audit", args=[world.programme.pk]))
    assert "Support withdrawn" in audit.text and "Bob Council" in audit.text and f"Support for #{issue.pk}" in audit.text


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
    event = AuditEvent.objects.get(what=Moderation.COMMENT_HIDDEN)
    assert (event.action, event.actor_id, event.subject_id, event.object_id) == (
        AuditAction.CHANGED, world.lena.pk, comment.author_id, comment.pk
    )
    assert event.fields == ["hidden_at", "hidden_by", "hidden_reason"]
    history = _client(world.lena).get(reverse("codesign:audit", args=[world.programme.pk]))
    (line,) = history.context["lines"]
    assert (line.who, line.what, line.reason) == ("Lena Lead", "Comment hidden", "Names a patient")
    assert line.about.startswith(f"Comment by {comment.author.full_name} on #{comment.issue_id}")


def test_the_trail_holds_no_words_of_the_moderation(world: World) -> None:
    comment = objects.comment(world)
    url = reverse("codesign:comment-hide", args=[world.programme.pk, comment.issue_id, comment.pk])
    _client(world.lena).post(url, {"reason": "Names a patient"})
    values = list(AuditEvent.objects.values_list("what", "fields", "address"))
    assert "Names a patient" not in str(values) and "Weekend" not in str(values)
    assert comment.author.full_name not in str(values)


def test_the_author_of_a_hidden_comment_sees_it_on_their_seen_page(world: World) -> None:
    comment = objects.comment(world)
    url = reverse("codesign:comment-hide", args=[world.programme.pk, comment.issue_id, comment.pk])
    _client(world.lena).post(url, {"reason": "Names a patient"})
    page = _client(comment.author).get(reverse("programmes:seen"))
    assert ("Lena Lead", "Changed", "your comment on a local issue, hidden by a moderator") in [
        (r.who, r.action, r.what) for r in page.context["rows"]
    ]


def test_hiding_needs_a_reason_and_a_lead(world: World) -> None:
    comment = objects.comment(world)
    url = reverse("codesign:comment-hide", args=[world.programme.pk, comment.issue_id, comment.pk])
    assert _client(world.alice).post(url, {"reason": "Rude"}).status_code == 404
    response = _client(world.lena).post(url, {"reason": ""})
    assert response.status_code == 400 and "Give a reason for hiding the comment." in response.text
    comment.refresh_from_db()
    assert not comment.is_hidden and not AuditEvent.objects.filter(what=Moderation.COMMENT_HIDDEN).exists()


def test_an_empty_comment_is_refused_with_the_field_named(world: World) -> None:
    issue = objects.issue(world)
    response = _client(world.bob).post(
        reverse("codesign:comment-add", args=[world.programme.pk, issue.pk]), {"body": " "}
    )
    assert response.status_code == 400 and "Your comment: This field is required." in response.text
    assert not Comment.objects.exists()
