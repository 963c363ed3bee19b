"""The blueprints' pages: a lead saves their programme as a template; a lead or system
administrator starts the next intake from one (choose, title and start with places pre-filled,
review the shifted dates, create); a lead defers a participant to the next intake."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commonground.blueprints import queries, services
from commonground.blueprints.forms import DeferForm, IntakeForm, TemplateForm
from commonground.blueprints.queries import blueprint_of
from commonground.core.forms import errors_onto, form_status
from commonground.programmes.models import Membership, Role
from commonground.programmes.permissions import page_context, person_from, programme_access, require


@login_required
@require_http_methods(["GET", "POST"])
def save_template(request: HttpRequest, programme_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    programme = access.programme
    form = TemplateForm(request.POST or None, initial={"name": f"{programme.title} (template)"[:200]})
    if form.is_valid():
        try:
            template = services.save_as_template(programme, name=form.cleaned_data["name"], by=access.person)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Saved as the template {template.name}.")
            return redirect("blueprints:templates", system_id=programme.system_id)
    return render(
        request, "blueprints/save.html",
        page_context(access, form=form, blueprint=queries.describe(programme),
                     saved=programme.templates_saved.order_by("-created_at")),  # type: ignore[attr-defined]
        status=form_status(form),
    )


@login_required
def templates(request: HttpRequest, system_id: int) -> HttpResponse:
    system = queries.starting_system(person_from(request), system_id)
    rows = [(t, blueprint_of(t)) for t in queries.templates_for(system).select_related("saved_from")]
    return render(request, "blueprints/templates.html", {"system": system, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, system_id: int, template_id: int) -> HttpResponse:
    """Step 2 (title, first day, places and capacities), step 3 (review) and creating, on one address:
    the review carries the answers in hidden fields and creates only when confirmed."""
    person = person_from(request)
    system = queries.starting_system(person, system_id)
    template = queries.template_for(system, template_id)
    blueprint = blueprint_of(template)
    form = IntakeForm(request.POST or None, system=system, choices=services.default_choices(template, system))
    action = request.POST.get("action")
    if form.is_valid():
        try:
            plan = services.plan_intake(
                template, system=system, title=form.cleaned_data["title"], starts_on=form.starts,
                places=form.choices(),
            )
            if action == "create":
                programme = services.start_programme(
                    template, system=system, title=form.cleaned_data["title"], starts_on=form.starts,
                    places=form.choices(), by=person,
                )
                messages.success(request, f"{programme.title} is set up and open for applications.")
                return redirect("blueprints:started", programme_id=programme.pk)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            return render(request, "blueprints/review.html", {
                "system": system, "template": template, "form": form, "plan": plan,
                "sessions_by_cohort": _sessions_by_cohort(plan),
                "answers": [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "action")],
            })
    return render(
        request, "blueprints/start.html",
        {"system": system, "template": template, "blueprint": blueprint, "form": form},
        status=form_status(form),
    )


def _sessions_by_cohort(plan: services.IntakePlan) -> list[tuple[str, list[object]]]:
    groups: dict[str, list[object]] = {c.name: [] for c in plan.cohorts}
    groups["The whole programme"] = []
    for session in plan.sessions:
        groups[session.cohort or "The whole programme"].append(session)
    return [(name, sessions) for name, sessions in groups.items() if sessions]


@login_required
def started(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Step 4: the new intake, open for applications, with where to go next."""
    access = programme_access(person_from(request), programme_id).require_lead()
    intake = queries.intake_of(access.programme)
    require(access, intake is not None)
    return render(request, "blueprints/started.html", page_context(access, intake=intake))


@login_required
@require_http_methods(["GET", "POST"])
def defer(request: HttpRequest, programme_id: int, person_id: int) -> HttpResponse:
    access = programme_access(person_from(request), programme_id).require_lead()
    membership = get_object_or_404(
        Membership.objects.select_related("person", "cohort"),
        programme=access.programme, person_id=person_id, role=Role.PARTICIPANT,
    )
    target = queries.next_intake(access.programme)
    form = DeferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.defer_participant(
                programme=access.programme, person=membership.person, by=access.person,
                reason=form.cleaned_data["reason"], request=request,
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"{membership.person.full_name} is deferred to {target}.")
            return redirect("programmes:person-detail", programme_id=programme_id, person_id=person_id)
    return render(
        request, "blueprints/defer.html",
        page_context(access, form=form, subject=membership.person, membership=membership, target=target,
                     deferred=membership.person.deferrals.filter(from_programme=access.programme).first()),  # type: ignore[attr-defined]
        status=form_status(form),
    )
