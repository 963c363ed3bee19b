"""A site administrator invites the administrator of a new system."""

from collections.abc import Callable
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
from commonground.programmes.models import System, SystemAdmin


@dataclass(frozen=True)
class Invited:
    system: System
    person: Person
    new_account: bool


@transaction.atomic
def invite_system(
    *, system_name: str, admin_name: str, admin_email: str, address: Callable[[str], str] = absolute_url
) -> Invited:
    """Make a new system with its administrator (an account is made for someone who has none) and,
    once committed, mail them a sign-in link to the system's onboarding. `address` turns a path into
    a full address (the inviting request's own, or the site's)."""
    name = system_name.strip()
    if not name:
        raise ValidationError({"system_name": "Enter the new system's name."})
    if len(name) > 200 or has_refused_characters(name):
        raise ValidationError({"system_name": "Give the system's name on one line, at most 200 characters."})
    if System.objects.filter(name__iexact=name).exists():
        raise ValidationError({"system_name": f"A system called {name} is already on Common Ground."})
    try:
        person, made = account_for(email=admin_email, full_name=admin_name)
    except ValidationError as exc:
        fields = {"email": "admin_email", "full_name": "admin_name"}
        raise ValidationError({fields.get(k, k): v for k, v in exc.message_dict.items()}) from None
    if not person.is_active:
        raise ValidationError({"admin_email": f"The account of {person.email} is closed: invite someone else."})
    system = System.objects.create(name=name)
    SystemAdmin.objects.create(system=system, person=person)
    Onboarding.objects.create(system=system)
    transaction.on_commit(lambda: mail_invitation(person_id=person.pk, system_id=system.pk, address=address))
    return Invited(system=system, person=person, new_account=made)


def mail_invitation(*, person_id: int, system_id: int, address: Callable[[str], str] = absolute_url) -> int:
    """Mail the system's administrator their invitation, with a sign-in link made now (it works once,
    for SESAME_MAX_AGE); queued through the mail task by reference, like every message."""
    person = Person.objects.get(pk=person_id)
    system = System.objects.get(pk=system_id)
    start = reverse("onboarding:tasks", args=[system.pk])
    context = {
        "person": person,
        "system": system,
        "link": sign_in_link(person, next_path=start, address=address),
        "minutes": settings.SESAME_MAX_AGE // 60,
        "new_link": address(reverse("accounts:link-request")),
        "start": address(start),
    }
    return send_templated(
        "onboarding/email/invitation", subject=f"Set up {system.name} on Common Ground", to=person.email, context=context
    )
