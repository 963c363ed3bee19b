"""The learning sets page as a lead uses it: a card per set, one move control per person, the set's
mix in a line; while new sets form, only the progress (never the old sets' quality figures); and
the sets to take away as CSV, XLSX and a PDF for the room, each download in the audit trail."""

import csv
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.grouping import inputs
from commonground.grouping.engine.explain import stop_line
from commonground.grouping.engine.pacing import STOP_TIME
from commonground.grouping.models import GroupingRun, LearningSetMember, RunStatus
from commonground.grouping.services import runs
from commonground.programmes.models import Affiliation, Membership, Organisation, Role, Sector
from tests.conftest import World
from tests.grouping.objects import fill_east, sets_of

HOSTILE = '=HYPERLINK("http://x","y")'


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _url(world: World, name: str, **extra: int) -> str:
    return reverse(f"grouping:{name}", kwargs={"programme_id": world.programme.pk, "cohort_id": world.east.pk, **extra})


def _cards(html: str) -> dict[str, str]:
    """Each set's card on the page, by its heading."""
    chunks = html.split('<section class="nhsuk-card cg-set"')[1:]
    return {re.search(r'<h3[^>]*>([^<]+)</h3>', chunk).group(1): chunk for chunk in chunks}  # type: ignore[union-attr]


def _move_choices(card: str) -> dict[int, list[str]]:
    """Person id -> the sets their one "Move to…" list offers."""
    found = {}
    for person, options in re.findall(
        r'name="person" value="(\d+)">\s*<input type="hidden" name="page"[^>]*>\s*<label[^>]*>[^<]*</label>\s*'
        r'<select[^>]*name="to">(.*?)</select>',
        card,
        re.S,
    ):
        found[int(person)] = re.findall(r'<option value="(\d*)"', options)
    return found


@pytest.fixture
def two_sets(world: World) -> list[Person]:
    people = fill_east(world, 12)
    sets_of(world, [people[:6], people[6:]])
    return people


def test_each_set_is_a_card_listing_its_people_with_one_move_control_each(
    world: World, two_sets: list[Person]
) -> None:
    LearningSetMember.objects.filter(person=two_sets[0]).update(locked=True)
    page = _client(world.lena).get(_url(world, "sets")).text
    cards = _cards(page)
    assert list(cards) == ["Set 1", "Set 2"]
    assert page.count('name="to"') == 11  # twelve people, one of them locked in place
    assert page.count(">Preview<") == 11
    one, two = _move_choices(cards["Set 1"]), _move_choices(cards["Set 2"])
    assert sorted(one) == sorted(p.pk for p in two_sets[1:6])
    assert sorted(two) == sorted(p.pk for p in two_sets[6:])
    assert all(choices == ["", "2"] for choices in one.values())  # "Move to…", then the other set only
    assert all(choices == ["", "1"] for choices in two.values())
    # The locked person has no move control, only "Unlock"; locking is one list per set, of those unlocked.
    assert "Unlock" in cards["Set 1"] and f"Unlock<span class=\"nhsuk-u-visually-hidden\"> {two_sets[0].full_name}" in page
    assert cards["Set 1"].count('id="lock-') == 1 and cards["Set 2"].count('id="lock-') == 1
    lock_list = re.search(r'<select[^>]*id="lock-\d+" name="person">(.*?)</select>', cards["Set 1"], re.S)
    assert lock_list is not None
    assert sorted(map(int, re.findall(r'value="(\d+)"', lock_list.group(1)))) == sorted(p.pk for p in two_sets[1:6])
    # One line per person: name, organisation, sector as a tag; the set's mix in one line.
    assert "Alice Acute" in cards["Set 1"] and "Surrey Acute" in cards["Set 1"]
    assert re.search(r'class="nhsuk-tag nhsuk-tag--blue cg-tag">NHS acute<', cards["Set 1"])
    assert re.search(r'class="nhsuk-tag nhsuk-tag--green cg-tag">Adult social care<', cards["Set 1"])
    assert re.search(r"6 people · \d sectors · \d organisations · East Surrey · score \d+", cards["Set 1"])


def test_a_facilitator_sees_the_cards_without_any_control(world: World, two_sets: list[Person]) -> None:
    page = _client(world.fred).get(_url(world, "sets")).text
    assert len(_cards(page)) == 2 and "Alice Acute" in page
    assert 'name="to"' not in page and 'id="lock-' not in page and "Keep them apart" not in page
    assert "PDF for the room" in page


def test_moving_and_locking_still_go_through_the_same_forms(world: World, two_sets: list[Person]) -> None:
    lena = _client(world.lena)
    mover = two_sets[3]
    response = lena.post(_url(world, "move"), {"person": mover.pk, "to": 2, "page": "1"}, follow=True)
    assert f"{mover.full_name} moved to set 2" in response.text
    assert LearningSetMember.objects.get(person=mover).learning_set.number == 2
    lena.post(_url(world, "lock"), {"person": mover.pk, "locked": "1"})
    assert LearningSetMember.objects.get(person=mover).locked
    lena.post(_url(world, "lock"), {"person": mover.pk, "locked": "0"})
    assert not LearningSetMember.objects.get(person=mover).locked
    choose_nothing = lena.post(_url(world, "move"), {"person": mover.pk, "to": ""}, follow=True)
    assert "Choose a set to move them to." in choose_nothing.text
    # Preview pressed before choosing a set: the preview box says so (not the whole page inside it).
    box = lena.post(_url(world, "move"), {"person": mover.pk, "to": "", "preview": "1"}, HTTP_HX_REQUEST="true")
    assert box.status_code == 200 and "<html" not in box.text
    assert 'id="move-preview"' in box.text and "Choose a set to move them to." in box.text


def test_while_new_sets_form_only_the_progress_shows_then_the_new_figures(world: World, two_sets: list[Person]) -> None:
    lena = _client(world.lena)
    before = lena.get(_url(world, "sets")).text
    assert 'id="quality"' in before and "Proven best possible" in before and "· score " in before

    run = GroupingRun.objects.create(
        cohort=world.east, requested_by=world.lena, status=RunStatus.RUNNING, progress=0.4, best_value=17,
        parameters={"min_size": 6, "max_size": 6},
    )
    forming = lena.get(_url(world, "sets")).text
    assert 'value="40"' in forming and "Forming the sets…" in forming and "Best score so far: 17" in forming
    for old in ('id="quality"', 'id="objective"', "Proven best possible", "Gap to the best possible",
                "Worst set's score", "· score "):
        assert old not in forming, old
    assert "New sets are being formed" in forming
    assert len(_cards(forming)) == 2  # the sets that stand are still listed, and still downloadable

    # The worker saves the new sets: their own figures show, the new run's bound among them.
    facts = inputs.cohort_people(world.east)
    runs.save_generated_sets(
        run=run, people=facts, assignment=tuple(i % 2 for i in range(len(facts))),
        result={"objective": 40.0, "bound": 23.0, "seconds": 2.5, "stopped": STOP_TIME,
                "stopped_because": stop_line(STOP_TIME, 17 / 40)}, locked={},
    )
    after = lena.get(_url(world, "sets")).text
    assert 'id="quality"' in after and "New sets are being formed" not in after
    assert re.search(r"Proven best possible</dt><dd[^>]*>23<", after)
    # The lead reads why the search stopped and what its gap proves, as the command's report says.
    assert re.search(
        r'id="run-stopped">Stopped at the time limit; the penalty is 42\.5% above the lower bound', after
    )


def test_a_failed_run_leaves_the_sets_that_stand_with_their_figures(world: World, two_sets: list[Person]) -> None:
    GroupingRun.objects.create(
        cohort=world.east, requested_by=world.lena, status=RunStatus.FAILED, error="These rules cannot all hold."
    )
    page = _client(world.lena).get(_url(world, "sets")).text
    assert "These rules cannot all hold." in page and 'id="quality"' in page and "· score " in page


def _with_hostile_name(world: World) -> Person:
    hostile = Person.objects.create(email="formula@example.org", full_name=HOSTILE, password="!")
    charity = Organisation.objects.get(name="Community Action")
    Affiliation.objects.create(person=hostile, system=world.programme.system, organisation=charity, place=world.east.place)
    Membership.objects.create(person=hostile, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    return hostile


def test_the_csv_lists_set_name_organisation_sector_and_place_with_formulas_made_inert(world: World) -> None:
    hostile = _with_hostile_name(world)
    sets_of(world, [[world.alice, hostile], [world.bob]])
    response = _client(world.lena).get(_url(world, "sets-csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="learning-sets-east-surrey-cohort-')
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Set", "Name", "Organisation", "Sector", "Place"],
        ["Set 1", "'" + HOSTILE, "Community Action", "Voluntary and community", "East Surrey"],
        ["Set 1", "Alice Acute", "Surrey Acute", "NHS acute", "East Surrey"],
        ["Set 2", "Bob Council", "County Council", "Adult social care", "East Surrey"],
    ]


def test_the_xlsx_holds_the_same_rows_as_text(world: World) -> None:
    hostile = _with_hostile_name(world)
    sets_of(world, [[world.alice, hostile], [world.bob]])
    response = _client(world.fred).get(_url(world, "sets-xlsx"))  # the cohort's facilitators see the sets too
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content))["Learning sets"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Set", "Name", "Organisation", "Sector", "Place"]
    assert rows[1:] == [
        ["Set 1", "'" + HOSTILE, "Community Action", "Voluntary and community", "East Surrey"],
        ["Set 1", "Alice Acute", "Surrey Acute", "NHS acute", "East Surrey"],
        ["Set 2", "Bob Council", "County Council", "Adult social care", "East Surrey"],
    ]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row)


def test_each_download_is_in_the_audit_trail_with_everyone_it_lists(world: World) -> None:
    sets_of(world, [[world.alice], [world.bob]])
    lena = _client(world.lena)
    for name in ("sets-csv", "sets-xlsx", "sets-pdf"):
        assert lena.get(_url(world, name)).status_code == 200
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="learning_sets", actor_id=world.lena.pk)
    assert exported.filter(subject_id__isnull=True).count() == 3  # one row for each download itself
    for person in (world.alice, world.bob):
        rows = exported.filter(subject_id=person.pk)
        assert rows.count() == 3
        assert set(rows.values_list("programme_id", flat=True)) == {world.programme.pk}
        assert rows.first().fields == ["full_name", "learning_set", "organisation", "place", "sector"]  # type: ignore[union-attr]


def test_the_pdf_for_the_room_has_one_page_per_set_even_a_large_one(world: World) -> None:
    people = fill_east(world, 42)
    sets_of(world, [people[:6], people[6:12], people[12:]])  # the third set has thirty people
    response = _client(world.lena).get(_url(world, "sets-pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 3
    first, third = (re.sub(r"\s+", " ", pages[i].extract_text()) for i in (0, 2))
    assert "Set 1" in first and "Alice Acute" in first and "Surrey Acute" in first and "Set 2" not in first
    assert "Set 3" in third and all(p.full_name in third for p in people[12:])


def test_the_pdf_of_a_cohort_without_sets_says_so_on_one_page(world: World) -> None:
    response = _client(world.lena).get(_url(world, "sets-pdf"))
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) == 1 and "has no learning sets yet" in pages[0].extract_text()


@pytest.mark.parametrize("who", ["alice", "sam", "fiona", "oscar"])
def test_only_the_programmes_staff_may_download_the_sets(world: World, who: str) -> None:
    sets_of(world, [[world.alice, world.bob]])
    client = _client(getattr(world, who))
    for name in ("sets-csv", "sets-xlsx", "sets-pdf"):
        assert client.get(_url(world, name)).status_code == 404, name
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORTED).exists()


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as done:
        assert client.get(url).status_code == 200
    return len(done)


def _counts(world: World) -> dict[str, int]:
    lena = _client(world.lena)
    return {name: _queries(lena, _url(world, name)) for name in ("sets", "sets-csv", "sets-xlsx", "sets-pdf")}


def test_the_page_and_its_downloads_run_the_same_queries_as_the_cohort_grows(world: World) -> None:
    people = fill_east(world, 12)
    run = sets_of(world, [people[:6], people[6:]])
    small = _counts(world)
    more = fill_east_more(world, 24)
    run.sets.all().delete()
    everyone = [*people, *more]
    sets_of(world, [everyone[i::6] for i in range(6)])
    assert _counts(world) == small


def fill_east_more(world: World, count: int) -> list[Person]:
    """More participants for East, each with their own organisation in a sector of their own."""
    sectors = list(Sector)
    added = []
    for i in range(count):
        person = Person.objects.create(email=f"more{i}@example.org", full_name=f"More Person {i:02d}", password="!")
        org = Organisation.objects.create(system=world.programme.system, name=f"More Org {i}", sector=sectors[i % len(sectors)])
        Affiliation.objects.create(person=person, system=world.programme.system, organisation=org, place=world.east.place)
        Membership.objects.create(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
        added.append(person)
    return added
