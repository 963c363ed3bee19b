"""A system administrator answers subject access requests and erases people whose data lies in
more than one of the system's programmes (a lead can do it only within one programme)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core.inputs import has_refused_characters
from commonground.identity.views import administered_system
from commonground.privacy import erasure, subject_access
from commonground.privacy.views import download
from commonground.programmes.models import System


def _subject(request: HttpRequest, system_id: int, person_id: int) -> tuple[System, Person]:
    system = administered_system(request, system_id)
    subject = get_object_or_404(Person, pk=person_id)
    if subject.pk == person_from(request).pk or not subject_access.within_system(subject, system.pk):
        raise Http404("Not a person of this system alone.")
    return system, subject


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, system_id: int) -> HttpResponse:
    """Find one person by their exact email address (there is no list to browse; the address is
    sent in the body, so it stays out of addresses and logs)."""
    system = administered_system(request, system_id)
    typed = str(request.POST.get("email", "")).strip()
    found: Person | None = None
    error = ""
    if typed:
        if len(typed) > 254 or "@" not in typed or has_refused_characters(typed):
            error = "Enter a whole email address, like name@example.org."
        else:
            candidate = Person.objects.filter(email__iexact=typed).first()
            if candidate is not None and subject_access.within_system(candidate, system.pk):
                found = candidate
            elif candidate is not None and candidate.memberships.filter(programme__system=system).exists():
                error = (
                    "This person also takes part in another system's programmes: their request is for "
                    "the site's operators (manage.py export_person and erase_person)."
                )
            else:
                error = f"Nobody with that address takes part in {system.name}'s programmes."
    context = {"system": system, "typed": typed, "found": found, "error": error}
    return render(request, "privacy/system_people.html", context, status=400 if error and not found else 200)


@login_required
@require_POST
def person_data(request: HttpRequest, system_id: int, person_id: int) -> HttpResponse:
    _system, subject = _subject(request, system_id, person_id)
    return download(request, subject)


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, system_id: int, person_id: int) -> HttpResponse:
    system, subject = _subject(request, system_id, person_id)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm", "").strip().lower() == subject.email.lower():
            done = erasure.erase(person=subject, by=person_from(request), programme_id=None)
            messages.success(request, f"Erased: {done.total:,} records about that person are gone.")
            return redirect("privacy:system-people", system_id=system.pk)
        error = "Type the person's email address exactly as shown to confirm the erasure."
    back = reverse("privacy:system-people", args=[system.pk])
    context = {"subject": subject, "error": error, "back_url": back, "back_label": "finding a person"}
    return render(request, "privacy/erase_confirm.html", context, status=400 if error else 200)
