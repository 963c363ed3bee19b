"""A lead's page linking a funder's support in kind to the sessions it delivered (the ledger's dates)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.core.forms import errors_onto, form_status
from commonground.programmes.models import Contribution, ContributionKind
from commonground.programmes.permissions import page_context, person_from, programme_access
from commonground.schedule.forms.delivery import DeliveredSessionsForm
from commonground.schedule.services.delivery import link_sessions


@login_required
@require_http_methods(["GET", "POST"])
def contribution_sessions(request: HttpRequest, programme_id: int, contribution_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    contribution = (
        Contribution.objects.filter(programme=access.programme, pk=contribution_id, kind=ContributionKind.IN_KIND)
        .select_related("funder")
        .first()
    )
    if contribution is None:
        raise Http404("No such support in kind.")
    form = DeliveredSessionsForm(request.POST if request.method == "POST" else None, contribution=contribution)
    if form.is_valid():
        try:
            linked = link_sessions(
                programme=access.programme, by=access.person, contribution_id=contribution.pk,
                session_ids=[s.pk for s in form.cleaned_data["sessions"]],
            )
        except ValidationError as exc:
            errors_onto(form, exc, field="sessions")
        else:
            count = len(linked)
            messages.success(
                request, f"{contribution.description}: {count} session{'s' if count != 1 else ''} linked."
            )
            return redirect("programmes:ledger", programme_id=programme_id)
    return render(
        request,
        "programmes/ledger/sessions_delivered.html",
        page_context(access, contribution=contribution, form=form),
        status=form_status(form),
    )
