"""The first programme's step, and the checklist that opens its applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.blueprints import queries as blueprint_queries
from commonground.core.forms import errors_onto, form_status
from commonground.onboarding import queries
from commonground.onboarding.access import onboarding_access
from commonground.onboarding.forms import ProgrammeForm
from commonground.onboarding.services.opening import open_first_applications
from commonground.onboarding.services.programme import Lead, save_first_programme
from commonground.programmes.models import Cohort, Place


@login_required
@require_http_methods(["GET", "POST"])
def programme(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    current = queries.first_programme(access.system, access.onboarding)
    places = list(Place.objects.filter(system=access.system).order_by("name"))
    capacities: dict[int, int] = {}
    initial = {}
    if current is not None:
        capacities = {c.place_id: c.capacity for c in Cohort.objects.filter(programme=current, place__isnull=False)
                      if c.place_id is not None}
        initial = {"title": current.title, "starts_on": current.starts_on, "ends_on": current.ends_on}
    form = ProgrammeForm(request.POST if request.method == "POST" else None, places=places, capacities=capacities,
                         initial=initial)
    if places and form.is_valid():
        data = form.cleaned_data
        lead = Lead(email=data["lead_email"], full_name=data["lead_name"]) if data["lead"] == "someone" else Lead()
        try:
            saved = save_first_programme(
                system=access.system, by=access.person, title=data["title"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], capacities=form.capacities(), lead=lead, address=request.build_absolute_uri,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{saved.title} is saved, with a cohort for each place.")
            return redirect(queries.NEXT_STEP["programme"], system_id=access.system.pk)
    # Programme templates (the blueprints app) start a whole programme at once: offered first to
    # whoever may start the system's intakes, once the places its cohorts need exist.
    templates = (
        blueprint_queries.templates_for(access.system)[:3]
        if places and blueprint_queries.may_start_intakes(access.person, access.system.pk) else []
    )
    context = {"system": access.system, "viewer": access, "form": form, "places": places, "programme": current,
               "templates": templates}
    return render(request, "onboarding/programme.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def checklist(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    error = ""
    if request.method == "POST":
        try:
            opened = open_first_applications(system=access.system)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Applications to {opened.title} are open.")
            return redirect("onboarding:checklist", system_id=access.system.pk)
    facts = queries.facts(access.system, access.onboarding)
    items = queries.checklist(facts)
    context = {"system": access.system, "viewer": access, "facts": facts, "items": items,
               "missing": queries.missing(items), "error": error}
    return render(request, "onboarding/checklist.html", context, status=400 if error else 200)
