"""Co-design objects for tests that get the shared `world`.

- "Discharge delays" (East Surrey, proposed by Alice) is adopted; East's challenge teams are
  published with Alice and Bob in its team, which has a milestone.
- "Loneliness in older people" (Guildford and Waverley) is shortlisted; West's team (Carol) is published.
- A comment by Bob sits on the discharge issue.
"""

import datetime as dt

from django.utils import timezone

from commonground.codesign.models import (
    ChallengeTeam,
    Comment,
    Formation,
    Issue,
    IssueState,
    Milestone,
    Showcase,
    TeamMember,
)
from commonground.codesign.services.outcomes import set_showcase_published
from tests.conftest import World


def issue(
    world: World,
    title: str = "Discharge delays",
    *,
    state: str = IssueState.PROPOSED,
    west: bool = False,
) -> Issue:
    cohort = world.west if west else world.east
    return Issue.objects.create(
        programme=world.programme,
        place=cohort.place,
        title=title,
        problem="People wait in hospital beds.",
        affects="Older people and their carers.",
        proposed_by=world.carol if west else world.alice,
        state=state,
    )


def adopted_issue(world: World) -> Issue:
    return Issue.objects.filter(
        programme=world.programme, title="Discharge delays"
    ).first() or issue(world, state=IssueState.ADOPTED)


def comment(world: World) -> Comment:
    return Comment.objects.create(
        issue=adopted_issue(world), author=world.bob, body="Weekend discharges are worst."
    )


def _team(world: World, found: Issue, west: bool) -> ChallengeTeam:
    cohort = world.west if west else world.east
    formation, _ = Formation.objects.get_or_create(
        cohort=cohort, defaults={"min_size": 1, "max_size": 15, "published_at": timezone.now()}
    )
    team = ChallengeTeam.objects.create(formation=formation, issue=found)
    for person in [world.carol] if west else [world.alice, world.bob]:
        TeamMember.objects.create(team=team, formation=formation, person=person, choice_rank=1)
    return team


def alice_team(world: World) -> ChallengeTeam:
    found = adopted_issue(world)
    team = ChallengeTeam.objects.filter(issue=found).first() or _team(world, found, west=False)
    return team


def west_team(world: World) -> ChallengeTeam:
    found = Issue.objects.filter(title="Loneliness in older people").first() or issue(
        world, "Loneliness in older people", state=IssueState.SHORTLISTED, west=True
    )
    return ChallengeTeam.objects.filter(issue=found).first() or _team(world, found, west=True)


def milestone(world: World) -> Milestone:
    return Milestone.objects.create(
        team=alice_team(world),
        title="Map the discharge pathway",
        due_on=dt.date(2027, 1, 31),
        owner=world.alice,
    )


def showcase(world: World, *, published: bool) -> Showcase:
    shown = set_showcase_published(
        programme=world.programme, actor=world.lena, published=published
    )
    return shown
