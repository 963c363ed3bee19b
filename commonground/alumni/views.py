"""Alumni pages: my alumni page and entry (field by field, consent renewed, opting out), the
system's directory with its search, and the map of places.

Every page belongs to one system. An alumnus's own pages answer 404 to anyone who did not
complete one of the system's programmes; the directory and map answer 404 to anyone who is
neither alumni of the system nor takes part in one of its programmes (`queries.viewer`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from commonground.alumni import queries
from commonground.alumni.figures import map_places
from commonground.alumni.forms import EntryForm, OfferForm, filters_from
from commonground.alumni.map_svg import places_svg
from commonground.alumni.models import FIELDS
from commonground.alumni.services import entries as services
from commonground.core.forms import errors_onto, form_status
from commonground.mentoring.services import offers
from commonground.programmes.permissions import person_from
from commonground.programmes.where import where

PER_PAGE = 20
# The form's inputs for each field of the entry the alumnus writes (the rest come from their profile).
EDITED_BY = {"role": ("role",), "topics": ("topics",), "help": ("help_line",), "email": ("contact_email",)}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The systems whose programmes the person completed, their entry in each, and alumni events."""
    person = person_from(request)
    systems = queries.alumni_systems(person)
    if not systems:
        raise Http404("You are not alumni of any programme yet.")
    rows = [
        {
            "system": system,
            "entry": queries.own_entry(person, system.pk),
            "programmes": queries.completed_programmes(person, system.pk),
        }
        for system in systems
    ]
    return render(request, "alumni/home.html", {"rows": rows, "events": queries.alumni_events(person)})


@login_required
def entry(request: HttpRequest, system_id: int) -> HttpResponse:
    """The alumnus's own entry: what each field shows, and to whom."""
    person = person_from(request)
    own = queries.own_entry(person, system_id)
    form = EntryForm(own, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            own = services.save_entry(entry=own, choices=form.choices(), request=request)
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(
                request,
                "Your entry is saved and listed for a year." if own.shares_anything
                else "Your entry is saved. It shows nothing to anyone, so the directory does not list it.",
            )
            return redirect("alumni:entry", system_id)
    work = where(person.pk, system_id=system_id)
    profile = {
        "name": person.full_name,
        "organisation": work.organisation.name if work.organisation else "",
        "sector": work.organisation.get_sector_display() if work.organisation else "",
        "place": work.place.name if work.place else "",
    }
    rows = [
        {
            "key": key, "label": FIELDS[key], "audience": audience, "from_profile": key in profile,
            "value": profile.get(key, ""), "inputs": [form[name] for name in EDITED_BY.get(key, ())],
        }
        for key, audience in form.audience_fields()
    ]
    return render(
        request,
        "alumni/entry.html",
        {"system": own.system, "entry": own, "form": form, "rows": rows},
        status=form_status(form),
    )


@login_required
@require_POST
def renew(request: HttpRequest, system_id: int) -> HttpResponse:
    own = queries.own_entry(person_from(request), system_id)
    try:
        services.renew_consent(entry=own, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Thank you: your entry stays listed for another year.")
    return redirect("alumni:entry", system_id)


@login_required
@require_POST
def opt_out(request: HttpRequest, system_id: int) -> HttpResponse:
    own = queries.own_entry(person_from(request), system_id)
    services.opt_out(entry=own, request=request)
    messages.success(request, "You have left the directory: nobody can find your entry any more.")
    return redirect("alumni:entry", system_id)


@login_required
def directory(request: HttpRequest, system_id: int) -> HttpResponse:
    """The system's alumni directory, searched by name, topic, place, sector and organisation."""
    viewer = queries.viewer(person_from(request), system_id)
    filters = filters_from(request.GET)
    page = Paginator(queries.search(viewer, filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "alumni/directory.html",
        {
            "system": viewer.system, "viewer": viewer, "filters": filters, "page": page,
            "shown": queries.shown_entries(viewer, list(page.object_list)),
            **queries.filter_choices(viewer.system),
        },
    )


@login_required
def places_map(request: HttpRequest, system_id: int) -> HttpResponse:
    """The system's places, each sized by the alumni it shows to the viewer, as a picture and a table."""
    viewer = queries.viewer(person_from(request), system_id)
    places = map_places(viewer)
    title = f"Alumni of {viewer.system.name} by place of work"
    return render(
        request,
        "alumni/map.html",
        {"system": viewer.system, "places": places, "picture": places_svg(places, title=title), "title": title},
    )


@login_required
def offer(request: HttpRequest, system_id: int) -> HttpResponse:
    """An alumnus offers to be a buddy or a mentor for the new cohorts of a programme of the system."""
    person = person_from(request)
    own = queries.own_entry(person, system_id)
    choices = [(p.pk, p.title) for p in queries.programmes_taking_help(system_id)]
    form = OfferForm(choices, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        programme = get_object_or_404(queries.programmes_taking_help(system_id), pk=data["programme"])
        try:
            offers.volunteer(
                person, programme, as_mentor=data["as_mentor"], as_buddy=data["as_buddy"], capacity=data["capacity"]
            )
        except ValidationError as exc:
            errors_onto(form, exc)
        else:
            messages.success(request, f"Thank you: {programme.title}'s team can now match you with people who start.")
            return redirect("alumni:offer", system_id)
    return render(
        request,
        "alumni/offer.html",
        {"system": own.system, "form": form, "offers": queries.help_offers(person, system_id)},
        status=form_status(form),
    )


@login_required
@require_POST
def offer_withdraw(request: HttpRequest, system_id: int, programme_id: int) -> HttpResponse:
    person = person_from(request)
    queries.own_entry(person, system_id)
    programme = get_object_or_404(queries.programmes_taking_help(system_id), pk=programme_id)
    offers.withdraw(person, programme)
    messages.success(request, f"You no longer offer to help in {programme.title}.")
    return redirect("alumni:offer", system_id)
