"""The relationship survey's list of colleagues, as the roster page shows it.

A cohort of about a hundred comes whole: every listed colleague is a row, and a search hides rows
rather than dropping them, so no unsaved tick leaves the form (js/roster-search.js filters the same
rows as a person types). A larger roster (more than `WHOLE_UP_TO` listed colleagues, as in a
programme of thousands) comes a page of `PAGE_SIZE` at a time: the search runs on the server over
one narrow query of names and workplaces, and only the page's people are read in full, so the page
costs the same whatever the programme's size. Each tick is saved as it is made, so paging loses
nothing.
"""

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.http import HttpRequest

from commonground.accounts.models import Person
from commonground.core.inputs import search_words
from commonground.network import queries
from commonground.network.models import SurveyRound, TieReport
from commonground.programmes.where import attach, here

MARKS = ("knows", "worked_with", "go_to_for_help")
WHOLE_UP_TO = 150
PAGE_SIZE = 50


def folded(text: str) -> str:
    """Text as the roster's search compares it: lower case, accents dropped ("Zoë" is found by "zoe"),
    the same as js/roster-search.js does as a person types."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.category(c).startswith("M")).lower()


def _earlier_marks(survey_round: SurveyRound, reporter: Person, colleague_ids: set[int]) -> dict[int, str]:
    """What the reporter marked in the previous round of the same survey, as a reminder (not carried over)."""
    previous = (
        SurveyRound.objects.filter(
            programme=survey_round.programme, cohort=survey_round.cohort, opens_at__lt=survey_round.opens_at
        )
        .order_by("-opens_at")
        .first()
    )
    if previous is None:
        return {}
    labels = {"knows": "know", "worked_with": "worked with", "go_to_for_help": "go to for help"}
    return {
        r.colleague_id: ", ".join(label for mark, label in labels.items() if getattr(r, mark))
        for r in TieReport.objects.filter(round=previous, reporter=reporter, colleague_id__in=colleague_ids)
    }


def _search_text(survey_round: SurveyRound, name: str, organisation: str | None, place: str | None) -> str:
    words = [name, organisation or ""]
    if survey_round.cohort_id is None:  # a cohort's round is one place
        words.append(place or "")
    return " ".join(words).strip()


def _matching_ids(survey_round: SurveyRound, listed: QuerySet[Person, int], wanted: list[str]) -> list[int]:
    """The listed colleagues, by name, whose name and workplace hold every word: one narrow query."""
    rows = (
        Person.objects.filter(pk__in=listed)
        .alias(work=here(survey_round.programme.system_id, through=""))
        .annotate(org=F("work__organisation__name"), place=F("work__place__name"))
        .order_by("full_name", "pk")
        .values_list("pk", "full_name", "org", "place")
    )
    return [
        pk for pk, name, org, place in rows
        if all(word in folded(_search_text(survey_round, name, org, place)) for word in wanted)
    ]


def roster_rows(
    survey_round: SurveyRound, reporter: Person, request: HttpRequest
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The rows the page shows and the figures above them (`page` is set when the roster is paged)."""
    listed = queries.listed_query(survey_round).exclude(pk=reporter.pk)
    listed_count = listed.count()
    q = search_words(request.GET.get("q"))
    wanted = folded(q).split()
    page: Page[int] | None = None
    if listed_count > WHOLE_UP_TO:
        # Without a search the database pages the names; a search reads names and workplaces once.
        matching: Sequence[int] | QuerySet[Person, int] = (
            _matching_ids(survey_round, listed, wanted) if wanted
            else Person.objects.filter(pk__in=listed).order_by("full_name", "pk").values_list("pk", flat=True)
        )
        page = Paginator(matching, PAGE_SIZE).get_page(request.GET.get("page"))
        people = Person.objects.filter(pk__in=list(page.object_list)).order_by("full_name", "pk")
        shown_count = page.paginator.count
    else:
        people = Person.objects.filter(pk__in=listed).order_by("full_name")
        shown_count = 0
    people_list = attach(people, system_id=survey_round.programme.system_id)
    ids = {p.pk for p in people_list}
    reports = {r.colleague_id: r for r in TieReport.objects.filter(round=survey_round, reporter=reporter, colleague_id__in=ids)}
    earlier = _earlier_marks(survey_round, reporter, ids)
    labels = dict(zip(MARKS, ("Knew before" if survey_round.kind == "start" else "Know", "Worked with", "Go to for help"), strict=True))
    rows = []
    for p in people_list:
        work = p.where
        search = _search_text(
            survey_round, p.full_name, work.organisation.name if work.organisation else "", work.place.name if work.place else ""
        )
        report = reports.get(p.pk)
        rows.append({
            "person": p, "report": report, "earlier": earlier.get(p.pk, ""), "search": search,
            "shown": page is not None or all(word in folded(search) for word in wanted),
            "boxes": [(mark, label, bool(report and getattr(report, mark))) for mark, label in labels.items()],
        })
    if page is None:
        shown_count = sum(1 for row in rows if row["shown"])
    marked = TieReport.objects.filter(round=survey_round, reporter=reporter, colleague_id__in=listed).count()
    return rows, {"q": q, "marked": marked, "listed": listed_count, "shown": shown_count, "page": page}
