"""A site administrator's pages for a system leaving Common Ground: the records, a system's page
(what it holds and what leaving does), its export, and its deletion. Anyone else gets 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache

from commonground.accounts.models import Person
from commonground.core.forms import errors_onto, form_status
from commonground.offboarding import services
from commonground.offboarding.access import site_administrator
from commonground.offboarding.forms import ConfirmDeletionForm
from commonground.offboarding.models import OffboardingRecord
from commonground.programmes.models import System


@login_required
def records(request: HttpRequest) -> HttpResponse:
    site_administrator(request)
    shown = list(OffboardingRecord.objects.all()[:200])
    names = dict(Person.objects.filter(pk__in={r.by_id for r in shown if r.by_id}).values_list("pk", "full_name"))
    rows = [(record, names.get(record.by_id or 0, "")) for record in shown]
    return render(request, "offboarding/records.html", {"rows": rows, "systems": System.objects.order_by("name")})


@login_required
def system_page(request: HttpRequest, system_id: int) -> HttpResponse:
    site_administrator(request)
    system = get_object_or_404(System, pk=system_id)
    return render(request, "offboarding/system.html", {"system": system, "leaving": services.what_leaving_does(system)})


@login_required
@never_cache
def export(request: HttpRequest, system_id: int) -> HttpResponseBase:
    person = site_administrator(request)
    system = get_object_or_404(System, pk=system_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    made, _record = services.export_system(system=system, by=person, request=request)
    return FileResponse(made.file, as_attachment=True, filename=made.filename, content_type="application/zip")


@login_required
def delete(request: HttpRequest, system_id: int) -> HttpResponse:
    person = site_administrator(request)
    system = get_object_or_404(System, pk=system_id)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    form = ConfirmDeletionForm(request.POST or None, system_name=system.name)
    if request.method == "POST" and form.is_valid():
        try:
            done = services.delete_system(system_id=system.pk, confirm=form.cleaned_data["confirm"], by=person)
        except System.DoesNotExist:
            raise Http404("Deleted meanwhile.") from None
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request, f"{done.system_name} is deleted: {done.total:,} records went or were emptied. Its record stays below."
            )
            return redirect("offboarding:records")
    context = {"system": system, "form": form, "leaving": services.what_leaving_does(system)}
    return render(request, "offboarding/delete.html", context, status=form_status(form))
