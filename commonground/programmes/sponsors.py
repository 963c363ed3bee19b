"""Sponsor grants and the organisation changes a lead decides.

A sponsor sees the participants of one organisation: the one a lead of the programme named when
granting the role (`Membership.organisation`). It is never read from the sponsor's own profile,
which they can edit, so nobody widens what they see by saying they work somewhere else.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from commonground.accounts.models import Person
from commonground.programmes.models import (
    ChangeStatus,
    Membership,
    Organisation,
    OrganisationChange,
    Programme,
    Role,
)


def sponsor_grants(programme: Programme) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(programme=programme, role=Role.SPONSOR)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__full_name", "pk")
    )


def sponsored_organisation_id(*, programme: Programme, person: Person) -> int | None:
    """The organisation this person sponsors in this programme, if they are a sponsor there."""
    return (
        Membership.objects.filter(programme=programme, person=person, role=Role.SPONSOR)
        .values_list("organisation_id", flat=True)
        .first()
    )


@transaction.atomic
def grant_sponsor(
    *, programme: Programme, email: str, full_name: str, organisation: Organisation
) -> Membership:
    """Make someone a sponsor for one organisation of the programme's system (or move their grant to it).

    Someone without an account gets one without a password: they sign in by emailed link.
    """
    if organisation.system_id != programme.system_id:
        raise ValidationError(f"{organisation.name} is not an organisation of {programme.system}.")
    email = email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        if not full_name.strip():
            raise ValidationError(
                f"Nobody has an account with {email} yet. Give their full name and we will make one."
            )
        person = Person(email=email, full_name=full_name.strip())
        person.set_unusable_password()
        person.save()
    membership, created = Membership.objects.select_for_update().get_or_create(
        person=person, programme=programme, role=Role.SPONSOR, defaults={"organisation": organisation}
    )
    if not created and membership.organisation_id != organisation.pk:
        membership.organisation = organisation
        membership.save(update_fields=["organisation"])
    return membership


@transaction.atomic
def revoke_sponsor(*, programme: Programme, membership_id: int) -> Membership:
    """Take the sponsor role away; the person keeps any other role in the programme."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "organisation")
        .get(pk=membership_id, programme=programme, role=Role.SPONSOR)
    )
    membership.delete()
    return membership


def organisation_changes(programme: Programme) -> QuerySet[OrganisationChange]:
    """Pending requests a lead of this programme decides: from its members, to one of its system's
    organisations (or to none)."""
    members = Membership.objects.filter(programme=programme).values("person_id")
    return (
        OrganisationChange.objects.filter(status=ChangeStatus.PENDING, person_id__in=members)
        .filter(system_id=programme.system_id)
        .select_related("person", "organisation", "team")
        .order_by("requested_at", "pk")
    )
