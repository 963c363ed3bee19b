"""My network's picture, drawn on the server: rings by how a person knows each colleague, text that
stays readable on a phone, names only in each dot's title, and the page's lists of the same people."""

import datetime as dt
import math
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.core import charts
from commonground.network import picture, services
from commonground.network.models import EncounterSource, RoundKind, SurveyRound
from commonground.network.picture import KNOWN, LAPSED, MET, NEW, Dot
from tests.conftest import World
from tests.network.test_survey import join_east

LABELS = picture.kind_labels(later_round=True)


def _dots() -> list[Dot]:
    return [
        Dot("Ann Known", "nhs_acute", "NHS acute", KNOWN),
        Dot("Lou Lapsed", "police", "Police", LAPSED),
        Dot("Ned New", "housing", "Housing", NEW),
        Dot("Nia New", "nhs_acute", "NHS acute", NEW),
        *(Dot(f"Met {i}", "faith", "Faith", MET) for i in range(30)),
    ]


def _centre(svg: str) -> tuple[float, float]:
    x, y = re.search(r'<circle cx="([\d.]+)" cy="([\d.]+)" r="17"', svg).groups()  # type: ignore[union-attr]
    return float(x), float(y)


def _distances(svg: str) -> dict[str, list[float]]:
    cx, cy = _centre(svg)
    found: dict[str, list[float]] = {}
    for x, y, kind in re.findall(r'<circle class="cg-my-network__dot" cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" [^>]*data-kind="(\w+)"', svg):
        found.setdefault(kind, []).append(math.hypot(float(x) - cx, float(y) - cy))
    return found


def test_how_a_colleague_is_known_decides_their_ring() -> None:
    assert picture.kind_of(knew_at_start=True, know_now=True) == KNOWN
    assert picture.kind_of(knew_at_start=True, know_now=False) == LAPSED
    assert picture.kind_of(knew_at_start=False, know_now=True) == NEW
    assert picture.kind_of(knew_at_start=False, know_now=False) == MET
    assert picture.kind_labels(later_round=False)[KNOWN] == "You know"


def test_rings_go_outwards_from_known_to_new_to_met() -> None:
    distances = _distances(picture.my_network_svg(_dots(), labels=LABELS))
    assert {kind: len(d) for kind, d in distances.items()} == {KNOWN: 1, LAPSED: 1, NEW: 2, MET: 30}
    assert max(distances[KNOWN]) < min(distances[LAPSED])
    assert max(distances[LAPSED]) < min(distances[NEW])
    assert max(distances[NEW]) < min(distances[MET])
    # Every dot is inside the drawing.
    assert all(d < charts.WIDTH / 2 for ds in distances.values() for d in ds)


def test_each_ring_is_drawn_in_its_own_kind_of_line_with_its_dots_on_it() -> None:
    svg = picture.my_network_svg(_dots(), labels=LABELS)
    cx, cy = _centre(svg)
    found = re.findall(r'<circle class="cg-my-network__ring" cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)" fill="none" '
                       r'([^>]*) data-kind="(\w+)"', svg)
    assert {(float(x), float(y)) for x, y, *_ in found} == {(cx, cy)}, "every ring is round you"
    rings = {kind: (float(r), style) for _, _, r, style, kind in found}
    assert list(rings) == [KNOWN, LAPSED, NEW, MET]
    assert len({style for _, style in rings.values()}) == 4, "no two rings look alike, whatever their colour"
    for kind, distances in _distances(svg).items():
        assert all(abs(d - rings[kind][0]) < 0.02 for d in distances)


def test_every_text_is_readable_on_a_phone_and_no_name_is_drawn_as_text() -> None:
    svg = picture.my_network_svg(_dots(), labels=LABELS)
    assert re.search(rf'viewBox="0 0 {charts.WIDTH} \d+"', svg)
    assert 'class="cg-graph__svg cg-my-network"' in svg  # the charts' width rules: text is never smaller than drawn
    sizes = [int(size) for size in re.findall(r'<text[^>]* font-size="(\d+)"', svg)]
    assert sizes and min(sizes) >= charts.SMALL
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert "You" in texts
    assert not any("Ann Known" in t or "Met 3" in t for t in texts)
    assert "<title>Ann Known, NHS acute: Knew at the start, know now</title>" in svg
    assert svg.count("<title>Met ") == 30


def test_the_key_names_each_kind_drawn_with_its_count() -> None:
    svg = picture.my_network_svg(_dots()[2:], labels=LABELS)
    texts = " ".join(re.findall(r'<text class="cg-my-network__label"[^>]*>([^<]*)</text>', svg))
    assert "New since the start (2)" in texts
    assert "Met through the programme, not marked (30)" in texts.replace("  ", " ")
    assert "Knew at the start" not in texts
    assert 'role="img"' in svg and "32 colleagues on rings around you" in svg


def test_names_are_escaped_and_nobody_gives_no_picture() -> None:
    svg = picture.my_network_svg([Dot('<b>"Bo"</b> & Co', "other", "Other", NEW)], labels=LABELS)
    assert "<b>" not in svg and "&lt;b&gt;&quot;Bo&quot;&lt;/b&gt; &amp; Co" in svg
    assert picture.my_network_svg([], labels=LABELS) == ""
    assert picture.my_network_svg(_dots(), labels=LABELS) == picture.my_network_svg(_dots(), labels=LABELS)


def test_my_network_lists_everyone_the_picture_draws_ring_by_ring(client: Client, world: World) -> None:
    dana = join_east(world, "Dana Dropped", listed=True)
    eve = join_east(world, "Eve Encountered", listed=True)
    for colleague in (world.bob, dana):
        services.save_tie_marks(survey_round=world.east_start, reporter=world.alice, colleague_id=colleague.pk,
                                knows=True, worked_with=False, go_to_for_help=False)
    now = timezone.now()
    later = SurveyRound.objects.create(programme=world.programme, cohort=world.east, kind=RoundKind.MIDPOINT,
                                       opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7))
    services.save_tie_marks(survey_round=later, reporter=world.alice, colleague_id=world.bob.pk,
                            knows=True, worked_with=True, go_to_for_help=False)
    services.record_encounters(programme=world.programme, groups=[[world.alice.pk, eve.pk]],
                               source=EncounterSource.LEARNING_SET, source_ref="set-9", source_label="Learning set 9",
                               occurred_on=dt.date(2026, 10, 1))
    client.force_login(world.alice)

    page = client.get(reverse("network:mine", args=[world.programme.pk])).text

    lists = dict(re.findall(r'<h3 class="nhsuk-heading-s" id="ring-\w+">([^<]+)</h3>\s*<ul[^>]*>(.*?)</ul>', page, re.S))
    names = {heading: re.findall(r'<span class="cg-people__name">([^<]+)</span>', items) for heading, items in lists.items()}
    assert names == {
        "Knew at the start, know now (1)": ["Bob Council"],
        "Knew at the start, not marked now (1)": ["Dana Dropped"],
        "Met through the programme, not marked (1)": ["Eve Encountered"],
    }
    assert "Met: Learning set 9" in lists["Met through the programme, not marked (1)"]
    assert page.count('<circle class="cg-my-network__dot"') == 3
    assert '<ul class="cg-sector-key"' in page
