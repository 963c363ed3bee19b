"""The demo's co-design data: enough for every page to show something real."""

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditEvent, Person
from commonground.codesign.models import (
    ChallengeTeam,
    Comment,
    Formation,
    Issue,
    IssueState,
    Moderation,
    Outcome,
    Showcase,
    Support,
    TeamMember,
)
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.network.models import Encounter, EncounterSource
from commonground.programmes.models import Programme
from tests.seeded import demo_for_module

shared_demo = demo_for_module(participants=80, seed=7)


@pytest.mark.django_db
def test_the_demo_has_issues_teams_outcomes_and_a_public_showcase(client: Client, shared_demo: None) -> None:
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    issues = Issue.objects.filter(programme=programme)
    assert issues.count() == 22
    assert all(i.supporter_count == Support.objects.filter(issue=i).count() for i in issues)
    assert Comment.objects.filter(hidden_at__isnull=False).count() == 1
    assert set(AuditEvent.objects.filter(programme_id=programme.pk).values_list("what", flat=True)) >= {
        Moderation.COMMENT_HIDDEN,
        Moderation.SUPPORT_WITHDRAWN,
    }
    assert issues.exclude(state=IssueState.PROPOSED).count() == 8
    assert Formation.objects.filter(published_at__isnull=False).count() == 2
    assert Encounter.objects.filter(source=EncounterSource.CHALLENGE_TEAM).exists()
    assert (
        Outcome.objects.filter(before_value__isnull=False, after_value__isnull=False).count() == 2
    )
    showcase = Showcase.objects.get(programme=programme)
    assert showcase.is_published

    participant = Person.objects.get(email="participant@demo.example")
    team = ChallengeTeam.objects.get(members__person=participant)
    client.force_login(participant)
    assert client.get(reverse("codesign:team", args=[programme.pk, team.pk])).status_code == 200
    assert TeamMember.objects.filter(team=team).count() >= 2
    public = Client().get(reverse("codesign:public-showcase", args=[showcase.token]))
    assert public.status_code == 200 and "what changed" in public.text.lower()
