"""The team workspace, outcomes and the showcase (members, funders, the public)."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.codesign.models import Milestone, Outcome, TeamDocument, TeamUpdate
from commonground.programmes.models import Organisation
from tests.codesign import objects
from tests.conftest import World
from tests.forms import date_boxes


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_members_add_milestones_updates_documents_and_a_partner(world: World) -> None:
    team = objects.alice_team(world)
    client = _client(world.alice)
    args = [world.programme.pk, team.pk]
    client.post(
        reverse("codesign:milestone-add", args=args),
        {
            "title": "Map the pathway",
            **date_boxes("due_on", dt.date(2027, 1, 31)),
            "owner": str(world.bob.pk),
        },
    )
    milestone = Milestone.objects.get()
    assert (milestone.owner, milestone.due_on) == (world.bob, dt.date(2027, 1, 31))
    client.post(reverse("codesign:milestone-done", args=[*args, milestone.pk]), {"done": "1"})
    milestone.refresh_from_db()
    assert milestone.done_at is not None
    client.post(reverse("codesign:update-add", args=args), {"body": "Met the discharge team."})
    client.post(
        reverse("codesign:document-add", args=args),
        {"title": "Pathway map", "url": "https://example.org/map"},
    )
    partner = Organisation.objects.get(name="County Council")
    client.post(reverse("codesign:team-partner", args=args), {"partner": partner.pk})
    page = client.get(reverse("codesign:team", args=args))
    assert TeamUpdate.objects.count() == 1 and TeamDocument.objects.count() == 1
    assert (
        "County Council adopts this work." in page.text and "Met the discharge team." in page.text
    )


def test_a_milestone_owner_must_be_in_the_team_and_a_link_must_be_a_web_address(
    world: World,
) -> None:
    team = objects.alice_team(world)
    client = _client(world.alice)
    args = [world.programme.pk, team.pk]
    response = client.post(
        reverse("codesign:milestone-add", args=args),
        {"title": "Map", **date_boxes("due_on", dt.date(2027, 1, 31)), "owner": str(world.carol.pk)},
    )
    assert response.status_code == 400 and "Owner:" in response.text
    response = client.post(
        reverse("codesign:document-add", args=args), {"title": "Plan", "url": "javascript:alert(1)"}
    )
    assert response.status_code == 400 and "Link: Enter a web address" in response.text
    assert not Milestone.objects.exists() and not TeamDocument.objects.exists()


def test_facilitators_see_a_team_but_cannot_edit_it(world: World) -> None:
    team = objects.alice_team(world)
    client = _client(world.fred)
    assert (
        client.get(reverse("codesign:team", args=[world.programme.pk, team.pk])).status_code == 200
    )
    response = client.post(
        reverse("codesign:update-add", args=[world.programme.pk, team.pk]), {"body": "Hello"}
    )
    assert response.status_code == 404 and not TeamUpdate.objects.exists()


def _outcome(client: Client, world: World, **extra: str):  # type: ignore[no-untyped-def]
    data = {
        "issue": str(objects.adopted_issue(world).pk),
        "what_changed": "A discharge coordinator at weekends",
        "for_whom": "Older people leaving hospital",
        "measure": "Average days from medically fit to discharge",
        "unit": "days",
        "before_value": "6.5",
        **date_boxes("before_on", dt.date(2026, 1, 31)),
        "after_value": "4.1",
        **date_boxes("after_on", dt.date(2026, 10, 31)),
        "story": "Ward staff and the council's team now meet daily.",
    }
    data.update(extra)
    return client.post(reverse("codesign:outcome-new", args=[world.programme.pk]), data)


def test_a_team_member_records_an_outcome_that_appears_on_the_showcase(world: World) -> None:
    objects.alice_team(world)
    assert _outcome(_client(world.alice), world).status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.recorded_by == world.alice and outcome.team is not None
    members = _client(world.fiona).get(reverse("codesign:showcase", args=[world.programme.pk]))
    assert "A discharge coordinator at weekends" in members.text and "6.5 days" in members.text
    assert "Alice Acute" not in members.text  # funders: organisations, not names
    assert (
        "Alice Acute"
        in _client(world.lena).get(reverse("codesign:showcase", args=[world.programme.pk])).text
    )


def test_figures_need_a_unit_and_a_date(world: World) -> None:
    objects.alice_team(world)
    no_date = {"before_on_day": "", "before_on_month": "", "before_on_year": ""}
    response = _outcome(_client(world.alice), world, unit="", **no_date)
    assert response.status_code == 400
    assert "Unit of the figures: Give the unit" in response.text
    assert "Date of the figure before: Give the date" in response.text
    assert not Outcome.objects.exists()


def test_the_public_showcase_shows_organisations_not_names_and_only_while_published(
    world: World,
) -> None:
    objects.alice_team(world)
    _outcome(_client(world.alice), world)
    lead = _client(world.lena)
    lead.post(reverse("codesign:showcase-publish", args=[world.programme.pk]), {"publish": "1"})
    token = objects.showcase(world, published=True).token
    page = Client().get(reverse("codesign:public-showcase", args=[token]))
    assert page.status_code == 200
    assert "A discharge coordinator at weekends" in page.text and "Surrey Acute" in page.text
    assert "Alice Acute" not in page.text and "Bob Council" not in page.text
    lead.post(reverse("codesign:showcase-publish", args=[world.programme.pk]), {"publish": "0"})
    assert Client().get(reverse("codesign:public-showcase", args=[token])).status_code == 404


def _outcomes(world: World, n: int) -> None:
    from commonground.codesign.models import Outcome as OutcomeModel

    team = objects.alice_team(world)
    OutcomeModel.objects.bulk_create(
        [
            OutcomeModel(
                issue=team.issue,
                team=team,
                what_changed=f"Change {i}",
                for_whom="Residents",
                measure="Count",
                story="A story.",
                recorded_by=world.alice,
            )
            for i in range(n)
        ]
    )


def test_the_showcase_runs_the_same_queries_at_any_size(world: World) -> None:
    _outcomes(world, 2)
    client = _client(world.lena)
    url = reverse("codesign:showcase", args=[world.programme.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _outcomes(world, 40)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.text.count("Change ") == 42
    assert len(large.captured_queries) == len(small.captured_queries)
