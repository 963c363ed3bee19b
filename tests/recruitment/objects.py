"""Recruitment objects for tests that only get the shared `world` (the permission matrix and this package).

Each helper creates what it needs; tokens are made here because the database keeps only their digests.
"""

import datetime as dt

from django.core import signing
from django.utils import timezone

from commonground.accounts.models import Person, Seniority
from commonground.programmes.models import Cohort, Organisation, Place
from commonground.recruitment.confirmations import confirm_token
from commonground.recruitment.links import OFFER_SALT
from commonground.recruitment.models import (
    Application,
    EligibilityRule,
    Nomination,
    Offer,
    PendingApplication,
    Quota,
    QuotaDimension,
    SponsorRequest,
    new_token,
)
from tests import factories
from tests.conftest import World


def open_applications(world: World) -> EligibilityRule:
    """Applications open for the world's programme; its organisations work in its places."""
    east, west = (
        Place.objects.get(name="East Surrey"),
        Place.objects.get(name="Guildford and Waverley"),
    )
    Organisation.objects.get(name="Surrey Acute").places.add(east)
    Organisation.objects.get(name="County Council").places.add(east, west)
    Organisation.objects.get(name="Community Action").places.add(west)
    rule, _ = EligibilityRule.objects.get_or_create(programme=world.programme)
    return rule


def application(
    world: World,
    name: str = "Dana Applicant",
    *,
    organisation: str = "County Council",
    cohort: Cohort | None = None,
    status: str = "submitted",
    **fields: object,
) -> Application:
    open_applications(world)
    org = Organisation.objects.get(name=organisation)
    email = f"{name.split()[0].lower()}.{name.split()[-1].lower()}@example.org"
    person = Person.objects.filter(email=email).first() or factories.PersonFactory(
        full_name=name, email=email
    )
    now = timezone.now()
    return Application.objects.create(
        programme=world.programme,
        person=person,
        cohort=cohort or world.east,
        status=status,
        organisation=org,
        place=org.places.order_by("name").first(),
        job_title="Team Leader",
        profession="nurse",
        seniority=Seniority.TEAM_LEADER,
        why_now="To work across boundaries.",
        consented_at=now,
        **({"submitted_at": now} | fields),
    )


def sponsor_token(world: World) -> str:
    token, digest = new_token()
    SponsorRequest.objects.create(
        application=application(world, "Sid Supported"),
        sponsor_email="sam@example.org",
        token_digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return token


def waiting_for_sam(world: World, name: str = "Sid Supported") -> Application:
    """An application from Surrey Acute naming Sam as its sponsor, his answer not yet given."""
    found = Application.objects.filter(programme=world.programme, person__full_name=name).first()
    if found is not None:
        return found
    found = application(world, name, organisation="Surrey Acute", sponsor_email="sam@example.org")
    SponsorRequest.objects.create(
        application=found,
        sponsor_email="sam@example.org",
        token_digest=new_token()[1],
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return found


def nomination_token(world: World) -> str:
    token, digest = new_token()
    open_applications(world)
    Nomination.objects.create(
        programme=world.programme,
        sponsor=world.sam,
        nominee_name="Nina Nominee",
        nominee_email="nina@example.org",
        token_digest=digest,
        expires_at=timezone.now() + dt.timedelta(days=14),
    )
    return token


def offer(
    world: World,
    name: str = "Olly Offered",
    *,
    cohort: Cohort | None = None,
    days: int = 7,
    organisation: str = "County Council",
) -> tuple[Offer, str]:
    """An open offer and its link token."""
    app = application(world, name, cohort=cohort, status="offered", organisation=organisation)
    made = Offer.objects.create(
        application=app, cohort=app.cohort, deadline=timezone.now() + dt.timedelta(days=days)
    )
    return made, signing.Signer(salt=OFFER_SALT).sign(made.link_key)


def other_programme_application(world: World) -> Application:
    org = factories.OrganisationFactory(system=world.other_programme.system, name="Elsewhere Trust")
    place = factories.PlaceFactory(system=world.other_programme.system, name="Elsewhere")
    person = factories.PersonFactory(full_name="Ellie Elsewhere", email="ellie@example.org")
    return Application.objects.create(
        programme=world.other_programme,
        person=person,
        organisation=org,
        place=place,
        job_title="Nurse",
        seniority=Seniority.FRONTLINE,
        consented_at=timezone.now(),
    )


def alices_application(world: World) -> Application:
    """Alice's own (accepted) application: only she may see or withdraw it."""
    open_applications(world)
    existing = Application.objects.filter(programme=world.programme, person=world.alice).first()
    if existing:
        return existing
    org = Organisation.objects.get(name="Surrey Acute")
    return Application.objects.create(
        programme=world.programme,
        person=world.alice,
        cohort=world.east,
        status="accepted",
        organisation=org,
        place=world.east.place,
        job_title="Ward Manager",
        seniority=Seniority.TEAM_LEADER,
        consented_at=timezone.now(),
    )


def quota(world: World) -> Quota:
    return Quota.objects.get_or_create(
        cohort=world.east, dimension=QuotaDimension.ORGANISATION, defaults={"max_share": 40}
    )[0]


def alices_held_application(world: World) -> PendingApplication:
    """An application sent without signing in with Alice's address, held until she confirms it."""
    open_applications(world)
    return PendingApplication.objects.create(
        programme=world.programme,
        email="alice@example.org",
        full_name="Alice Acute",
        organisation=Organisation.objects.get(name="County Council"),
        place=Place.objects.get(name="East Surrey"),
        cohort=world.east,
        job_title="Imposter",
        profession="social_worker",
        seniority=Seniority.TEAM_LEADER,
        why_now="Someone else typed this.",
        consented_at=timezone.now(),
    )


def alices_confirm_token(world: World) -> str:
    return confirm_token(alices_held_application(world))
