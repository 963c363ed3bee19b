"""Proposing, listing, moving and merging local issues."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditEvent
from commonground.codesign.models import (
    Comment,
    Issue,
    IssueState,
    Moderation,
    StateChange,
    Support,
)
from commonground.codesign.services.issues import merge_issues, support_issue
from commonground.programmes.models import Organisation, Role
from tests import factories
from tests.codesign import objects
from tests.conftest import World


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_a_participant_proposes_an_issue_for_their_place(world: World) -> None:
    acute = Organisation.objects.get(name="Surrey Acute")
    response = _client(world.alice).post(
        reverse("codesign:issue-new", args=[world.programme.pk]),
        {
            "title": "Delayed discharge",
            "place": str(world.east.place_id),
            "problem": "Beds are blocked.",
            "affects": "Older people",
            "evidence": "",
            "organisations": [str(acute.pk)],
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert (issue.title, issue.place_id, issue.proposed_by, issue.state) == (
        "Delayed discharge",
        world.east.place_id,
        world.alice,
        IssueState.PROPOSED,
    )
    assert list(issue.organisations.all()) == [acute]


def test_a_proposal_without_a_problem_names_the_field_and_saves_nothing(world: World) -> None:
    response = _client(world.alice).post(
        reverse("codesign:issue-new", args=[world.programme.pk]),
        {
            "title": "Delayed discharge",
            "place": "",
            "problem": "",
            "affects": "Older people",
        },
    )
    assert response.status_code == 400
    assert "The problem in plain words: This field is required." in response.text
    assert not Issue.objects.exists()


def test_the_list_filters_by_place_and_state_and_sorts_by_support(world: World) -> None:
    quiet = objects.issue(world, "Quiet issue")
    loud = objects.issue(world, "Loud issue")
    west = objects.issue(world, "West issue", west=True, state=IssueState.SHORTLISTED)
    support_issue(issue=quiet, person=world.bob)
    for person in (world.alice, world.bob, world.carol):
        support_issue(issue=loud, person=person)
    client = _client(world.alice)
    url = reverse("codesign:issue-list", args=[world.programme.pk])
    page = client.get(url).context["page"]
    assert [i.title for i in page] == ["Loud issue", "Quiet issue", "West issue"]
    assert [i.title for i in client.get(url, {"sort": "newest"}).context["page"]] == [
        "West issue",
        "Loud issue",
        "Quiet issue",
    ]
    assert [i.pk for i in client.get(url, {"place": str(world.west.place_id)}).context["page"]] == [
        west.pk
    ]
    assert [i.pk for i in client.get(url, {"state": "shortlisted"}).context["page"]] == [west.pk]


def _many_issues(world: World, n: int) -> None:
    people = [factories.PersonFactory() for _ in range(3)]
    for person in people:
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
    for i in range(n):
        issue = objects.issue(world, f"Issue {i}")
        for person in people[: i % 3]:
            support_issue(issue=issue, person=person)


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_runs_the_same_queries_at_any_size(
    world: World, n: int, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _many_issues(world, n)
    client = _client(world.alice)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("codesign:issue-list", args=[world.programme.pk]))
    assert response.status_code == 200


def test_leads_move_an_issue_along_and_every_move_is_recorded(world: World) -> None:
    issue = objects.issue(world)
    client = _client(world.lena)
    url = reverse("codesign:issue-state", args=[world.programme.pk, issue.pk])
    assert client.post(url, {"state": "shortlisted"}).status_code == 302
    response = client.post(url, {"state": "closed", "reason": ""})
    assert (
        response.status_code == 400
        and "Reason: Give a reason for closing the issue." in response.text
    )
    response = client.post(url, {"state": "completed"})
    assert response.status_code == 400  # not a next state from shortlisted
    issue.refresh_from_db()
    assert issue.state == IssueState.SHORTLISTED
    change = StateChange.objects.get()
    assert (change.actor, change.from_state, change.to_state) == (
        world.lena,
        "proposed",
        "shortlisted",
    )
    assert client.post(url, {"state": "closed", "reason": "Out of scope"}).status_code == 302
    rows = list(AuditEvent.objects.filter(what=Moderation.STATE_CHANGED).order_by("pk"))
    closing = StateChange.objects.get(to_state="closed")
    assert [(e.actor_id, e.object_id, e.fields) for e in rows] == [
        (world.lena.pk, change.pk, ["state"]),
        (world.lena.pk, closing.pk, ["closed_reason", "state"]),
    ]
    history = client.get(reverse("codesign:audit", args=[world.programme.pk]))
    newest = history.context["lines"][0]
    assert (newest.about, newest.reason) == (f"#{issue.pk} {issue.title}: Shortlisted → Closed", "Out of scope")


def test_a_participant_cannot_change_an_issues_state(world: World) -> None:
    issue = objects.issue(world)
    url = reverse("codesign:issue-state", args=[world.programme.pk, issue.pk])
    assert _client(world.alice).post(url, {"state": "shortlisted"}).status_code == 404
    issue.refresh_from_db()
    assert issue.state == IssueState.PROPOSED


def test_merging_carries_supporters_over_once_and_keeps_the_comments_linked(world: World) -> None:
    target = objects.issue(world, "Discharge delays")
    duplicate = objects.issue(world, "Hospital discharge is slow")
    support_issue(issue=target, person=world.alice)
    support_issue(issue=duplicate, person=world.alice)  # supports both: counted once
    support_issue(issue=duplicate, person=world.bob)
    Comment.objects.create(issue=duplicate, author=world.bob, body="Fridays are the worst day.")
    response = _client(world.lena).post(
        reverse("codesign:issue-merge", args=[world.programme.pk, duplicate.pk]),
        {"into": target.pk},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert target.supporter_count == 2 == Support.objects.filter(issue=target).count()
    assert (
        duplicate.state == IssueState.CLOSED
        and duplicate.closed_reason == f"Merged into #{target.pk}"
    )
    (merged,) = AuditEvent.objects.filter(what=Moderation.ISSUE_MERGED)
    change = StateChange.objects.get(pk=merged.object_id)
    assert (change.issue_id, change.reason) == (duplicate.pk, f"Merged into #{target.pk}")
    history = _client(world.lena).get(reverse("codesign:audit", args=[world.programme.pk]))
    (line,) = history.context["lines"]
    assert line.about == f"#{duplicate.pk} Hospital discharge is slow → #{target.pk} Discharge delays"
    assert (line.what, line.reason, line.issue_id) == ("Issue merged", f"Merged into #{target.pk}", duplicate.pk)
    page = _client(world.alice).get(
        reverse("codesign:issue-detail", args=[world.programme.pk, target.pk])
    )
    assert "Fridays are the worst day." in page.text
    dup_page = _client(world.alice).get(
        reverse("codesign:issue-detail", args=[world.programme.pk, duplicate.pk])
    )
    assert "Merged into" in dup_page.text and "Fridays are the worst day." in dup_page.text


def test_an_issue_cannot_be_merged_into_itself(world: World) -> None:
    issue = objects.issue(world)
    with pytest.raises(ValidationError, match="itself"):
        merge_issues(duplicate=issue, into=issue, actor=world.lena)


def test_an_issue_for_the_whole_system_is_proposed_and_listed_as_such(world: World) -> None:
    client = _client(world.lena)
    url = reverse("codesign:issue-new", args=[world.programme.pk])
    choices = dict((label, value) for value, label in client.get(url).context["form"].fields["place"].choices)
    response = client.post(
        url,
        {
            "title": "One shared care record",
            "place": choices["The whole system"],
            "problem": "Every organisation keeps its own notes.",
            "affects": "Everyone who moves between services",
        },
    )
    issue = Issue.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("codesign:issue-detail", args=[world.programme.pk, issue.pk])
    assert (issue.title, issue.place_id) == ("One shared care record", None)
    listed = client.get(reverse("codesign:issue-list", args=[world.programme.pk]), {"place": "system"})
    assert [i.title for i in listed.context["page"]] == ["One shared care record"]
