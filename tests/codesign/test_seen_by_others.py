"""Co-design pages about named people are in the audit trail: a cohort's challenge teams with each
member's ranking (leads), a team's workspace (staff and the other members) and the moderation
history (whose comment was hidden, who withdrew support)."""

from django.urls import reverse

from commonground.codesign.services.issues import support_issue, withdraw_support
from tests.accounts.seen import seen, signed_in, viewed
from tests.codesign import objects
from tests.conftest import World


def test_forming_teams_shows_each_members_ranking_and_is_recorded(world: World) -> None:
    objects.alice_team(world)
    page = signed_in(world.lena).get(reverse("codesign:formation", args=[world.programme.pk, world.east.pk]))
    assert page.status_code == 200 and "Alice Acute" in page.text
    assert seen(world.alice) == [viewed(world.lena, "challenge_teams")]


def test_a_teams_workspace_records_its_members_for_staff_and_the_other_members(world: World) -> None:
    team = objects.alice_team(world)
    url = reverse("codesign:team", args=[world.programme.pk, team.pk])
    assert signed_in(world.alice).get(url).status_code == 200
    assert seen(world.alice) == [] and seen(world.bob) == [viewed(world.alice, "challenge_team")]
    signed_in(world.fred).get(url)
    assert seen(world.alice) == [viewed(world.fred, "challenge_team")]


def test_the_moderation_history_records_the_people_whose_actions_it_shows(world: World) -> None:
    issue = objects.issue(world)
    support_issue(issue=issue, person=world.bob)
    withdraw_support(issue=issue, person=world.bob)
    page = signed_in(world.lena).get(reverse("codesign:audit", args=[world.programme.pk]))
    assert page.status_code == 200 and "Bob Council" in page.text
    assert seen(world.bob) == [viewed(world.lena, "issue_moderation")]
