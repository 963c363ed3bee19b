"""The relationship survey's page: one colleague a row, a search that hides rows without dropping
their answers, and a save that writes what the form holds."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.network import services
from commonground.network.models import TieReport
from commonground.network.roster import folded
from commonground.programmes.models import Organisation
from tests.conftest import World
from tests.forms import submitted
from tests.network.test_survey import join_east


def _url(world: World) -> str:
    return reverse("network:roster", args=[world.programme.pk, world.east_start.pk])


def _row(html: str, person_id: int) -> str:
    match = re.search(rf'<tr class="cg-roster__row" id="row-{person_id}".*?</tr>', html, re.S)
    assert match, f"no row for {person_id}"
    return match.group(0)


def test_each_row_names_its_colleague_on_every_box(client: Client, world: World) -> None:
    client.force_login(world.alice)
    html = client.get(_url(world)).text
    row = _row(html, world.bob.pk)
    assert f'<span class="cg-roster__name" id="name-{world.bob.pk}">Bob Council</span>' in row
    assert '<span class="cg-roster__where">County Council</span>' in row
    for mark, label in (("knows", "Knew before"), ("worked_with", "Worked with"), ("go_to_for_help", "Go to for help")):
        box = f"{mark}-{world.bob.pk}"
        assert f'id="{box}" name="{box}"' in row
        assert f'<label class="nhsuk-label nhsuk-checkboxes__label" for="{box}"><span class="nhsuk-u-visually-hidden">Bob Council: {label}</span></label>' in row
    assert re.search(r'<th scope="col" class="cg-roster__mark">Knew before</th>', html)
    assert "<strong>0 of 1</strong> colleague marked" in html
    assert 'src="/static/js/roster-search.js"' in html


def test_a_search_hides_rows_but_keeps_their_answers_in_the_form(client: Client, world: World) -> None:
    faye = join_east(world, "Faye Listed", listed=True, organisation=Organisation.objects.get(name="Community Action"))
    services.save_tie_marks(survey_round=world.east_start, reporter=world.alice, colleague_id=world.bob.pk,
                            knows=True, worked_with=True, go_to_for_help=False)
    client.force_login(world.alice)

    page = client.get(_url(world), {"q": "community"}).text

    assert " hidden " in _row(page, world.bob.pk).split(">")[0] + " "
    assert "hidden" not in _row(page, faye.pk).split(">")[0]
    assert "1 of 2 listed colleagues shown." in page
    form = submitted(page, containing="colleague")
    assert form["colleague"] == [str(world.bob.pk), str(faye.pk)]
    assert form[f"knows-{world.bob.pk}"] == ["on"] and form[f"worked_with-{world.bob.pk}"] == ["on"]

    # Without scripts, ticking Faye and saving sends every row: Bob's answers, hidden, stay as they were.
    form[f"go_to_for_help-{faye.pk}"] = ["on"]
    saved = client.post(_url(world) + "?q=community", form)

    assert saved.status_code == 302 and saved["Location"] == _url(world) + "?q=community"
    answers = {
        r.colleague_id: (r.knows, r.worked_with, r.go_to_for_help)
        for r in TieReport.objects.filter(round=world.east_start, reporter=world.alice)
    }
    assert answers == {world.bob.pk: (True, True, False), faye.pk: (False, False, True)}
    assert "<strong>2 of 2</strong> colleagues marked" in client.get(saved["Location"]).text


def test_nobody_matching_says_so(client: Client, world: World) -> None:
    client.force_login(world.alice)
    page = client.get(_url(world), {"q": "zzz"}).text
    assert re.search(r'<tr class="cg-roster__none" data-roster-none>', page)
    assert "No listed colleagues match." in page
    assert "0 of 1 listed colleague shown." in page


def test_the_search_ignores_case_and_accents_as_the_page_script_does() -> None:
    assert folded("Zoë Ångström") == "zoe angstrom"
    assert "zoe" in folded("ZOË")


def test_a_name_with_an_accent_is_found_without_it(client: Client, world: World) -> None:
    zoe = join_east(world, "Zoë Ångström", listed=True)
    client.force_login(world.alice)
    rows = client.get(_url(world), {"q": "zoe ang"}).context["rows"]
    assert [r["person"] for r in rows if r["shown"]] == [zoe]


def test_a_large_roster_comes_a_page_at_a_time_and_is_searched_on_the_server(
    client: Client, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the whole-roster size, the page holds one page of rows (by name), no row hidden, the
    search runs over every listed colleague, and the pages link to each other."""
    from commonground.network import roster

    monkeypatch.setattr(roster, "WHOLE_UP_TO", 1)
    monkeypatch.setattr(roster, "PAGE_SIZE", 1)
    faye = join_east(world, "Faye Listed", listed=True, organisation=Organisation.objects.get(name="Community Action"))
    client.force_login(world.alice)

    first = client.get(_url(world)).text
    assert re.findall(r'<tr class="cg-roster__row" id="row-(\d+)"', first) == [str(world.bob.pk)]
    assert "data-roster-search=" not in first
    assert "2 listed colleagues. Showing 1 to 1, by name" in first
    assert 'href="?page=2#roster-list"' in first

    second = client.get(_url(world), {"page": "2"}).text
    assert re.findall(r'<tr class="cg-roster__row" id="row-(\d+)"', second) == [str(faye.pk)]
    assert " hidden" not in _row(second, faye.pk).split(">")[0]

    found = client.get(_url(world), {"q": "COMMUNITY ACTION"}).text
    assert re.findall(r'<tr class="cg-roster__row" id="row-(\d+)"', found) == [str(faye.pk)]
    assert "1 of 2 listed colleagues shown." in found
    # A page past the end, or not a number, shows the last or first page rather than failing.
    assert client.get(_url(world), {"page": "99"}).status_code == 200
    assert client.get(_url(world), {"page": "٢"}).status_code == 200

    # Ticking on a page saves that row only; the other page's colleague is untouched.
    form = submitted(second, containing="colleague")
    form[f"knows-{faye.pk}"] = ["on"]
    client.post(_url(world) + "?page=2", form)
    assert set(TieReport.objects.filter(round=world.east_start, reporter=world.alice).values_list("colleague_id", flat=True)) == {faye.pk}
