"""The evaluation page at a glance: change as charts (one instrument at a time), session feedback as
charts, and the response rates a page of rounds at a time, for one instrument or all."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from commonground.development import catalogue, views
from commonground.development.figures import SUPPRESSED, Evaluation, FeedbackRow
from commonground.development.models import RoundKind
from tests.conftest import World
from tests.development import objects


def evaluation_url(world: World) -> str:
    return reverse("development:evaluation", args=[world.programme.pk])


@pytest.fixture
def three_rounds(world: World) -> None:
    """East: the self-assessment's baseline and end, and the resilience baseline."""
    objects.open_round(world, catalogue.SELF_ASSESSMENT)
    objects.open_round(world, catalogue.SELF_ASSESSMENT, kind=RoundKind.END)
    objects.open_round(world, catalogue.RESILIENCE)


def rounds_listed(response: object) -> list[str]:
    return [str(rate.round) for rate in response.context["rates_page"]]  # type: ignore[attr-defined]


def test_the_rates_are_paged_and_every_page_keeps_the_instrument_and_the_tab(
    client: Client, world: World, three_rounds: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "RATES_PER_PAGE", 2)
    client.force_login(world.lena)
    first = client.get(evaluation_url(world))
    assert len(rounds_listed(first)) == 2 and "Rounds 1 to 2 of 3" in first.text
    assert '?page=2#rates"' in first.text
    assert len(rounds_listed(client.get(evaluation_url(world), {"page": "2"}))) == 1
    # Every round is still in the page's evaluation (and its downloads): only the table is paged.
    assert len(first.context["evaluation"].rates) == 3


def test_choosing_an_instrument_lists_only_its_rounds(client: Client, world: World, three_rounds: None) -> None:
    client.force_login(world.fiona)
    response = client.get(evaluation_url(world), {"instrument": catalogue.RESILIENCE})
    assert rounds_listed(response) == ["Brief Resilience Scale: Baseline (East Surrey cohort)"]
    assert [name for _, name in response.context["rate_instruments"]] == [
        "Brief Resilience Scale", "Collaborative leadership self-assessment",
    ]
    assert f'<option value="{catalogue.RESILIENCE}" selected>' in response.text


@pytest.mark.parametrize("query", [{"instrument": "nonsense"}, {"instrument": "\x00"}, {"page": "٣"}, {"page": "99999"}])
def test_odd_choices_list_rounds_rather_than_fail(
    client: Client, world: World, three_rounds: None, query: dict[str, str]
) -> None:
    client.force_login(world.lena)
    response = client.get(evaluation_url(world), query)
    assert response.status_code == 200 and len(rounds_listed(response)) == 3


def test_session_feedback_is_drawn_by_module_and_partner_each_gap_saying_why() -> None:
    when = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    questions = ("Useful for my work", "Would recommend")

    def row(label: str, responses: int | None, *means: float | None) -> FeedbackRow:
        return FeedbackRow(label, when, responses, list(zip(questions, means, strict=True)))

    ev = Evaluation(rates=[], changes=[], feedback=[], levels=[], feedback_by_module=[
        row("Building trust", 8, 3.25, 4.25), row("Leading across boundaries", None, None, None),
        row("Sessions outside a module", 0, None, None),
    ], feedback_by_partner=[row("Community Action", 6, 3.5, None)])
    by_module, by_partner = views._feedback_charts(ev)
    assert by_module.header == ("Module", *questions)
    assert [(r.label, [c.text for c in r.cells]) for r in by_module.rows] == [
        ("Building trust", ["3.25", "4.25"]),
        ("Leading across boundaries", [SUPPRESSED, SUPPRESSED]),
        ("Sessions outside a module", ["no answers yet", "no answers yet"]),
    ]
    assert [c.text for c in by_partner.rows[0].cells] == ["3.50", "fewer than 5 answers"]
    assert views._feedback_charts(Evaluation(rates=[], changes=[], feedback=[], levels=[])) == []


def test_the_page_is_charts_with_their_numbers_one_click_away(client: Client, world: World, three_rounds: None) -> None:
    client.force_login(world.lena)
    html = client.get(evaluation_url(world)).text
    for tab in ("feedback", "rates", "levels"):
        assert f'href="#{tab}"' in html and f'id="{tab}"' in html
    assert html.count('nhsuk-tabs__panel nhsuk-tabs__panel--hidden"') == 2  # the first tab shows
    assert "How these figures are counted" in html
