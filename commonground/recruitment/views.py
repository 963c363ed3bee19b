"""Recruitment pages: the public application form and emailed links, and the lead's review, import and export.

Emailed links (sponsor support, nomination, offer) work without signing in: the link is the key.
Opening one only shows a page; the answer is a POST, so mail scanners that follow links change nothing.
"""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from commonground.core import exports
from commonground.core.htmx import is_htmx
from commonground.core.inputs import paragraphs, parse_ids, search_words
from commonground.programmes.models import Cohort, Organisation, Programme, Sector
from commonground.programmes.permissions import (
    ProgrammeAccess,
    page_context,
    person_from,
    programme_access,
    require,
)
from commonground.programmes.sponsors import sponsored_organisation_id
from commonground.recruitment import importing, queries, services
from commonground.recruitment.forms import (
    ApplicationForm,
    CapacityForm,
    DecisionForm,
    EligibilityForm,
    ImportForm,
    NominationForm,
    QuotaForm,
    SponsorSupportForm,
    WithdrawForm,
)
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    EligibilityRule,
    Nomination,
    Quota,
)

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "recruitment-import-{}"


def _lead(request: HttpRequest, programme_id: int) -> ProgrammeAccess:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_lead)
    return access


def _invalid_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "recruitment/link_invalid.html", {"message": message}, status=404)


# -- Public: applying and the emailed links -----------------------------------------------------


def _open_programme(programme_id: int) -> Programme:
    return get_object_or_404(
        Programme.objects.select_related("system", "eligibility"),
        pk=programme_id,
        eligibility__applications_open=True,
    )


def applied(request: HttpRequest, programme_id: int) -> HttpResponse:
    return render(request, "recruitment/applied.html", {"programme": _open_programme(programme_id)})


@require_http_methods(["GET", "POST"])
def support(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sponsor_request = services.sponsor_request_for(token)
    except services.LinkInvalid as exc:
        return _invalid_link(request, str(exc))
    form = SponsorSupportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.record_sponsor_support(
            token=token,
            supported=form.cleaned_data["supported"],
            comment=form.cleaned_data["comment"],
        )
        return render(
            request,
            "recruitment/support_done.html",
            {
                "application": sponsor_request.application,
                "supported": form.cleaned_data["supported"],
            },
        )
    return render(
        request,
        "recruitment/support.html",
        {
            "form": form,
            "application": sponsor_request.application,
            "sponsor_request": sponsor_request,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def nomination_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        nomination = services.nomination_for(token)
    except services.LinkInvalid as exc:
        return _invalid_link(request, str(exc))
    programme = nomination.programme
    sponsor = nomination.sponsor
    form = ApplicationForm(
        request.POST if request.method == "POST" else None,
        programme=programme,
        fixed_email=nomination.nominee_email,
        initial={
            "full_name": nomination.nominee_name,
            "organisation": sponsored_organisation_id(programme=programme, person=sponsor),
            "place": sponsor.place_id,
        },
    )
    if form.is_valid():
        try:
            services.confirm_nomination(token=token, details=form.details())
        except services.LinkInvalid as exc:
            return _invalid_link(request, str(exc))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("recruitment:applied", programme_id=programme.pk)
    rule = EligibilityRule.objects.filter(programme=programme).first()
    return render(
        request,
        "recruitment/nomination_confirm.html",
        {
            "programme": programme,
            "nomination": nomination,
            "form": form,
            "privacy_notice": rule.privacy_notice if rule else "",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        the_offer = services.offer_for(token)
    except services.LinkInvalid as exc:
        return _invalid_link(request, str(exc))
    error, outcome = "", ""
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                outcome = services.accept_offer(offer_id=the_offer.pk).message
            elif action == "decline":
                services.decline_offer(
                    offer_id=the_offer.pk, reason=paragraphs(request.POST.get("reason"))[:2000]
                )
                outcome = "You have declined the place. Thank you for letting us know."
            else:
                error = "Choose whether to accept or decline."
        except ValidationError as exc:
            error = " ".join(exc.messages)
        the_offer.refresh_from_db()
    return render(
        request,
        "recruitment/offer.html",
        {
            "offer": the_offer,
            "application": the_offer.application,
            "outcome": outcome,
            "error": error,
            "is_open": the_offer.is_open(),
        },
        status=400 if error else 200,
    )


# -- Sponsors ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_sponsor)
    form = NominationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.nominate(
                programme=access.programme, sponsor=access.person, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error("nominee_email", exc)
        else:
            messages.success(
                request, f"We have emailed {form.cleaned_data['nominee_name']} a link to confirm."
            )
            return redirect("recruitment:nominate", programme_id=programme_id)
    nominations = (
        Nomination.objects.filter(programme=access.programme, sponsor=access.person)
        .select_related("application")
        .order_by("-created_at")
    )
    return render(
        request,
        "recruitment/nominate.html",
        page_context(access, form=form, nominations=nominations),
        status=400 if form.errors else 200,
    )


# -- Leads: lists, review, decisions -------------------------------------------------------------


def _filters(request: HttpRequest) -> dict[str, str]:
    return {
        key: search_words(request.GET.get(key))
        for key in ("status", "sector", "organisation", "cohort", "q", "sort")
    }


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
    access = _lead(request, programme_id)
    filters = _filters(request)
    page = Paginator(
        queries.filtered(queries.applications(access.programme), **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
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
    access = _lead(request, programme_id)
    return _review(request, access, DecisionForm())


def _review(
    request: HttpRequest,
    access: ProgrammeAccess,
    form: DecisionForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    filters = _filters(request)
    if filters["status"] not in {"", *queries.REVIEWABLE}:
        filters["status"] = ""
    page = Paginator(
        queries.filtered(queries.review_queue(access.programme), **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    figures = queries.cohort_figures(access.programme)
    rows = [_impact(application, figures) for application in page]
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


def _impact(application: Application, figures: dict[int, queries.CohortFigures]) -> dict[str, Any]:
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


def _selected_ids(request: HttpRequest) -> list[int]:
    return parse_ids(request.POST.getlist("application"))


@login_required
@require_POST
def decide(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    form = DecisionForm(request.POST)
    ids = _selected_ids(request)
    if request.POST.get("preview"):
        return _preview(request, access, ids)
    if not ids:
        form.add_error(None, "Choose at least one application.")
    if not form.is_valid():
        return _review(request, access, form, status=400)
    try:
        result = services.decide_applications(
            programme=access.programme,
            application_ids=ids,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            by=access.person,
        )
    except ValidationError as exc:
        form.add_error("reason", exc)
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
        return render(request, "recruitment/review.html#quota-preview", context)
    return _review(request, access, DecisionForm(request.POST), preview=context["preview"])


@login_required
def quotas(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    figures = queries.cohort_figures(access.programme)
    return render(
        request,
        "recruitment/quotas.html",
        page_context(
            access,
            tables=[{"cohort": f.cohort, "figures": f, "rows": f.rows()} for f in figures.values()],
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_quotas(request: HttpRequest, programme_id: int, cohort_id: int) -> HttpResponse:
    """One cohort's capacity and quotas: change the capacity, add a quota."""
    access = _lead(request, programme_id)
    cohort = get_object_or_404(
        Cohort.objects.select_related("programme"), pk=cohort_id, programme=access.programme
    )
    action = request.POST.get("action") if request.method == "POST" else None
    capacity_form = CapacityForm(
        request.POST if action == "capacity" else None, initial={"capacity": cohort.capacity}
    )
    quota_form = QuotaForm(request.POST if action == "add" else None, cohort=cohort, prefix="quota")
    if action == "capacity" and capacity_form.is_valid():
        try:
            services.set_capacity(
                cohort_id=cohort.pk, capacity=capacity_form.cleaned_data["capacity"]
            )
        except ValidationError as exc:
            capacity_form.add_error("capacity", exc)
        else:
            messages.success(
                request, f"{cohort.name} now has {capacity_form.cleaned_data['capacity']} places."
            )
            return redirect(
                "recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort_id
            )
    elif action == "add" and quota_form.is_valid():
        with transaction.atomic():
            quota = quota_form.save()
        messages.success(
            request, f"Quota added: {quota.label}, {quota.min_share}–{quota.max_share}%."
        )
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort_id)
    figures = queries.cohort_figures(access.programme)[cohort.pk]
    return render(
        request,
        "recruitment/cohort_quotas.html",
        page_context(
            access,
            cohort=cohort,
            figures=figures,
            rows=figures.rows(),
            capacity_form=capacity_form,
            quota_form=quota_form,
            quotas=figures.quotas,
        ),
        status=400 if capacity_form.errors or quota_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def quota_edit(request: HttpRequest, programme_id: int, quota_id: int) -> HttpResponse:
    access = _lead(request, programme_id)
    quota = get_object_or_404(
        Quota.objects.select_related("cohort__programme", "organisation"),
        pk=quota_id,
        cohort__programme=access.programme,
    )
    cohort = quota.cohort
    if request.method == "POST" and request.POST.get("action") == "delete":
        label = quota.label
        with transaction.atomic():
            quota.delete()
        messages.success(request, f"Quota removed: {label}.")
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort.pk)
    form = QuotaForm(
        request.POST if request.method == "POST" else None, instance=quota, cohort=cohort
    )
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(
            request, f"Quota saved: {quota.label}, {quota.min_share}–{quota.max_share}%."
        )
        return redirect("recruitment:cohort-quotas", programme_id=programme_id, cohort_id=cohort.pk)
    return render(
        request,
        "recruitment/quota_edit.html",
        page_context(access, cohort=cohort, quota=quota, form=form),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def eligibility(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Who may apply, how long offers stay open, and the privacy notice applicants agree to."""
    access = _lead(request, programme_id)
    rule = EligibilityRule.objects.filter(programme=access.programme).first() or EligibilityRule(
        programme=access.programme, applications_open=False
    )
    form = EligibilityForm(
        request.POST if request.method == "POST" else None,
        instance=rule,
        programme=access.programme,
    )
    if form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Eligibility rules saved.")
        return redirect("recruitment:eligibility", programme_id=programme_id)
    return render(
        request,
        "recruitment/eligibility.html",
        page_context(access, form=form, rule=rule),
        status=400 if form.errors else 200,
    )


# -- The applicant's own page --------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Where each of my applications stands, with the offer link, waiting-list place and a way to withdraw."""
    rows = [
        replace(row, offer_url=services.offer_path(row.offer)) if row.offer else row
        for row in queries.my_applications(person_from(request))
    ]
    return render(request, "recruitment/mine.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    person = person_from(request)
    application = get_object_or_404(
        Application.objects.select_related("programme", "cohort"), pk=application_id, person=person
    )
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.withdraw_application(
                application_id=application.pk, person=person, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"Your application to {application.programme.title} is withdrawn."
            )
            return redirect("recruitment:mine")
    return render(
        request,
        "recruitment/withdraw.html",
        {"application": application, "form": form},
        status=400 if form.errors else 200,
    )


# -- Export and import ---------------------------------------------------------------------------

EXPORT_HEADER = [
    "id",
    "name",
    "email",
    "status",
    "source",
    "organisation",
    "sector",
    "team",
    "place",
    "cohort",
    "role",
    "profession",
    "seniority",
    "sponsor email",
    "sponsor supports",
    "submitted",
    "waitlisted",
]


def _export_rows(rows: Iterable[Application]) -> Iterable[list[Any]]:
    supports = {True: "yes", False: "no", None: ""}
    for a in rows:
        yield [
            a.pk,
            a.person.full_name,
            a.person.email,
            a.get_status_display(),
            a.get_source_display(),
            a.organisation.name,
            a.organisation.get_sector_display(),
            a.team.name if a.team else "",
            a.place.name,
            a.cohort.name if a.cohort else "",
            a.job_title,
            a.get_profession_display(),
            a.get_seniority_display(),
            a.sponsor_email,
            supports[a.sponsor_status.supports],
            timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(a.waitlisted_at).strftime("%Y-%m-%d %H:%M")
            if a.waitlisted_at
            else "",
        ]


@login_required
def export(request: HttpRequest, programme_id: int, which: str, fmt: str) -> HttpResponse:
    """The applications list or the review queue, with the page's filters, as CSV or XLSX (access needs left out)."""
    access = _lead(request, programme_id)
    if which not in ("applications", "review") or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    base = (
        queries.review_queue(access.programme)
        if which == "review"
        else queries.applications(access.programme)
    )
    rows = queries.filtered(base, **_filters(request)).iterator(chunk_size=2000)
    stem = f"{which}-programme-{programme_id}-{timezone.localdate().isoformat()}"
    if fmt == "csv":
        text = exports.csv_text([EXPORT_HEADER, *_export_rows(rows)])
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    else:
        title = "Applications" if which == "applications" else "Review queue"
        response = HttpResponse(
            exports.xlsx_bytes([(title, EXPORT_HEADER, _export_rows(rows))]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_applicants(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Upload → preview with every row error → confirm; the parsed rows wait in the session between the two."""
    access = _lead(request, programme_id)
    key = IMPORT_SESSION_KEY.format(programme_id)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        rows = request.session.get(key)
        if not rows:
            messages.warning(request, "Upload the file again: the preview has expired.")
            return redirect("recruitment:import", programme_id=programme_id)
        try:
            created = services.import_applications(
                programme=access.programme, rows=rows, by=access.person
            )
        except services.ImportInvalid as exc:
            return render(
                request,
                "recruitment/import.html",
                page_context(
                    access,
                    form=ImportForm(),
                    errors=exc.row_errors,
                    valid=[],
                    columns=importing.COLUMNS,
                    required=importing.REQUIRED,
                ),
                status=400,
            )
        del request.session[key]
        messages.success(request, f"Imported {len(created)} applications.")
        return redirect("recruitment:applications", programme_id=programme_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = page_context(
        access,
        form=form,
        errors=[],
        valid=[],
        columns=importing.COLUMNS,
        required=importing.REQUIRED,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = importing.parse(upload, upload.name)
        valid, errors = (
            ([], parsed.errors)
            if parsed.errors
            else importing.validate(parsed.rows, importing.lookup_for(access.programme))
        )
        context.update(errors=errors, valid=valid, filename=upload.name)
        if errors:
            request.session.pop(key, None)
            return render(request, "recruitment/import.html", context, status=400)
        request.session[key] = parsed.rows
    elif request.method == "POST":
        return render(request, "recruitment/import.html", context, status=400)
    return render(request, "recruitment/import.html", context)
