"""What the recruitment pages share: the emailed-link error page, the open programme, the list
filters and an offer's effect on a cohort's figures."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonground.core.inputs import search_words
from commonground.programmes.models import Programme
from commonground.recruitment.models import Application
from commonground.recruitment.queries import CohortFigures


def invalid_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "recruitment/link_invalid.html", {"message": message}, status=404)


def open_programme(programme_id: int) -> Programme:
    return get_object_or_404(
        Programme.objects.select_related("system", "eligibility"),
        pk=programme_id,
        eligibility__applications_open=True,
    )


def list_filters(request: HttpRequest) -> dict[str, str]:
    return {
        key: search_words(request.GET.get(key))
        for key in ("status", "sector", "organisation", "cohort", "q", "sort")
    }


def impact(application: Application, figures: dict[int, CohortFigures]) -> dict[str, Any]:
    """What offering this person a place would do to their cohort's figures: current → after."""
    cohort_figures = figures.get(application.cohort_id or 0)
    if cohort_figures is None:
        return {"application": application, "changes": [], "breaches": ["No cohort chosen yet."]}
    sector, org = application.organisation.sector, application.organisation_id
    after = cohort_figures.with_offer(sector, org, application.organisation.name)
    return {
        "application": application,
        "changes": [row for row in cohort_figures.rows(after=after) if row.changed],
        "breaches": cohort_figures.breaches(sector, org),
    }
