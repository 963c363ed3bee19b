"""A cohort's list of people: searched by name or organisation across pages, and downloaded whole by
staff (the search kept), each download in the audit trail and no cell a spreadsheet formula."""

import csv
import io

import openpyxl
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import World


def _client(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _page(world: World) -> str:
    return reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk])


def _export(world: World, fmt: str) -> str:
    return reverse("programmes:cohort-people-export", args=[world.programme.pk, world.east.pk, fmt])


def _listed(response: object) -> list[str]:
    return [m.person.full_name for m in response.context["page"]]  # type: ignore[attr-defined]


def test_the_search_matches_every_word_against_the_name_or_the_organisation(world: World) -> None:
    lena = _client(world.lena)
    assert _listed(lena.get(_page(world))) == ["Alice Acute", "Bob Council"]
    assert _listed(lena.get(_page(world), {"q": "council"})) == ["Bob Council"]  # his organisation is County Council
    assert _listed(lena.get(_page(world), {"q": "surrey ALICE"})) == ["Alice Acute"]  # organisation and name
    assert _listed(lena.get(_page(world), {"q": "surrey bob"})) == []
    nobody = lena.get(_page(world), {"q": "nobody\x00here"})
    assert nobody.status_code == 200 and "Nobody in this cohort matches “nobody here”." in nobody.text


def test_a_participant_searches_only_their_own_cohort(world: World) -> None:
    alice = _client(world.alice)
    assert _listed(alice.get(_page(world), {"q": "carol"})) == []  # Carol is in the other cohort
    assert _listed(alice.get(_page(world), {"q": "bob"})) == ["Bob Council"]


def test_paging_keeps_the_search(world: World) -> None:
    acute = world.alice.affiliations.get().organisation
    for i in range(105):
        person = factories.PersonFactory(full_name=f"Acute Member {i:03}", email=f"am{i}@example.org", organisation=acute)
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east)
    first = _client(world.lena).get(_page(world), {"q": "member"})
    assert len(_listed(first)) == 100 and "105 participants matching" in first.text
    assert "?q=member&amp;page=2" in first.text
    second = _client(world.lena).get(_page(world), {"q": "member", "page": 2})
    assert _listed(second) == [f"Acute Member {i:03}" for i in range(100, 105)]


def test_staff_download_the_whole_list_as_searched_and_each_download_is_recorded(world: World) -> None:
    factories.MembershipFactory(
        person=factories.PersonFactory(full_name="=HYPERLINK(1)", email="formula@example.org",
                                       organisation=world.alice.affiliations.get().organisation),
        programme=world.programme, role=Role.PARTICIPANT, cohort=world.east,
    )
    response = _client(world.lena).get(_export(world, "csv"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Organisation", "Role", "Sector", "Seniority"]
    names = [row[0] for row in rows[1:]]
    assert names == ["'=HYPERLINK(1)", "Alice Acute", "Bob Council"]
    assert rows[2][1] == "Surrey Acute" and rows[3][1] == "County Council"
    searched = _client(world.fred).get(_export(world, "xlsx"), {"q": "council"})
    sheet = openpyxl.load_workbook(io.BytesIO(searched.content)).active
    assert sheet is not None and [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Bob Council"]
    exported = AuditEvent.objects.filter(action=AuditAction.EXPORTED, what="cohort_list")
    assert exported.filter(subject_id__isnull=True).count() == 2  # the two downloads themselves
    assert set(exported.filter(actor_id=world.fred.pk).exclude(subject_id__isnull=True).values_list("subject_id", flat=True)) == {
        world.bob.pk
    }


def test_people_who_are_not_staff_cannot_download(world: World) -> None:
    for person in (world.alice, world.sam, world.fiona, world.oscar):
        assert _client(person).get(_export(world, "csv")).status_code == 404
