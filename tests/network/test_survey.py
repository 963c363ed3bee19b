"""The relationship survey in the app: consent, the roster, my network, programme figures and maps."""

import datetime as dt
import itertools
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.network import queries, services
from commonground.network.models import (
    Encounter,
    EncounterSource,
    RosterConsent,
    RoundKind,
    SurveyRound,
    TieReport,
)
from commonground.programmes.models import Affiliation, Organisation, Role, Sector
from tests import factories
from tests.conftest import World


def roster_url(world: World, survey_round: SurveyRound | None = None) -> str:
    return reverse("network:roster", args=[world.programme.pk, (survey_round or world.east_start).pk])


def join_east(world: World, name: str, *, listed: bool | None, organisation: Organisation | None = None) -> Person:
    person = factories.PersonFactory(full_name=name, email=f"{name.split()[0].lower()}@example.org",
                                     organisation=organisation or Organisation.objects.get(name="County Council"))
    factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    if listed is not None:
        RosterConsent.objects.create(person=person, programme=world.programme, listed=listed)
    return person


def mark(client: Client, world: World, colleague: Person, *marks: str, htmx: bool = True, survey_round: SurveyRound | None = None):  # type: ignore[no-untyped-def]
    data = {"colleague": str(colleague.pk), **{f"{m}-{colleague.pk}": "on" for m in marks}}
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(roster_url(world, survey_round), data, headers=headers)


def test_a_participant_chooses_to_be_listed(client: Client, world: World) -> None:
    client.force_login(world.carol)
    response = client.post(
        reverse("network:consent", args=[world.programme.pk]),
        {"listed": "yes", "named_on_maps": "on", "wording": "roster-2026-1,named_on_maps-2026-1"},
    )
    assert response.status_code == 302
    consent = RosterConsent.objects.get(person=world.carol)
    assert consent.listed and consent.named_on_maps


def test_consent_must_be_answered(client: Client, world: World) -> None:
    client.force_login(world.carol)
    response = client.post(reverse("network:consent", args=[world.programme.pk]), {})
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert not RosterConsent.objects.filter(person=world.carol).exists()


def test_someone_not_listed_cannot_be_named_on_maps(world: World) -> None:
    consent = services.decide_roster_consent(person=world.carol, programme=world.programme, listed=False, named_on_maps=True)
    assert consent.named_on_maps is False


def test_the_roster_lists_only_listed_colleagues_of_the_round(client: Client, world: World) -> None:
    join_east(world, "Dana Undecided", listed=None)
    join_east(world, "Eve Declined", listed=False)
    join_east(world, "Faye Listed", listed=True)
    client.force_login(world.alice)
    response = client.get(roster_url(world))
    names = [row["person"].full_name for row in response.context["rows"]]
    assert names == ["Bob Council", "Faye Listed"]
    for hidden in ("Dana Undecided", "Eve Declined", "Carol Charity", "Alice Acute</th>"):
        assert hidden not in response.text


def test_the_roster_filters_by_name_and_organisation(client: Client, world: World) -> None:
    join_east(world, "Faye Listed", listed=True, organisation=Organisation.objects.get(name="Community Action"))
    client.force_login(world.alice)

    def shown(q: str) -> list[str]:
        rows = client.get(roster_url(world), {"q": q}).context["rows"]
        assert [r["person"].full_name for r in rows] == ["Bob Council", "Faye Listed"], "searching hides rows, never drops them"
        return [r["person"].full_name for r in rows if r["shown"]]

    assert shown("fay") == ["Faye Listed"]
    assert shown("county") == ["Bob Council"]
    assert shown("council bob") == ["Bob Council"]
    assert shown("council faye") == []


def test_a_mark_is_saved_as_soon_as_it_is_made(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = mark(client, world, world.bob, "knows", "go_to_for_help")
    assert response.status_code == 200
    assert f'<span class="cg-roster__saved" id="saved-{world.bob.pk}" hx-swap-oob="true">Saved</span>' in response.text
    assert "<tr" not in response.text, "the row stays as the person left it: a second tick may be on its way"
    report = TieReport.objects.get(round=world.east_start, reporter=world.alice, colleague=world.bob)
    assert (report.knows, report.worked_with, report.go_to_for_help) == (True, False, True)
    mark(client, world, world.bob)  # every box cleared
    assert not TieReport.objects.filter(reporter=world.alice).exists()


def test_marking_someone_who_is_not_listed_is_refused(client: Client, world: World) -> None:
    eve = join_east(world, "Eve Declined", listed=False)
    client.force_login(world.alice)
    response = mark(client, world, eve, "knows", htmx=False)
    assert response.status_code == 400
    assert "That colleague is not listed in this survey" in response.text
    assert not TieReport.objects.exists()


def test_a_box_ticked_in_place_that_is_refused_says_so_on_the_status_line(client: Client, world: World) -> None:
    eve = join_east(world, "Eve Declined", listed=False)
    client.force_login(world.alice)
    response = mark(client, world, eve, "knows")
    assert response.status_code == 400
    assert 'id="roster-status"' in response.text and 'hx-swap-oob="innerHTML"' in response.text
    assert "Not saved: That colleague is not listed in this survey" in response.text
    assert "cg-roster__saved" not in response.text and "<html" not in response.text
    assert not TieReport.objects.exists()


def test_a_closed_round_keeps_its_answers(client: Client, world: World) -> None:
    world.east_start.closes_at = timezone.now() - dt.timedelta(minutes=1)
    world.east_start.opens_at = timezone.now() - dt.timedelta(days=10)
    world.east_start.save()
    client.force_login(world.alice)
    response = mark(client, world, world.bob, "knows", htmx=False)
    assert response.status_code == 400
    assert "This survey round is closed" in response.text
    assert not TieReport.objects.exists()


def test_an_unlisted_participant_is_sent_to_choose_first(client: Client, world: World) -> None:
    dana = join_east(world, "Dana Undecided", listed=None)
    client.force_login(dana)
    response = client.get(roster_url(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:home", args=[world.programme.pk])


def test_withdrawing_removes_my_answers_and_me_from_everyone_elses(client: Client, world: World) -> None:
    services.save_tie_marks(survey_round=world.east_start, reporter=world.alice, colleague_id=world.bob.pk,
                            knows=True, worked_with=False, go_to_for_help=False)
    services.save_tie_marks(survey_round=world.east_start, reporter=world.bob, colleague_id=world.alice.pk,
                            knows=True, worked_with=True, go_to_for_help=False)
    services.decide_roster_consent(person=world.bob, programme=world.programme, listed=False, named_on_maps=False)
    assert not TieReport.objects.filter(reporter=world.bob).exists()
    # Alice's answer about Bob stays stored but counts nowhere while Bob is not listed.
    rn = queries.round_network(world.east_start)
    assert [p.full_name for p in rn.people] == ["Alice Acute"]
    assert rn.network.tie_count == 0
    assert queries.my_network(world.alice, world.programme).contacts == []


@pytest.fixture
def busy_east(world: World) -> list[Person]:
    """Eight more listed people in the East cohort, so figures pass the small-number threshold."""
    charity = Organisation.objects.get(name="Community Action")
    people = [join_east(world, f"Person{i} Listed", listed=True, organisation=charity if i % 2 else None) for i in range(8)]
    join_east(world, "Zed Unlisted", listed=False)
    return people


def _tie(survey_round: SurveyRound, a: Person, b: Person) -> None:
    services.save_tie_marks(survey_round=survey_round, reporter=a, colleague_id=b.pk, knows=True, worked_with=False, go_to_for_help=False)


def test_my_network_shows_new_colleagues_after_a_later_round(client: Client, world: World, busy_east: list[Person]) -> None:
    _tie(world.east_start, world.alice, world.bob)
    end = SurveyRound.objects.create(programme=world.programme, cohort=world.east, kind=RoundKind.END,
                                     opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=timezone.now() + dt.timedelta(days=7))
    _tie(end, world.alice, world.bob)
    _tie(end, busy_east[1], world.alice)  # marked by the colleague, not by Alice: still a tie
    services.record_encounters(programme=world.programme, groups=[[world.alice.pk, busy_east[2].pk]],
                               source=EncounterSource.LEARNING_SET, source_ref="set-1", source_label="Learning set 1",
                               occurred_on=dt.date(2026, 10, 1))
    client.force_login(world.alice)
    response = client.get(reverse("network:mine", args=[world.programme.pk]))
    network = response.context["network"]
    assert network.people == (1, 2, 1)
    assert network.organisations == (1, 2, 1)
    assert [c.person.full_name for c in network.met] == [busy_east[2].full_name]
    assert "Learning set 1" in response.text
    # Whom the programme brought together, by their sector and place (their own colleagues, named above).
    met = busy_east[2]
    work = Affiliation.objects.select_related("organisation", "place").get(person=met, system=world.programme.system)
    sector = dict(Sector.choices)[work.organisation.sector]
    tables = {chart.title: [(row.label, row.cells[0].text) for row in chart.rows] for chart in response.context["met_charts"]}
    assert tables["By their sector"] == [(sector, "1")]
    assert tables["By their place"] == [(work.place.name if work.place else "Not known", "1")]
    assert "Colleagues you met through the programme" in response.text
    assert 'class="cg-graph__svg cg-my-network"' in response.text


def _west_colleagues(world: World) -> None:
    """Five more (unlisted) West participants: a cohort of one would hide its neighbour's size too."""
    for i in range(5):
        person = factories.PersonFactory(full_name=f"West{i} Colleague", organisation=Organisation.objects.get(name="Community Action"))
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)


def test_programme_figures_suppress_small_groups_and_count_only_listed_people(client: Client, world: World, busy_east: list[Person]) -> None:
    _west_colleagues(world)
    for a, b in itertools.pairwise(busy_east):
        _tie(world.east_start, a, b)
    _tie(world.east_start, world.alice, world.bob)
    client.force_login(world.fiona)
    response = client.get(reverse("network:figures", args=[world.programme.pk]))
    rows = {r.label: r for r in response.context["figures"].rounds}
    east = rows["East Surrey cohort"]
    assert east.listed == 10  # Alice, Bob and eight more; Zed chose not to be listed
    assert east.ties == 8
    assert east.respondents == 8
    assert east.ei_organisation == 1.0  # every tie crosses organisations (0 within is shown: it identifies nobody)
    west = rows["Guildford and Waverley cohort"]
    assert (west.listed, west.respondents, west.ties, west.ei_sector) == (0, 0, 0, None)
    assert "Zed Unlisted" not in response.text


def test_the_map_hides_unlisted_people_and_names_only_those_who_agreed(client: Client, world: World, busy_east: list[Person]) -> None:
    RosterConsent.objects.filter(person=world.alice).update(named_on_maps=True)
    _tie(world.east_start, world.alice, world.bob)
    elements = queries.map_elements(world.east_start)
    assert len(elements["nodes"]) == 10
    labels = [n["label"] for n in elements["nodes"] if n["label"]]
    assert labels == ["Alice Acute"]
    colours = Counter(n["sector"] for n in elements["nodes"])
    assert all(n >= 5 for n in colours.values()), "small sectors are coloured as Other"
    client.force_login(world.lena)
    response = client.get(reverse("network:map", args=[world.programme.pk, world.east_start.pk]))
    assert "Zed Unlisted" not in response.text
    assert "Bob Council" not in response.text
    # The sector table is the published one: Alice alone in NHS acute is not shown.
    people = dict((s["code"], s["people"]) for s in response.context["sector_map"].sectors)
    assert people["nhs_acute"] is None


def test_the_map_of_a_tiny_round_is_withheld(world: World) -> None:
    assert queries.map_elements(world.west_start)["suppressed"] is True


def test_encounters_are_recorded_once_per_pair_and_source(world: World) -> None:
    kwargs = {"programme": world.programme, "source": EncounterSource.SESSION_TABLE, "source_ref": "session-3-table-2",
              "source_label": "Table 2 at the launch", "occurred_on": dt.date(2026, 9, 10)}
    services.record_encounters(groups=[[world.alice.pk, world.bob.pk, world.carol.pk]], **kwargs)  # type: ignore[arg-type]
    services.record_encounters(groups=[[world.bob.pk, world.alice.pk]], **kwargs)  # type: ignore[arg-type]
    assert Encounter.objects.count() == 3
    with pytest.raises(ValidationError, match="not participants"):
        services.record_encounters(groups=[[world.alice.pk, world.oscar.pk]], **kwargs)  # type: ignore[arg-type]
    assert Encounter.objects.count() == 3


def test_saving_a_mark_updates_the_one_status_line(client: Client, world: World, busy_east: list[Person]) -> None:
    client.force_login(world.alice)
    response = mark(client, world, world.bob, "knows")
    assert 'id="roster-status"' in response.text
    assert 'hx-swap-oob="innerHTML"' in response.text
    assert "Saved your marks for Bob Council" in response.text
    assert "<strong>1 of 9</strong> colleagues marked" in response.text  # Bob and the eight others


def test_a_later_round_reminds_people_what_they_marked_last_time(client: Client, world: World) -> None:
    _tie(world.east_start, world.alice, world.bob)
    later = SurveyRound.objects.create(programme=world.programme, cohort=world.east, kind=RoundKind.MIDPOINT,
                                       opens_at=timezone.now() - dt.timedelta(hours=1), closes_at=timezone.now() + dt.timedelta(days=7))
    client.force_login(world.alice)
    response = client.get(roster_url(world, later))
    row = next(r for r in response.context["rows"] if r["person"] == world.bob)
    assert row["earlier"] == "know"
    assert row["report"] is None, "nothing is carried over without the person's say-so"
