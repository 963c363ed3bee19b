"""A person's own profile: name, job, where they work, and a pending change of organisation.

Where a person works is chosen from the organisations of the systems whose programmes they belong
to, so the page lives here rather than in accounts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core.forms import form_status
from commonground.programmes import affiliations
from commonground.programmes.forms import ProfileForm, where_forms
from commonground.programmes.models import Affiliation, OrganisationChange


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    person = person_from(request)
    if request.POST.get("action") == "withdraw-change":
        if affiliations.withdraw_organisation_change(person=person):
            messages.success(request, "Your request to change organisation is withdrawn.")
        return redirect("programmes:profile")
    # The form works on its own copy, so a refused change never reaches the signed-in person.
    form = ProfileForm(request.POST or None, instance=Person.objects.get(pk=person.pk))
    places = where_forms(person, request.POST or None)
    # A system's fieldset counts only when it was sent, so a page opened before the person joined
    # another system never clears where they work there.
    sent = [f for f in places if any(key.startswith(f"{f.prefix}-") for key in request.POST)]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in sent):
        with transaction.atomic():
            changes = affiliations.save_profile(
                person_id=person.pk,
                cleaned=form.cleaned_data,
                where={f.system.pk: affiliations.Work(**f.cleaned_data) for f in sent},
            )
            audit.changed(request=request, subject_id=person.pk, what="person", fields=form.changed_data)
            audit.changed(
                request=request,
                subject_id=person.pk,
                what="affiliation",
                fields=[name for f in sent for name in f.changed_data],
            )
        if not changes:
            messages.success(request, "Your profile is saved.")
        else:
            messages.success(
                request,
                "Your profile is saved. A programme lead will confirm your change of organisation or "
                "team; until then your profile keeps the one you have.",
            )
        return redirect("programmes:profile")
    latest: dict[int, OrganisationChange] = {}
    for change in OrganisationChange.objects.filter(person=person).select_related("organisation", "team"):
        latest.setdefault(change.system_id, change)
    current = {a.system_id: a for a in Affiliation.objects.filter(person=person).select_related("organisation", "team")}
    sections = [(f, latest.get(f.system.pk), current.get(f.system.pk)) for f in places]
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form, "sections": sections, "more_errors": [f for f in sent if f.errors], "person": person,
            "administers": [role.system for role in person.system_roles.select_related("system")],
        },
        status=form_status(form, *sent),
    )


@login_required
def seen(request: HttpRequest) -> HttpResponse:
    """Who has seen, changed or exported my data: every such row of the audit trail about me."""
    person = person_from(request)
    return render(request, "accounts/seen.html", {"rows": audit.seen_by_others(person)})
