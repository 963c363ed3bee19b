"""The lead's lists: every application, the review queue with each offer's effect on the quotas,
and bulk decisions (with a preview of the figures after them)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commonground.accounts import audit
from commonground.core.forms import errors_onto
from commonground.core.htmx import is_htmx
from commonground.core.inputs import parse_ids
from commonground.programmes.models import Organisation, Sector
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
)
from commonground.recruitment import queries
from commonground.recruitment.forms import DecisionForm
from commonground.recruitment.models import ApplicationStatus
from commonground.recruitment.services.decisions import decide_applications
from commonground.recruitment.views.common import impact, list_filters

PAGE_SIZE = 50
# What the lists show about each applicant, as the audit trail names it.
LIST_FIELDS = ("full_name", "job_title", "organisation", "sector", "cohort", "status", "submitted_at")
QUEUE_FIELDS = (*LIST_FIELDS, "seniority")


def _labelled(counts: dict[str, int]) -> list[tuple[str, int]]:
    return [(str(label), counts[value]) for value, label in ApplicationStatus.choices]


def _filter_choices(access: ProgrammeAccess) -> dict[str, Any]:
    return {
        "statuses": ApplicationStatus.choices,
        "sectors": Sector.choices,
        "organisations": Organisation.objects.filter(system=access.programme.system)
        .order_by("name")
        .only("name"),
        "cohorts": access.visible_cohorts(),
        "sorts": [
            ("submitted", "Oldest first"),
            ("-submitted", "Newest first"),
            ("name", "Name"),
            ("organisation", "Organisation"),
            ("sector", "Sector"),
            ("cohort", "Cohort"),
            ("waiting", "Waiting-list order"),
        ],
    }


@login_required
def applications(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    filters = list_filters(request)
    page = Paginator(
        queries.filtered(queries.applications(access.programme), **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    audit.viewed(
        request, subject_ids=[a.person_id for a in page], what="applications", fields=LIST_FIELDS,
        programme_id=access.programme.pk,
    )
    context = page_context(
        access,
        page=page,
        filters=filters,
        counts=_labelled(queries.status_counts(access.programme)),
        query=urlencode({k: v for k, v in filters.items() if v}),
        **_filter_choices(access),
    )
    if is_htmx(request):
        return render(request, "recruitment/applications.html#application-list", context)
    return render(request, "recruitment/applications.html", context)


@login_required
def review(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    return _review(request, access, DecisionForm())


def _review(
    request: HttpRequest,
    access: ProgrammeAccess,
    form: DecisionForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    filters = list_filters(request)
    if filters["status"] not in {"", *queries.REVIEWABLE}:
        filters["status"] = ""
    page = Paginator(
        queries.filtered(queries.review_queue(access.programme), **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    figures = queries.cohort_figures(access.programme)
    rows = [impact(application, figures) for application in page]
    refused = [a for a, _ in extra.get("preview", {}).get("refused", [])]  # named in a preview
    audit.viewed(
        request, subject_ids=[a.person_id for a in [*page, *refused]], what="applications", fields=QUEUE_FIELDS,
        programme_id=access.programme.pk,
    )
    context = page_context(
        access,
        page=page,
        rows=rows,
        filters=filters,
        form=form,
        figures=list(figures.values()),
        query=urlencode({k: v for k, v in filters.items() if v}),
        **_filter_choices(access),
        **extra,
    )
    if is_htmx(request) and request.method == "GET":
        return render(request, "recruitment/review.html#review-list", context)
    return render(request, "recruitment/review.html", context, status=status)


def _selected_ids(request: HttpRequest) -> list[int]:
    return parse_ids(request.POST.getlist("application"))


@login_required
@require_POST
def decide(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    form = DecisionForm(request.POST)
    ids = _selected_ids(request)
    if request.POST.get("preview"):
        return _preview(request, access, ids)
    if not ids:
        form.add_error(None, "Choose at least one application.")
    if not form.is_valid():
        return _review(request, access, form, status=400)
    try:
        result = decide_applications(
            programme=access.programme,
            application_ids=ids,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            by=access.person,
            request=request,
        )
    except ValidationError as exc:
        errors_onto(form, exc, "reason")
        return _review(request, access, form, status=400)
    if result.done:
        messages.success(
            request,
            f"Decision recorded for {len(result.done)} application{'s' if len(result.done) != 1 else ''}.",
        )
    for application, why in result.refused:
        messages.warning(request, f"{application.person.full_name}: not changed. {why}")
    return redirect(f"{request.path.rsplit('decide/', 1)[0]}?{request.POST.get('query', '')}")


def _preview(request: HttpRequest, access: ProgrammeAccess, ids: list[int]) -> HttpResponse:
    """The quota figures of each affected cohort now and after offering places to everyone selected."""
    chosen = list(
        queries.review_queue(access.programme).filter(pk__in=ids).order_by("submitted_at", "pk")
    )
    figures = queries.cohort_figures(access.programme)
    after = {pk: f for pk, f in figures.items()}
    refused = []
    for application in chosen:
        f = after.get(application.cohort_id or 0)
        if f is None:
            refused.append((application, "No cohort chosen yet."))
            continue
        breaches = f.breaches(application.organisation.sector, application.organisation_id)
        if breaches:
            refused.append((application, " ".join(breaches)))
            continue
        after[f.cohort.pk] = f.with_offer(
            application.organisation.sector,
            application.organisation_id,
            application.organisation.name,
        )
    tables = [
        {"cohort": figures[pk].cohort, "rows": figures[pk].rows(after=after[pk])}
        for pk in figures
        if after[pk] is not figures[pk]
    ]
    context = page_context(access, preview={"chosen": chosen, "tables": tables, "refused": refused})
    if is_htmx(request):
        audit.viewed(
            request, subject_ids=[a.person_id for a, _ in refused], what="applications",
            fields=["full_name", "status"], programme_id=access.programme.pk,
        )
        return render(request, "recruitment/review.html#quota-preview", context)
    return _review(request, access, DecisionForm(request.POST), preview=context["preview"])
