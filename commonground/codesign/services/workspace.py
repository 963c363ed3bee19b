"""Writes in a challenge team's workspace: milestones, updates, document links, the partner."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import (
    ChallengeTeam,
    Milestone,
    TeamDocument,
    TeamMember,
    TeamUpdate,
)
from commonground.programmes.models import Organisation


def _member_ids(team: ChallengeTeam) -> set[int]:
    return set(TeamMember.objects.filter(team=team).values_list("person_id", flat=True))


@transaction.atomic
def add_milestone(*, team: ChallengeTeam, title: str, due_on: dt.date, owner_id: int) -> Milestone:
    if owner_id not in _member_ids(team):
        raise ValidationError({"owner": "Choose a member of the team."})
    return Milestone.objects.create(
        team=team, title=title.strip(), due_on=due_on, owner_id=owner_id
    )


@transaction.atomic
def set_milestone_done(*, milestone: Milestone, done: bool) -> Milestone:
    milestone.done_at = timezone.now() if done else None
    milestone.save(update_fields=["done_at"])
    return milestone


@transaction.atomic
def post_update(*, team: ChallengeTeam, author: Person, body: str) -> TeamUpdate:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write the update before posting."})
    return TeamUpdate.objects.create(team=team, author=author, body=body)


@transaction.atomic
def add_document(*, team: ChallengeTeam, person: Person, title: str, url: str) -> TeamDocument:
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": "Enter a web address starting with https://."})
    return TeamDocument.objects.create(team=team, title=title.strip(), url=url, added_by=person)


@transaction.atomic
def set_partner(*, team: ChallengeTeam, partner: Organisation | None) -> ChallengeTeam:
    if partner is not None and partner.system_id != team.issue.programme.system_id:
        raise ValidationError({"partner": "Choose an organisation of this programme's system."})
    team.partner = partner
    team.save(update_fields=["partner"])
    return team
