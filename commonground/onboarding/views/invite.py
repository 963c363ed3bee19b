"""The site administrators' list of systems with their onboarding, and the invitation of a new
system's administrator. A system's administrator opening the list goes to their own system."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.accounts.people import person_from
from commonground.core.forms import errors_onto, form_status
from commonground.onboarding import queries
from commonground.onboarding.access import (
    administered_systems,
    is_site_administrator,
    site_administrator,
)
from commonground.onboarding.forms import InviteForm
from commonground.onboarding.services.invitations import invite_system
from commonground.programmes.models import System


@login_required
def index(request: HttpRequest) -> HttpResponse:
    person = person_from(request)
    if not is_site_administrator(person):
        own = administered_systems(person)
        if not own:
            raise Http404("No such page.")
        if len(own) == 1:
            return redirect("onboarding:tasks", system_id=own[0].pk)
        return render(request, "onboarding/index.html", {"rows": queries.overview(own), "site_admin": False})
    rows = queries.overview(list(System.objects.order_by("name")))
    return render(request, "onboarding/index.html", {"rows": rows, "site_admin": True})


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest) -> HttpResponse:
    site_administrator(request)
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            invited = invite_system(
                system_name=form.cleaned_data["system_name"], admin_name=form.cleaned_data["admin_name"],
                admin_email=form.cleaned_data["admin_email"], address=request.build_absolute_uri,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                f"{invited.system.name} is on Common Ground. We have emailed {invited.person.full_name} "
                f"({invited.person.email}) a sign-in link to set it up.",
            )
            return redirect("onboarding:tasks", system_id=invited.system.pk)
    return render(request, "onboarding/invite.html", {"form": form}, status=form_status(form))
