"""Who may see what inside a programme. Anything a person may not see answers 404."""

from dataclasses import dataclass
from typing import Self

from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.models import Person
from commonground.accounts.people import person_from as person_from  # views import it from here
from commonground.programmes.models import (
    Cohort,
    Funder,
    Membership,
    Organisation,
    Programme,
    Role,
    System,
    SystemAdmin,
)

STAFF_ROLES = frozenset({Role.LEAD, Role.FACILITATOR})


@dataclass(frozen=True)
class ProgrammeAccess:
    """A signed-in person's standing in one programme."""

    person: Person
    programme: Programme
    roles: frozenset[str]
    cohort_ids: frozenset[int]
    # The organisation a lead named when granting the sponsor role; never the person's own profile.
    sponsored_organisation: Organisation | None = None
    # The funder a funder's role was granted for; None grants the aggregate pages only, as ever.
    funder: Funder | None = None

    @property
    def is_lead(self) -> bool:
        return Role.LEAD in self.roles

    @property
    def is_facilitator(self) -> bool:
        return Role.FACILITATOR in self.roles

    @property
    def is_staff(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_participant(self) -> bool:
        return Role.PARTICIPANT in self.roles

    @property
    def is_sponsor(self) -> bool:
        return Role.SPONSOR in self.roles and self.sponsored_organisation is not None

    @property
    def sponsored_organisation_id(self) -> int:
        """The organisation whose participants a sponsor sees (0 for anyone else, which matches nobody)."""
        return self.sponsored_organisation.pk if self.sponsored_organisation is not None else 0

    @property
    def is_funder(self) -> bool:
        return Role.FUNDER in self.roles

    @property
    def sees_people(self) -> bool:
        """Funders see aggregates only; everyone else sees some people."""
        return self.is_staff or self.is_participant or self.is_sponsor

    def require_lead(self) -> Self:
        """This access when the person leads the programme; 404 for anyone else."""
        require(self, self.is_lead)
        return self

    def require_staff(self) -> Self:
        """This access for a lead or a facilitator; 404 for anyone else."""
        require(self, self.is_staff)
        return self

    def require_participant(self) -> Self:
        """This access for a participant; 404 for anyone else."""
        require(self, self.is_participant)
        return self

    def require_lead_or_funder(self) -> Self:
        """This access for a lead or a funder (the programme's figures); 404 for anyone else."""
        require(self, self.is_lead or self.is_funder)
        return self

    def can_see_cohort(self, cohort: Cohort) -> bool:
        if cohort.programme_id != self.programme.pk:
            return False
        return self.is_staff or self.is_sponsor or cohort.pk in self.cohort_ids

    def visible_cohorts(self) -> QuerySet[Cohort]:
        cohorts = Cohort.objects.filter(programme=self.programme).select_related("place")
        if self.is_staff or self.is_sponsor:
            return cohorts
        if self.is_participant:
            return cohorts.filter(pk__in=self.cohort_ids)
        return cohorts.none()

    def _sponsored(self, memberships: QuerySet[Membership]) -> QuerySet[Membership]:
        """The memberships of people whose affiliation in the programme's system is the sponsored
        organisation (one affiliation per person and system, so one row each)."""
        return memberships.filter(
            person__affiliations__system_id=self.programme.system_id,
            person__affiliations__organisation_id=self.sponsored_organisation_id,
        )

    def visible_participants(self, cohort: Cohort | None = None) -> QuerySet[Membership]:
        """Participant memberships this person may list, with what the lists show."""
        memberships = (
            Membership.objects.participants()
            .filter(programme=self.programme)
            .select_related("person", "cohort")
            .order_by("person__full_name", "pk")
        )
        if cohort is not None:
            memberships = memberships.filter(cohort=cohort)
        if self.is_staff:
            return memberships
        if self.is_sponsor and self.is_participant:
            return memberships.filter(
                cohort_id__in=self.cohort_ids
            ) | self._sponsored(memberships)
        if self.is_sponsor:
            return self._sponsored(memberships)
        if self.is_participant:
            return memberships.filter(cohort_id__in=self.cohort_ids)
        return memberships.none()


def programme_access(person: Person, programme_id: int) -> ProgrammeAccess:
    """The person's access to a programme, or 404 when they hold no role in it."""
    memberships = list(
        Membership.objects.filter(person=person, programme_id=programme_id).select_related(
            "programme__system", "organisation", "funder"
        )
    )
    if not memberships:
        raise Http404("No such programme.")
    sponsoring = [m.organisation for m in memberships if m.role == Role.SPONSOR]
    funding = [m.funder for m in memberships if m.role == Role.FUNDER and m.funder is not None]
    return ProgrammeAccess(
        person=person,
        programme=memberships[0].programme,
        roles=frozenset(m.role for m in memberships),
        cohort_ids=frozenset(
            m.cohort_id for m in memberships if m.role == Role.PARTICIPANT and m.cohort_id is not None
        ),
        sponsored_organisation=sponsoring[0] if sponsoring else None,
        funder=funding[0] if funding else None,
    )


def page_context(access: ProgrammeAccess, **extra: object) -> dict[str, object]:
    """What every programme page's template needs (the menu reads access and programme)."""
    return {"access": access, "programme": access.programme, **extra}


def require(access: ProgrammeAccess, allowed: bool) -> None:
    """Answer 404 rather than 403, so people cannot learn what exists."""
    if not allowed:
        raise Http404("Not found.")


@dataclass(frozen=True)
class SystemAccess:
    """A signed-in person's standing in one system: its administrator, or a lead of its programmes."""

    person: Person
    system: System
    is_admin: bool
    led_programme_ids: frozenset[int]


def system_access(person: Person, system_id: int) -> SystemAccess:
    """The person's access to a system's own pages (the system view): its administrators and the
    leads of any of its programmes; 404 for anyone else, another system's people included."""
    is_admin = SystemAdmin.objects.filter(system_id=system_id, person=person).exists()
    led = frozenset(
        Membership.objects.filter(person=person, role=Role.LEAD, programme__system_id=system_id)
        .values_list("programme_id", flat=True)
    )
    if not is_admin and not led:
        raise Http404("No such system.")
    system = System.objects.filter(pk=system_id).first()
    if system is None:
        raise Http404("No such system.")
    return SystemAccess(person=person, system=system, is_admin=is_admin, led_programme_ids=led)
