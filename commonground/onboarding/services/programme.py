"""The system's first programme, set up in onboarding: its dates, one cohort per place with a
capacity, and its lead (the administrator themselves, or someone they invite)."""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.accounts.people import account_for
from commonground.accounts.sign_in_links import sign_in_link
from commonground.core.inputs import has_refused_characters
from commonground.core.links import absolute_url
from commonground.core.mail import send_templated
from commonground.onboarding.models import Onboarding
from commonground.onboarding.queries import first_programme
from commonground.programmes.models import (
    Cohort,
    Membership,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    System,
)
from commonground.recruitment.services.capacity import set_capacity

MAX_CAPACITY = 5000


@dataclass(frozen=True)
class Lead:
    """Who leads the programme: `by` themselves when `email` is empty, else the person at `email`."""

    email: str = ""
    full_name: str = ""


@transaction.atomic
def save_first_programme(
    *, system: System, by: Person, title: str, starts_on: dt.date, ends_on: dt.date,
    capacities: Mapping[int, int], lead: Lead, address: Callable[[str], str] = absolute_url,
) -> Programme:
    """Make the first programme (a draft) or change it: its title and dates, a cohort for each place
    with its capacity (through recruitment's capacity rule), and its lead. All or nothing."""
    onboarding, _ = Onboarding.objects.select_for_update().get_or_create(system=system)
    title = title.strip()
    if not title or len(title) > 200 or has_refused_characters(title):
        raise ValidationError({"title": "Give the programme a title of one line, at most 200 characters."})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "The programme must end on or after the day it starts."})
    places = list(Place.objects.filter(system=system).order_by("name"))
    if not places:
        raise ValidationError("Add the system's places first: each place has a cohort.")
    for place in places:
        capacity = capacities.get(place.pk)
        if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
            raise ValidationError({f"capacity_{place.pk}": f"Give {place.name}'s cohort from 1 to {MAX_CAPACITY:,} places."})
    found = first_programme(system, onboarding)
    programme = Programme.objects.select_for_update().filter(pk=found.pk).first() if found is not None else None
    if programme is None:
        programme = Programme.objects.create(system=system, title=title, starts_on=starts_on, ends_on=ends_on,
                                             status=ProgrammeStatus.DRAFT)
    elif programme.status not in (ProgrammeStatus.DRAFT, ProgrammeStatus.RECRUITING):
        raise ValidationError(f"{programme.title} is {programme.get_status_display().lower()}: change it from its own pages.")
    else:
        programme.title, programme.starts_on, programme.ends_on = title, starts_on, ends_on
        programme.save(update_fields=["title", "starts_on", "ends_on"])
    if onboarding.programme_id != programme.pk:
        onboarding.programme = programme
        onboarding.save(update_fields=["programme"])
    existing = {c.place_id: c for c in Cohort.objects.filter(programme=programme, place__isnull=False)}
    for place in places:
        cohort = existing.get(place.pk)
        if cohort is None:
            Cohort.objects.create(programme=programme, place=place, name=_cohort_name(programme, place),
                                  capacity=capacities[place.pk], starts_on=starts_on, ends_on=ends_on)
            continue
        Cohort.objects.filter(pk=cohort.pk).update(starts_on=starts_on, ends_on=ends_on)
        if cohort.capacity != capacities[place.pk]:
            set_capacity(cohort_id=cohort.pk, capacity=capacities[place.pk])
    _give_lead(programme=programme, by=by, lead=lead, address=address)
    return programme


def _cohort_name(programme: Programme, place: Place) -> str:
    """"<place> cohort", unless the programme already has a cohort of that name for another place."""
    name = f"{place.name} cohort"
    taken = set(Cohort.objects.filter(programme=programme, name__startswith=name).values_list("name", flat=True))
    return next(n for n in (name, *(f"{name} ({i})" for i in range(2, len(taken) + 2))) if n not in taken)


def _give_lead(*, programme: Programme, by: Person, lead: Lead, address: Callable[[str], str]) -> None:
    if not lead.email.strip():
        Membership.objects.get_or_create(person=by, programme=programme, role=Role.LEAD)
        return
    try:
        person, _ = account_for(email=lead.email, full_name=lead.full_name)
    except ValidationError as exc:
        fields = {"email": "lead_email", "full_name": "lead_name"}
        raise ValidationError({fields.get(k, k): v for k, v in exc.message_dict.items()}) from None
    _, made = Membership.objects.get_or_create(person=person, programme=programme, role=Role.LEAD)
    if made and person.pk != by.pk:
        transaction.on_commit(
            lambda: mail_lead(person_id=person.pk, programme_id=programme.pk, by_name=by.full_name, address=address)
        )


def mail_lead(*, person_id: int, programme_id: int, by_name: str, address: Callable[[str], str] = absolute_url) -> int:
    """Tell the new lead, with a sign-in link to the programme's home (queued by reference)."""
    person = Person.objects.get(pk=person_id)
    programme = Programme.objects.select_related("system").get(pk=programme_id)
    home = reverse("homes:home", args=[programme.pk])
    context = {"person": person, "programme": programme, "by_name": by_name,
               "link": sign_in_link(person, next_path=home, address=address),
               "new_link": address(reverse("accounts:link-request")), "minutes": settings.SESAME_MAX_AGE // 60}
    return send_templated("onboarding/email/lead", subject=f"You lead {programme.title} on Common Ground",
                          to=person.email, context=context)
