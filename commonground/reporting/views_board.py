"""The system board's page: its programmes side by side, with the same figures as a PDF and a spreadsheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from commonground.identity.views import administered_system
from commonground.reporting import render as files
from commonground.reporting.board import board_report
from commonground.reporting.views import CONTENT_TYPES


@login_required
def board(request: HttpRequest, system_id: int) -> HttpResponse:
    system = administered_system(request, system_id)
    return render(request, "reporting/board.html", {"system": system, "report": board_report(system)})


@login_required
def board_file(request: HttpRequest, system_id: int, kind: str) -> HttpResponse:
    system = administered_system(request, system_id)
    report = board_report(system)
    data = files.pdf(report) if kind == "pdf" else files.xlsx(report)
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{files.file_stem(report)}-board.{kind}"'
    return response
