"""Report packs: a lead makes, previews, signs off and downloads them; a funder sees their own.

A lead sees every pack of their programme. A funder sees only the signed-off packs made for the
funder their role names; every other pack, and every pack for anyone else, answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from commonground.core.forms import errors_onto
from commonground.core.htmx import is_htmx
from commonground.programmes.models import Membership, Role
from commonground.programmes.permissions import (
    ProgrammeAccess,
    person_from,
    programme_access,
    require,
)
from commonground.reporting import render as files
from commonground.reporting import services
from commonground.reporting.forms import ReportPackForm
from commonground.reporting.models import ReportPack
from commonground.reporting.report import from_json

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def funder_ids(access: ProgrammeAccess) -> set[int]:
    """The funders a funder's role in this programme is granted for."""
    if not access.is_funder:
        return set()
    return {
        pk for pk in Membership.objects.filter(
            person=access.person, programme=access.programme, role=Role.FUNDER
        ).values_list("funder_id", flat=True) if pk is not None
    }


def visible_packs(access: ProgrammeAccess) -> QuerySet[ReportPack]:
    packs = ReportPack.objects.filter(programme=access.programme).select_related("funder", "made_by", "signed_off_by")
    if access.is_lead:
        return packs
    return packs.filter(funder_id__in=funder_ids(access), signed_off_at__isnull=False)


def _pack(request: HttpRequest, programme_id: int, pack_id: int) -> tuple[ProgrammeAccess, ReportPack]:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_lead or access.is_funder)
    pack = visible_packs(access).filter(pk=pack_id).first()
    if pack is None:
        raise Http404("Not found.")
    return access, pack


@login_required
def packs(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id)
    require(access, access.is_lead or access.is_funder)
    form = None
    if access.is_lead:
        form = ReportPackForm(access.programme, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                pack = services.request_pack(
                    programme=access.programme, made_by=access.person, funder=data["funder"],
                    period_from=data["period_from"], period_to=data["period_to"], cohorts=data["cohorts"],
                    did_not_work=data["did_not_work"], lessons=data["lessons"],
                )
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                return redirect("reporting:pack", programme_id=programme_id, pack_id=pack.pk)
    elif request.method == "POST":
        raise Http404("Not found.")
    return render(request, "reporting/packs.html", {
        "access": access, "programme": access.programme, "form": form, "packs": list(visible_packs(access)),
    })


@login_required
def pack(request: HttpRequest, programme_id: int, pack_id: int) -> HttpResponse:
    access, chosen = _pack(request, programme_id, pack_id)
    report = from_json(chosen.figures) if chosen.ready and chosen.figures else None
    return render(request, "reporting/pack.html", {
        "access": access, "programme": access.programme, "pack": chosen, "report": report,
        "cohorts": [c.name for c in chosen.cohorts.all()],
    })


@login_required
def pack_status(request: HttpRequest, programme_id: int, pack_id: int) -> HttpResponse:
    """The progress bar, polled by the pack's page while the pack is being built."""
    access, chosen = _pack(request, programme_id, pack_id)
    if not is_htmx(request):
        return redirect("reporting:pack", programme_id=programme_id, pack_id=pack_id)
    response = render(request, "reporting/pack.html#pack-status", {"access": access, "programme": access.programme, "pack": chosen})
    if chosen.status in ("ready", "failed"):
        response["HX-Refresh"] = "true"  # show the finished pack
    return response


@login_required
def download(request: HttpRequest, programme_id: int, pack_id: int, kind: str) -> HttpResponse:
    _, chosen = _pack(request, programme_id, pack_id)
    data = services.pack_pdf(chosen) if kind == "pdf" else chosen.xlsx if kind == "xlsx" else None
    if not chosen.ready or data is None or not chosen.figures:
        raise Http404("Not found.")
    stem = files.file_stem(from_json(chosen.figures))
    response = HttpResponse(bytes(data), content_type=CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{chosen.pk}.{kind}"'
    return response


@login_required
@require_POST
def sign_off(request: HttpRequest, programme_id: int, pack_id: int) -> HttpResponse:
    access, chosen = _pack(request, programme_id, pack_id)
    access.require_lead()
    try:
        services.sign_off(pack=chosen, by=access.person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        who = chosen.funder.name if chosen.funder else "the programme board"
        messages.success(request, f"Signed off. The pack is now fixed{' and ' + who + ' can see it' if chosen.funder else ''}.")
    return redirect("reporting:pack", programme_id=programme_id, pack_id=pack_id)


@login_required
@require_POST
def discard(request: HttpRequest, programme_id: int, pack_id: int) -> HttpResponse:
    access, chosen = _pack(request, programme_id, pack_id)
    access.require_lead()
    try:
        services.discard(pack=chosen)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:pack", programme_id=programme_id, pack_id=pack_id)
    messages.success(request, "The pack was deleted.")
    return redirect("reporting:packs", programme_id=programme_id)
