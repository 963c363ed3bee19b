"""The pages: my progress, consent, answering, goals, journal, instruments, rounds, evaluation and exports."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from commonground.accounts.models import Person
from commonground.development import catalogue
from commonground.development.models import (
    Goal,
    HealthDataConsent,
    Instrument,
    JournalEntry,
    Response,
    Round,
    RoundKind,
)
from commonground.development.queries import JOURNAL_PROMPTS
from tests.conftest import World
from tests.development import objects
from tests.development.conftest import join
from tests.forms import date_boxes


def url(name: str, world: World, *args: int) -> str:
    return reverse(f"development:{name}", args=[world.programme.pk, *args])


def test_resilience_questions_wait_for_consent(client: Client, world: World) -> None:
    survey_round = objects.east_resilience(world)
    client.force_login(world.alice)
    response = client.get(url("respond", world, survey_round.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(url("consent", world))
    assert "bounce back" not in client.get(response["Location"]).text


def test_consent_must_be_ticked(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(url("consent", world), {})
    assert response.status_code == 400
    assert "Tick the box" in response.text
    assert not HealthDataConsent.objects.exists()


def test_consent_then_answer_then_see_my_score(client: Client, world: World) -> None:
    survey_round = objects.east_resilience(world)
    client.force_login(world.alice)
    respond = url("respond", world, survey_round.pk)
    response = client.post(url("consent", world), {"agree": "on", "next": respond, "wording": "health_data-2026-1"})
    assert response["Location"] == respond
    form = client.get(respond)
    assert "I tend to bounce back quickly after hard times." in form.text
    response = client.post(respond, {"brs1": "4", "brs2": "2", "brs3": "5", "brs4": "1", "brs5": "", "brs6": "2"})
    assert response.status_code == 302
    page = client.get(url("progress", world))
    assert page.context["progress"].resilience[0].value == 4.4  # 4, 4, 5, 5, 4 = 22 / 5


def test_an_out_of_range_answer_changes_nothing(client: Client, world: World) -> None:
    survey_round = objects.east_self_assessment(world)
    client.force_login(world.alice)
    response = client.post(url("respond", world, survey_round.pk), {"trust_1": "9"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_my_progress_charts_baseline_against_the_end(client: Client, world: World) -> None:
    baseline = objects.east_self_assessment(world)
    objects.answer_self_assessment(baseline, world.alice, 2)
    Round.objects.filter(pk=baseline.pk).update(opens_at=timezone.now() - dt.timedelta(days=200),
                                                closes_at=timezone.now() - dt.timedelta(days=180))
    end = objects.open_round(world, catalogue.SELF_ASSESSMENT, kind=RoundKind.END)
    objects.answer_self_assessment(end, world.alice, 4)
    client.force_login(world.alice)
    page = client.get(url("progress", world))
    bars = page.context["progress"].self_assessment.bars
    assert [(b.label, b.before, b.after, b.change) for b in bars][:2] == [
        ("Shared purpose", 2.0, 4.0, 2.0), ("Trust across boundaries", 2.0, 4.0, 2.0),
    ]
    assert '<svg class="cg-chart"' in page.text and "<script" not in page.text.split("<main")[1]
    assert page.text.count("+2.00") == 6


def test_goals_are_added_with_htmx_and_reviewed(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(url("goals", world), {"what": "Co-chair the frailty review", "status": "not_started"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="goal-area">')
    goal = Goal.objects.get()
    response = client.post(url("goal-edit", world, goal.pk), {"what": goal.what, "status": "achieved",
                                                              "reflections": "Done in March"})
    goal.refresh_from_db()
    assert (goal.status, goal.reflections) == ("achieved", "Done in March")


def test_a_goal_needs_saying_what(client: Client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(url("goals", world), {"what": "", "status": "not_started"})
    assert response.status_code == 400
    assert not Goal.objects.exists()


def test_the_journal_takes_a_prompt_and_can_be_rewritten_and_deleted(client: Client, world: World) -> None:
    client.force_login(world.alice)
    client.post(url("journal", world), {"prompt": JOURNAL_PROMPTS[1], "body": "Trust grew over coffee."})
    entry = JournalEntry.objects.get()
    assert entry.prompt == JOURNAL_PROMPTS[1] and entry.person == world.alice
    client.post(url("journal-entry", world, entry.pk), {"prompt": "", "body": "Trust grew over two coffees."})
    entry.refresh_from_db()
    assert entry.body == "Trust grew over two coffees."
    client.post(url("journal-delete", world, entry.pk))
    assert not JournalEntry.objects.exists()


def test_a_lead_adds_an_instrument_line_by_line(client: Client, world: World) -> None:
    client.force_login(world.lena)
    lines = "I share data with partners | Sharing\nI keep things to myself | Sharing | reversed\nI attend | Showing up"
    response = client.post(url("instrument-add", world), {"name": "Habits", "kirkpatrick_level": "3",
                                                          "scale": "1-5", "items": lines})
    assert response.status_code == 302
    instrument = Instrument.objects.get(programme=world.programme)
    assert [i.reversed for i in instrument.versions.get().parsed.items] == [False, True, False]


def test_a_bad_instrument_line_is_named_and_nothing_is_saved(client: Client, world: World) -> None:
    client.force_login(world.lena)
    lines = "A fine question | Sharing\nno dimension here\nAnother | Sharing | sideways"
    response = client.post(url("instrument-add", world), {"name": "Habits", "kirkpatrick_level": "2",
                                                          "scale": "1-5", "items": lines})
    assert response.status_code == 400
    assert "Line 2: write the question, a bar (|), then its dimension." in response.text
    assert "Line 3: the third part may only be &#x27;reversed&#x27;" in response.text
    assert not Instrument.objects.filter(programme=world.programme).exists()


def test_a_lead_adds_a_round(client: Client, world: World) -> None:
    client.force_login(world.lena)
    today = timezone.localdate()
    response = client.post(url("rounds", world), {
        "instrument": Instrument.objects.get(key=catalogue.SELF_ASSESSMENT).pk, "cohort": world.east.pk,
        "kind": "end", **date_boxes("opens_on", today + dt.timedelta(days=30)),
        **date_boxes("closes_on", today + dt.timedelta(days=50)),
    })
    assert response.status_code == 302
    assert Round.objects.get().kind == "end"


def test_a_round_cannot_close_before_it_opens(client: Client, world: World) -> None:
    client.force_login(world.lena)
    today = timezone.localdate()
    response = client.post(url("rounds", world), {
        "instrument": Instrument.objects.get(key=catalogue.SELF_ASSESSMENT).pk, "kind": "end",
        **date_boxes("opens_on", today), **date_boxes("closes_on", today),
    })
    assert response.status_code == 400
    assert not Round.objects.exists()


def _cohort_change(world: World, east: list[Person], west: list[Person] | None = None) -> None:
    """East: everyone in `east` paired baseline → end; West: Carol alone (or `west`; none: no West rounds)."""
    for cohort, people in ((world.east, east), (world.west, [world.carol] if west is None else west)):
        if not people:
            continue
        baseline = objects.open_round(world, catalogue.SELF_ASSESSMENT, cohort=cohort)
        end = objects.open_round(world, catalogue.SELF_ASSESSMENT, cohort=cohort, kind=RoundKind.END)
        for person in people:
            objects.answer_self_assessment(baseline, person, 3)
            objects.answer_self_assessment(end, person, 4)


def test_the_evaluation_suppresses_small_cohorts(
    client: Client, world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    _cohort_change(world, [world.alice, world.bob, *east_colleagues])
    client.force_login(world.fiona)
    page = client.get(url("evaluation", world))
    rows = {r.scope: r for r in page.context["evaluation"].changes if r.dimension == "Trust across boundaries"}
    assert rows["Guildford and Waverley cohort"].n is None
    # 9 − 8 would give Carol's change away, so the East row or the programme-wide row is hidden too.
    assert (rows["All cohorts"].n, rows["East Surrey cohort"].n) in {(None, 8), (9, None)}
    assert "not shown" in page.text and "fewer than 5" in page.text


def test_exports_carry_the_same_suppression(client: Client, world: World, east_colleagues: list[Person]) -> None:
    _cohort_change(world, [world.alice, world.bob, *east_colleagues[:1]])  # East: three people only
    client.force_login(world.lena)

    text = client.get(reverse("development:evaluation-export", args=[world.programme.pk, "csv"])).content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    change = [r for r in rows if len(r) > 5 and r[1] == "Collaborative leadership self-assessment"]
    assert change and all(r[5] == "not shown" and r[6:] == ["", "", "", "", ""] for r in change)
    assert not any("3.0" in cell or "4.0" in cell for r in change for cell in r)

    xlsx = client.get(reverse("development:evaluation-export", args=[world.programme.pk, "xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Change"]
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert values and all(v[5] == "not shown" and v[8] in (None, "") for v in values)
    rates = load_workbook(io.BytesIO(xlsx.content))["Response rates"]
    assert all(row[3].value == "not shown" for row in rates.iter_rows(min_row=2))


def test_exports_show_figures_from_five_or_more(
    client: Client, world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    _cohort_change(world, [world.alice, world.bob, *east_colleagues], west=[])
    client.force_login(world.lena)
    text = client.get(reverse("development:evaluation-export", args=[world.programme.pk, "csv"])).content.decode()
    east = [r for r in csv.reader(io.StringIO(text)) if r[:1] == ["East Surrey cohort"] and r[3] == "Shared purpose"]
    assert east == [["East Surrey cohort", "Collaborative leadership self-assessment", "2", "Shared purpose",
                     "Baseline to end of programme", "8", "3.0", "4.0", "1.0", "1.0", "1.0"]]


def test_the_evaluation_says_there_are_no_sessions_yet(client: Client, world: World) -> None:
    client.force_login(world.lena)
    assert "No session feedback yet" in client.get(url("evaluation", world)).text


def test_withdrawing_through_the_page_deletes_the_answers(client: Client, world: World) -> None:
    objects.alice_resilience_response(world)
    client.force_login(world.alice)
    response = client.post(url("consent-withdraw", world))
    assert response.status_code == 302
    assert not Response.objects.filter(person=world.alice).exists()
    assert "Read about the resilience and wellbeing questions" in client.get(url("progress", world)).text


def test_only_leads_see_instruments_and_rounds_links(client: Client, world: World) -> None:
    client.force_login(world.fiona)
    page = client.get(url("evaluation", world)).text
    assert url("rounds", world) not in page


def test_the_evaluation_runs_the_same_queries_at_any_size(client: Client, world: World, east_colleagues: list[Person]) -> None:
    _cohort_change(world, [world.alice, world.bob, *east_colleagues[:3]])
    client.force_login(world.lena)
    client.get(url("evaluation", world))  # the first visit computes and stores the figures
    with CaptureQueriesContext(connection) as small:
        client.get(url("evaluation", world))
    more = [join(world, f"Later{i} Joiner") for i in range(10)]
    baseline, end = Round.objects.filter(cohort=world.east).order_by("opens_at", "pk")[:2]
    for person in more:
        objects.answer_self_assessment(baseline, person, 2)
        objects.answer_self_assessment(end, person, 5)
    with CaptureQueriesContext(connection) as large:
        client.get(url("evaluation", world))
    assert len(large) == len(small)


def test_the_evaluation_draws_the_programme_wide_change_it_publishes(
    client: Client, world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    _cohort_change(world, [world.alice, world.bob, *east_colleagues], west=[])
    client.force_login(world.lena)
    page = client.get(url("evaluation", world))
    ((instrument, rows, chart),) = page.context["change_groups"]
    everyone = [r for r in page.context["evaluation"].changes if r.scope == "All cohorts"]
    assert instrument == "Collaborative leadership self-assessment" and rows == page.context["evaluation"].changes
    # The chart's table is the page's own programme-wide rows, figure for figure.
    assert [(row.label, [c.text for c in row.cells]) for row in chart.rows] == [
        (r.dimension, [str(r.n), f"{r.before:.2f}", f"{r.after:.2f}", f"+{r.mean:.2f}", f"{r.low:.2f} to {r.high:.2f}"])
        for r in everyone
    ]
    assert chart.rows[0].cells[0].text == "8" and chart.rows[0].cells[3].text == "+1.00"
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-change-1-title.*?</svg>', page.text, re.S)
    assert svg is not None
    points = [p for p in ET.fromstring(svg.group(0)).iter("{http://www.w3.org/2000/svg}circle")
              if p.get("class") == "cg-graph__point"]
    assert [float(p.get("data-value", "")) for p in points] == [r.mean for r in everyone]


def test_a_hidden_change_is_a_gap_in_the_evaluation_chart(client: Client, world: World) -> None:
    _cohort_change(world, [world.alice, world.bob], west=[])  # two people: every figure hidden
    client.force_login(world.fiona)
    page = client.get(url("evaluation", world))
    ((_, _, chart),) = page.context["change_groups"]
    assert chart.rows and all(cell.text == "not shown" for row in chart.rows for cell in row.cells)
    svg = re.search(r'<svg[^>]*aria-labelledby="chart-change-1-title.*?</svg>', page.text, re.S)
    assert svg is not None
    drawn = ET.fromstring(svg.group(0))
    assert [c for c in drawn.iter("{http://www.w3.org/2000/svg}circle") if c.get("class") == "cg-graph__point"] == []
    gaps = [t.text for t in drawn.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "cg-graph__gap"]
    assert gaps == ["not shown"] * len(chart.rows)
