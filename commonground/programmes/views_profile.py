"""A person's own profile: name, job, where they work, and a pending change of organisation.

Where a person works is chosen from the organisations of the systems whose programmes they belong
to, so the page lives here rather than in accounts.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core.forms import form_status
from commonground.programmes import affiliations
from commonground.programmes.forms import ProfileForm
from commonground.programmes.models import OrganisationChange


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
    if request.method == "POST" and form.is_valid():
        change = affiliations.save_profile(person_id=person.pk, cleaned=form.cleaned_data)
        if change is None:
            messages.success(request, "Your profile is saved.")
        else:
            messages.success(
                request,
                "Your profile is saved. A programme lead will confirm your change of organisation or "
                "team; until then your profile keeps the one you have.",
            )
        return redirect("programmes:profile")
    change = OrganisationChange.objects.filter(person=person).select_related("organisation", "team").first()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "change": change, "person": person},
        status=form_status(form),
    )
