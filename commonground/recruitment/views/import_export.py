"""The lead's spreadsheets: the lists exported as CSV or XLSX, and applicants imported from one."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from commonground.accounts import audit
from commonground.core import exports
from commonground.programmes.permissions import page_context, person_from, programme_access
from commonground.recruitment import importing, queries
from commonground.recruitment.forms import ImportForm
from commonground.recruitment.models import Application
from commonground.recruitment.services.imports import ImportInvalid, import_applications
from commonground.recruitment.views.common import list_filters

IMPORT_SESSION_KEY = "recruitment-import-{}"


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
# The export's columns as the audit trail names them (field names, never values).
EXPORT_FIELDS = [h.replace(" ", "_") for h in EXPORT_HEADER]


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
    access = programme_access(person_from(request), programme_id).require_lead()
    if which not in ("applications", "review") or fmt not in ("csv", "xlsx"):
        raise Http404("No such export.")
    base = (
        queries.review_queue(access.programme)
        if which == "review"
        else queries.applications(access.programme)
    )
    people: list[int] = []

    def noted(applications: Iterable[Application]) -> Iterable[Application]:
        for a in applications:
            people.append(a.person_id)
            yield a

    rows = noted(queries.filtered(base, **list_filters(request)).iterator(chunk_size=2000))
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
    audit.exported(
        request, what="applications", subject_ids=people, fields=EXPORT_FIELDS, programme_id=access.programme.pk
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_applicants(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Upload → preview with every row error → confirm; the parsed rows wait in the session between the two."""
    access = programme_access(person_from(request), programme_id).require_lead()
    key = IMPORT_SESSION_KEY.format(programme_id)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        rows = request.session.get(key)
        if not rows:
            messages.warning(request, "Upload the file again: the preview has expired.")
            return redirect("recruitment:import", programme_id=programme_id)
        try:
            created = import_applications(
                programme=access.programme, rows=rows, by=access.person, request=request
            )
        except ImportInvalid as exc:
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
