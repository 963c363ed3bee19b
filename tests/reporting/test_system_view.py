"""The system view: a system's places and programmes together, for its administrators and the leads
of its programmes, from the programmes' published figures, and a place's own page."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.codesign.models import Issue, IssueState
from commonground.core import figure_store
from commonground.network.figures import NetworkFigures, RoundFigures
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import (
    Cohort,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    SystemAdmin,
)
from commonground.reporting import system_view
from commonground.reporting.report import Report
from commonground.schedule import stored_figures
from commonground.schedule.models import Module, Session, SessionKind, SessionStatus
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

pytestmark = pytest.mark.django_db


def signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def join(programme: Programme, cohort: Cohort, n: int, tag: str, sector: str = Sector.HOUSING) -> None:
    organisation = factories.OrganisationFactory(system=programme.system, name=f"{tag} Trust", sector=sector)
    for i in range(n):
        person = factories.PersonFactory(full_name=f"{tag} Person {i}", email=f"{tag.lower()}{i}@example.org",
                                         organisation=organisation)
        factories.MembershipFactory(person=person, programme=programme, role=Role.PARTICIPANT, cohort=cohort)


def second_intake(w: World, *, east: int, west: int) -> Programme:
    """The system's second programme, led by Luke, with `east` and `west` participants."""
    starts_on = w.programme.starts_on + dt.timedelta(days=120)
    programme = factories.ProgrammeFactory(system=w.programme.system, title="Heartlands 500 second intake",
                                           status=ProgrammeStatus.RUNNING, starts_on=starts_on,
                                           ends_on=starts_on + dt.timedelta(days=240))
    cohorts = [factories.CohortFactory(programme=programme, name=f"{c.name} (second)", place=c.place)
               for c in (w.east, w.west)]
    join(programme, cohorts[0], east, "Eastsecond")
    join(programme, cohorts[1], west, "Westsecond")
    luke = factories.PersonFactory(full_name="Luke Lead", email="luke@example.org")
    factories.MembershipFactory(person=luke, programme=programme, role=Role.LEAD)
    return programme


def report_of(w: World) -> Report:
    return system_view.system_report(system_view.gather(w.programme.system))


# The tables that count people (the others count organisations, sectors or outcomes).
PEOPLE_TABLES = ("system-reach-place", "system-reach-family", "system-completion", "system-change")


def counts(report: Report) -> list[int]:
    """Every count of people the report shows."""
    return [
        value for section in report.sections for table in section.tables if table.key in PEOPLE_TABLES
        for line in table.lines
        for column, value in zip(table.columns, line.values, strict=True)
        if column.kind == "count" and isinstance(value, int)
    ]


# -- Who may open it ---------------------------------------------------------------------------------


def test_a_lead_of_one_of_its_programmes_sees_the_system_view(world: World) -> None:
    page = signed_in(world.lena).get(reverse("reporting:system", args=[world.programme.system_id]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "The system view" in page.text and "Heartlands 500" in page.text
    assert reverse("reporting:system-place", args=[world.programme.system_id, world.east.place_id]) in page.text
    assert reverse("reporting:board", args=[world.programme.system_id]) not in page.text  # the board is the admins'


def test_a_system_administrator_who_leads_nothing_sees_it_with_the_board(world: World) -> None:
    admin = factories.PersonFactory(full_name="Ada Admin", email="ada@example.org")
    SystemAdmin.objects.create(system=world.programme.system, person=admin)
    page = signed_in(admin).get(reverse("reporting:system", args=[world.programme.system_id]))
    assert page.status_code == 200
    assert reverse("reporting:board", args=[world.programme.system_id]) in page.text


def test_the_lead_of_another_programme_of_the_system_sees_it_too(world: World) -> None:
    second_intake(world, east=1, west=1)
    luke = Programme.objects.get(title="Heartlands 500 second intake").memberships.get(role=Role.LEAD).person
    assert signed_in(luke).get(reverse("reporting:system", args=[world.programme.system_id])).status_code == 200


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona", "oscar"])
def test_everyone_else_gets_404_on_every_page(world: World, who: str) -> None:
    system_id = world.programme.system_id
    client = signed_in(getattr(world, who))
    for url in (
        reverse("reporting:system", args=[system_id]), reverse("reporting:system-csv", args=[system_id]),
        reverse("reporting:system-xlsx", args=[system_id]),
        reverse("reporting:system-place", args=[system_id, world.east.place_id]),
    ):
        assert client.get(url).status_code == 404, url


def test_another_systems_place_is_not_found_under_ones_own_system(world: World) -> None:
    elsewhere = factories.PlaceFactory(system=world.other_programme.system, name="Elsewhere Vale")
    client = signed_in(world.lena)
    assert client.get(reverse("reporting:system-place", args=[world.programme.system_id, elsewhere.pk])).status_code == 404
    # Oscar leads the other system's programme: this system's pages are not his.
    assert signed_in(world.oscar).get(reverse("reporting:system", args=[world.programme.system_id])).status_code == 404


# -- What it shows -----------------------------------------------------------------------------------


def test_each_programmes_figures_are_its_published_ones_and_a_total_only_when_every_part_is_shown(world: World) -> None:
    join(world.programme, world.east, 6, "Eastfirst")
    join(world.programme, world.west, 5, "Westfirst")
    second = second_intake(world, east=7, west=2)
    report = report_of(world)
    table = report.table("system-reach-place")
    assert [c.heading for c in table.columns] == ["Heartlands 500 second intake", "Heartlands 500", "All programmes"]
    published = {
        p.pk: {row.label: row.count for row in programme_figures.stored_reach(p).value.by_place}
        for p in (world.programme, second)
    }
    rows = {line.label: line.values for line in table.lines}
    for place in ("East Surrey", "Guildford and Waverley"):
        newer, first, together = rows[place]
        assert (newer, first) == (published[second.pk][place], published[world.programme.pk][place])
        assert together == (None if newer is None or first is None else int(newer) + int(first))
    # Two people in the West cohort of the second intake: never shown, so neither is the West total.
    assert rows["Guildford and Waverley"][0] is None and rows["Guildford and Waverley"][2] is None
    assert rows["East Surrey"][1] == 8
    assert not [n for n in counts(report) if 0 < n < 5], "a count under 5 is shown"


def test_organisations_and_sectors_are_counted_by_the_places_they_work_in(world: World) -> None:
    join(world.programme, world.east, 6, "Eastfirst")
    east, west = world.east.place, world.west.place
    assert east is not None and west is not None
    world.programme.system.organisations.get(name="Eastfirst Trust").places.add(east)
    world.programme.system.organisations.get(name="Surrey Acute").places.add(east, west)
    lines = {line.label: line.values for line in report_of(world).table("system-organisations-place").lines}
    assert lines["East Surrey"] == (2, 2)  # Eastfirst Trust (its sector) and Surrey Acute (NHS acute)
    assert lines["Guildford and Waverley"] == (1, 1)


def test_completion_follows_each_programmes_rule_and_totals_only_shown_figures(world: World) -> None:
    second = second_intake(world, east=6, west=6)
    module = Module.objects.create(programme=second, title="Leading across boundaries")
    for days in (10, 20):
        starts_at = timezone.now() + dt.timedelta(days=days)
        Session.objects.create(programme=second, module=module, kind=SessionKind.MODULE, title="Module day",
                               starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=6))
    lines = {line.label: line.values for line in report_of(world).table("system-completion").lines}
    stored = stored_figures.stored(second)[1].value
    assert stored.totals is not None and stored.totals.people == 12
    assert stored.rule is not None and stored.totals.on_track is not None
    assert lines["Heartlands 500 second intake"] == (
        12, stored.totals.completed, stored.totals.on_track, stored.totals.cannot_complete, stored.rule.words,
    )
    assert lines["Heartlands 500"][4] == "no module days scheduled yet"
    assert lines["Heartlands 500"][0] is None  # three participants
    assert lines["All programmes"][0] is None


def _round(label: str, *, ties: int | None, ei_place: float | None) -> RoundFigures:
    return RoundFigures(round_id=1, label=label, kind="Start", listed=20, respondents=15, ties=ties, density=0.2,
                        ei_organisation=0.5, ei_sector=0.0, ei_place=ei_place)


def test_ties_crossing_places_come_from_the_latest_whole_programme_round(world: World) -> None:
    figures = system_view.gather(world.programme.system)
    row = figures.programmes[0]
    network = NetworkFigures(
        rounds=[_round("Whole programme", ties=40, ei_place=-0.5), _round("East Surrey cohort", ties=9, ei_place=None),
                _round("Whole programme", ties=50, ei_place=0.2)],
        by_sector=[], by_place=[],
    )
    other = NetworkFigures(rounds=[_round("Whole programme", ties=30, ei_place=-1 / 3)], by_sector=[], by_place=[])
    twin = type(row)(row.programme, row.reach, row.completion, row.evaluation, other, 0)
    mine = type(row)(row.programme, row.reach, row.completion, row.evaluation, network, 0)
    with_two = type(figures)(figures.system, figures.places, [mine, twin], {}, {}, None)
    lines = system_view.system_report(with_two).table("system-ties").lines
    assert lines[0].values[2:4] == (50, 60.0)  # (1 + 0.2) / 2 of 50 ties cross places
    assert lines[0].values[4] == 75.0
    assert lines[1].values[2:4] == (30, 33.3)
    assert lines[2].label == "All programmes" and lines[2].values[2:4] == (80, 50.0)  # 30 + 10 of 80
    hidden = NetworkFigures(rounds=[_round("Whole programme", ties=None, ei_place=None)], by_sector=[], by_place=[])
    veiled = type(row)(row.programme, row.reach, row.completion, row.evaluation, hidden, 0)
    lines = system_view.system_report(type(figures)(figures.system, figures.places, [mine, veiled], {}, {}, None)).table(
        "system-ties").lines
    assert lines[2].values[2:4] == (None, None)


def test_the_page_reads_stored_figures_in_the_same_number_of_queries_at_any_size(world: World) -> None:
    client = signed_in(world.lena)
    url = reverse("reporting:system", args=[world.programme.system_id])
    client.get(url)  # stores the figures and fills the disclosure decisions' cache

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    join(world.programme, world.east, 30, "Eastmany")
    join(world.programme, world.west, 30, "Westmany")
    figure_store.refresh_all(world.programme.pk)
    client.get(url)
    assert queries() == few


def test_the_downloads_carry_the_same_figures_with_formulas_neutralised(world: World) -> None:
    join(world.programme, world.east, 6, "Eastfirst")
    join(world.programme, world.west, 5, "Westfirst")
    world.programme.title = "=HYPERLINK(\"http://evil.example\")"
    world.programme.save()
    client = signed_in(world.lena)
    answer = client.get(reverse("reporting:system-csv", args=[world.programme.system_id]))
    assert answer["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == ["Section", "Table", "Row", "Column", "Value"]
    assert ["At a glance", "", "Programmes", "", "1"] in rows
    east = next(r for r in rows if r[1] == "Participants by place and programme" and r[2] == "East Surrey"
                and r[3] != "All programmes")
    assert east[3] == "'=HYPERLINK(\"http://evil.example\")" and east[4] == "8"
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("reporting:system-xlsx", args=[world.programme.system_id])).content))
    assert workbook.sheetnames[0] == "Summary" and len(workbook.sheetnames) == 5
    cells = [c.value for row in workbook.worksheets[1].iter_rows() for c in row if c.value is not None]
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


# -- A place -----------------------------------------------------------------------------------------


def test_a_place_shows_its_cohorts_and_issues_beside_the_events_for_the_whole_system(world: World) -> None:
    join(world.programme, world.east, 6, "Eastfirst")
    join(world.programme, world.west, 5, "Westfirst")
    east_place, west_place = world.east.place, world.west.place
    assert east_place is not None and west_place is not None
    Issue.objects.create(programme=world.programme, place=east_place, title="Weekend discharges", problem="p", affects="a")
    Issue.objects.create(programme=world.programme, place=west_place, title="Rural transport", problem="p", affects="a")
    Issue.objects.create(programme=world.programme, place=east_place, title="Old idea", problem="p", affects="a",
                         state=IssueState.CLOSED, closed_reason="Merged")
    soon = timezone.now() + dt.timedelta(days=7)
    make_session(world, "System summit", cohorts=[], starts_at=soon, open_to_system=True)
    make_session(world, "Programme launch", cohorts=[], starts_at=soon)
    make_session(world, "East module day", cohorts=[world.east], starts_at=soon)
    make_session(world, "Cancelled gathering", cohorts=[], starts_at=soon, status=SessionStatus.CANCELLED,
                 open_to_system=True)
    make_session(world, "Last month's summit", cohorts=[], starts_at=timezone.now() - dt.timedelta(days=30),
                 open_to_system=True)
    page = signed_in(world.lena).get(reverse("reporting:system-place", args=[world.programme.system_id, east_place.pk]))
    assert page.status_code == 200
    text = page.text
    assert "East Surrey cohort" in text and "Guildford and Waverley cohort" not in text
    assert ">8<" in text  # its participants, as published
    assert "Weekend discharges" in text and "Rural transport" not in text and "Old idea" not in text
    assert "System summit" in text
    for absent in ("Programme launch", "East module day", "Cancelled gathering", "Last month&#x27;s summit"):
        assert absent not in text
    # Lena leads the programme, so its cohort and issue link to their pages.
    assert reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk]) in text


def test_a_system_administrator_sees_a_place_without_links_into_programmes_they_do_not_lead(world: World) -> None:
    admin = factories.PersonFactory(full_name="Ada Admin", email="ada@example.org")
    SystemAdmin.objects.create(system=world.programme.system, person=admin)
    page = signed_in(admin).get(
        reverse("reporting:system-place", args=[world.programme.system_id, world.east.place_id])
    )
    assert page.status_code == 200 and "East Surrey cohort" in page.text
    assert reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk]) not in page.text
