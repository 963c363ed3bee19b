"""Subject access and erasure pages: a person downloads their own data; a lead answers a request
made to them, or erases, for someone whose data lies wholly inside their programme."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core import exports
from commonground.privacy import datamap, erasure, subject_access
from commonground.programmes.models import Membership, Programme, Role, System
from commonground.programmes.permissions import ProgrammeAccess, programme_access


def download(request: HttpRequest, person: Person, *, programme_id: int | None = None) -> HttpResponse:
    bundle = subject_access.gather(person)
    body = subject_access.zip_bytes(bundle)
    audit.exported(
        request, what="subject_access", subject_ids=[person.pk], programme_id=programme_id, fields=["everything"]
    )
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{subject_access.filename(person, bundle.made_at)}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    """What the download holds, and the button that makes it."""
    person = person_from(request)
    if request.method == "POST":
        return download(request, person)
    return render(request, "privacy/my_data.html")


@login_required
@require_POST
def person_data(request: HttpRequest, programme_id: int, person_id: int) -> HttpResponse:
    """A lead's answer to a subject access request received offline: only for someone whose
    roles and applications are all in this programme (anyone else's is the system's to answer)."""
    access, subject = _subject_of(request, programme_id, person_id)
    return download(request, subject, programme_id=access.programme.pk)


def _subject_of(request: HttpRequest, programme_id: int, person_id: int) -> tuple[ProgrammeAccess, Person]:
    """The lead's access and the person, when all their data is in this programme; 404 otherwise."""
    access = programme_access(person_from(request), programme_id).require_lead()
    subject = get_object_or_404(Person, pk=person_id)
    if subject.pk == access.person.pk or not subject_access.within_programme(subject, access.programme.pk):
        raise Http404("Not a person of this programme alone.")
    return access, subject


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HttpRequest, programme_id: int, person_id: int) -> HttpResponse:
    """Erase someone whose roles and applications are all in this programme, after the lead types
    their email address to confirm."""
    access, subject = _subject_of(request, programme_id, person_id)
    error = ""
    if request.method == "POST":
        typed = request.POST.get("confirm", "").strip().lower()
        if typed == subject.email.lower():
            done = erasure.erase(person=subject, by=access.person, programme_id=access.programme.pk)
            messages.success(request, f"Erased: {done.total:,} records about that person are gone.")
            return redirect("programmes:cohort-list", programme_id=programme_id)
        error = "Type the person's email address exactly as shown to confirm the erasure."
    return render(
        request,
        "privacy/erase_confirm.html",
        {
            "subject": subject, "error": error, "back_label": f"{subject.full_name}'s page",
            "back_url": reverse("programmes:person-detail", args=[access.programme.pk, subject.pk]),
        },
        status=400 if error else 200,
    )


def data_map(request: HttpRequest) -> HttpResponse:
    """Every kind of personal data held, why, on what basis, who sees it and for how long (public:
    it describes the software, not anyone in it)."""
    led = (
        list(Programme.objects.filter(memberships__person=request.user, memberships__role=Role.LEAD).order_by("title"))
        if request.user.is_authenticated
        else []
    )
    return render(request, "privacy/data_map.html", {"kinds": datamap.KINDS, "led": led})


def data_map_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(exports.csv_text(datamap.rows()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="common-ground-data-map.csv"'
    return response


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """Who is responsible for people's data, what is held, and people's rights."""
    systems = System.objects.exclude(data_controller="").order_by("name")
    return render(request, "privacy/notice.html", {"systems": systems, "kinds": datamap.KINDS})


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "privacy/cookies.html", {"idle_minutes": settings.STAFF_IDLE_MINUTES})


def help_and_contact(request: HttpRequest) -> HttpResponse:
    """Who to ask: a signed-in person's own programme teams (their leads), and each system's
    contact; answers to what people most often get stuck on."""
    teams: list[tuple[str, list[str]]] = []
    if request.user.is_authenticated:
        mine = Membership.objects.filter(person_id=request.user.pk).values_list("programme_id", flat=True)
        leads: dict[str, list[str]] = {}
        for title, name in (
            Membership.objects.filter(programme_id__in=mine, role=Role.LEAD)
            .order_by("programme__title", "person__full_name")
            .values_list("programme__title", "person__full_name")
        ):
            leads.setdefault(title, []).append(name)
        teams = list(leads.items())
    systems = System.objects.exclude(privacy_contact="").order_by("name")
    return render(request, "privacy/help.html", {"teams": teams, "systems": systems})


def accessibility(request: HttpRequest) -> HttpResponse:
    systems = System.objects.exclude(privacy_contact="").order_by("name")
    return render(request, "privacy/accessibility.html", {"systems": systems})
