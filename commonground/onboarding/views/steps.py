"""A system's task list and its steps, each its own page ending in "Save and continue".

Every view: `onboarding_access` (the site's administrators, or the system's own; 404 otherwise),
the step's form, the service that owns the write, then on to the next step."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.core.forms import errors_onto, form_status
from commonground.onboarding import queries
from commonground.onboarding.access import OnboardingAccess, onboarding_access
from commonground.onboarding.forms import (
    DetailsForm,
    ImportForm,
    OrganisationForm,
    PlaceForm,
    WhoMayApplyForm,
)
from commonground.onboarding.services import steps
from commonground.onboarding.services.organisations import import_organisations
from commonground.programmes import system_setup
from commonground.programmes.models import Organisation, Place
from commonground.recruitment.models import EligibilityRule

GET_POST = require_http_methods(["GET", "POST"])


def _render(request: HttpRequest, access: OnboardingAccess, template: str, status: int = 200, **context: Any) -> HttpResponse:
    context.update(system=access.system, viewer=access)
    return render(request, f"onboarding/{template}", context, status=status)


def _next(key: str, access: OnboardingAccess) -> HttpResponse:
    return redirect(queries.NEXT_STEP[key], system_id=access.system.pk)


def _continuing(request: HttpRequest) -> bool:
    return request.POST.get("then") == "continue"


@login_required
def tasks(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    facts = queries.facts(access.system, access.onboarding)
    shown = queries.tasks(facts)
    return _render(request, access, "tasks.html", tasks=shown, done=sum(t.done for t in shown),
                   missing=queries.missing(queries.checklist(facts)), facts=facts)


@login_required
@GET_POST
def details(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    form = DetailsForm.for_system(access.system, request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            system_setup.save_details(system_id=access.system.pk, **form.cleaned_data)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return _next("details", access)
    return _render(request, access, "details.html", form=form, status=form_status(form))


@login_required
@GET_POST
def places(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    posted = request.POST if request.method == "POST" else None
    form = PlaceForm(posted)
    existing = list(Place.objects.filter(system=access.system).order_by("name"))
    if posted is not None:
        typed = bool(posted.get("name", "").strip() or posted.get("population", "").strip())
        if not typed and _continuing(request) and existing:
            return _next("places", access)
        if not typed:
            form.add_error("name", "Enter the name of a place: the system needs at least one.")
        elif form.is_valid():
            try:
                place = system_setup.add_place(system=access.system, **form.cleaned_data)
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, f"{place.name} is a place of {access.system.name}.")
                return _next("places", access) if _continuing(request) else redirect(request.path)
    return _render(request, access, "places.html", form=form, places=existing, status=form_status(form))


@login_required
@GET_POST
def organisations(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    posted = request.POST if request.method == "POST" else None
    form = OrganisationForm(posted, system=access.system)
    existing = list(Organisation.objects.filter(system=access.system).prefetch_related("places").order_by("name"))
    if posted is not None:
        typed = any(posted.get(k, "").strip() for k in ("name", "ods_code", "sector")) or bool(posted.getlist("places"))
        if not typed and _continuing(request) and existing:
            return _next("organisations", access)
        if not typed:
            form.add_error("name", "Enter an organisation, or import them from a file.")
        elif form.is_valid():
            data = form.cleaned_data
            new = system_setup.NewOrganisation(name=data["name"], sector=data["sector"], ods_code=data["ods_code"],
                                               place_ids=tuple(p.pk for p in data["places"]))
            try:
                (made,) = system_setup.add_organisations(system=access.system, organisations=[new])
            except ValidationError as exc:
                errors_onto(form, exc)
            else:
                messages.success(request, f"{made.name} is an organisation of {access.system.name}.")
                return _next("organisations", access) if _continuing(request) else redirect(request.path)
    facts = queries.facts(access.system, access.onboarding)
    return _render(request, access, "organisations.html", form=form, organisations=existing, facts=facts,
                   status=form_status(form))


@login_required
@GET_POST
def import_file(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        done = import_organisations(system=access.system, upload=upload, filename=upload.name or "")
        if not done.errors:
            messages.success(request, f"Imported {len(done.made)} organisation{'s' if len(done.made) != 1 else ''}.")
            return redirect("onboarding:organisations", system_id=access.system.pk)
        errors = done.errors
    status = 400 if errors or form.errors else 200
    places_known = list(Place.objects.filter(system=access.system).order_by("name").values_list("name", flat=True))
    return _render(request, access, "import.html", form=form, errors=errors, places=places_known, status=status)


@login_required
@GET_POST
def sectors(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    facts = queries.facts(access.system, access.onboarding)
    if request.method == "POST":
        steps.confirm_sectors(system=access.system)
        return _next("sectors", access)
    return _render(request, access, "sectors.html", facts=facts)


@login_required
@GET_POST
def sign_in(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    facts = queries.facts(access.system, access.onboarding)
    if request.method == "POST":
        if request.POST.get("how") == "email":
            steps.choose_email_links(system=access.system)
            return _next("sign-in", access)
        if facts.providers:
            return _next("sign-in", access)
        return _render(request, access, "sign_in.html", facts=facts, status=400,
                       error="Choose how people sign in: add an identity provider, or choose emailed sign-in links.")
    return _render(request, access, "sign_in.html", facts=facts, may_add=not access.site_admin or
                   access.system.admins.filter(person=access.person).exists())


@login_required
@GET_POST
def eligibility(request: HttpRequest, system_id: int) -> HttpResponse:
    access = onboarding_access(request, system_id)
    programme = queries.first_programme(access.system, access.onboarding)
    if programme is None:
        return _render(request, access, "eligibility.html", programme=None)
    rule = EligibilityRule.objects.filter(programme=programme).first() or EligibilityRule(
        programme=programme, applications_open=False
    )
    form = WhoMayApplyForm(request.POST if request.method == "POST" else None, instance=rule, programme=programme)
    if form.is_valid():
        with transaction.atomic():
            form.save()
        return _next("eligibility", access)
    return _render(request, access, "eligibility.html", programme=programme, form=form, status=form_status(form))
