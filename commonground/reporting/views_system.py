"""The system view: a system's places and programmes together, for its administrators and the
leads of its programmes (404 for anyone else); its figures as CSV and XLSX; a place's own page."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonground.core import exports
from commonground.programmes.models import Place
from commonground.programmes.permissions import person_from, system_access
from commonground.reporting import render as files
from commonground.reporting.system_view import csv_rows, gather, place_view, system_report


def _stem(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "system"


@login_required
def system(request: HttpRequest, system_id: int) -> HttpResponse:
    access = system_access(person_from(request), system_id)
    figures = gather(access.system)
    context = {
        "system": access.system, "system_access": access, "report": system_report(figures),
        "places": figures.places, "computed": figures.computed,
    }
    return render(request, "reporting/system.html", context)


@login_required
def system_file(request: HttpRequest, system_id: int, fmt: str) -> HttpResponse:
    access = system_access(person_from(request), system_id)
    report = system_report(gather(access.system))
    if fmt == "csv":
        data: str | bytes = exports.csv_text(csv_rows(report))
    else:
        summary = exports.ChartSheet(
            title="Summary",
            lines=[report.title, "Counts under 5, and counts that would give one away, are not shown (empty cells)."],
            tables=[exports.SheetTable(title="At a glance", header=("Figure", "Value"),
                                       rows=[(h.label, h.value) for h in report.headlines],
                                       formats=[files.NUMBER_FORMATS["count"]])],
        )
        data = exports.workbook_with_charts([summary, *files.section_sheets(report)])
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{_stem(access.system.name)}-system-view.{fmt}"'
    return response


@login_required
def place(request: HttpRequest, system_id: int, place_id: int) -> HttpResponse:
    access = system_access(person_from(request), system_id)
    chosen = get_object_or_404(Place, pk=place_id, system=access.system)
    view = place_view(access.system, chosen)
    context = {"system": access.system, "system_access": access, "view": view, "computed": view.computed}
    return render(request, "reporting/system_place.html", context)
