"""The demo's sponsor grants, one change of organisation waiting for the demo lead, and two
applications waiting for the demo sponsor's support.

The sponsor memberships are written with the rest of the demo's memberships, each naming the
organisation its sponsor works for (`granted`); `seed_sponsor_demo` adds a participant who has moved jobs and asked to change
organisation, so the lead's "Changes of organisation" page has something to decide;
`seed_support_requests` has two people from the demo sponsor's organisation apply naming them as
their sponsor, so the sponsor's home has applications waiting for their support.
"""

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.models import (
    ChangeStatus,
    Membership,
    Organisation,
    OrganisationChange,
    Programme,
    Role,
    Team,
)
from commonground.programmes.where import here, where
from commonground.recruitment.links import LINK_DAYS
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    Decision,
    SponsorRequest,
    new_token,
)

SPONSOR_SIGN_IN = "sponsor@demo.example"
# People from the demo sponsor's organisation who named them: name, role, profession, why now, days ago.
ASKING = (
    (
        "Rhiannon Price", "Senior Social Worker", Profession.SOCIAL_WORKER,
        "Our hospital discharge team and the wards keep missing each other; I want to change that.", 3,
    ),
    (
        "Tomasz Lewandowski", "Team Manager, Reablement", Profession.MANAGER,
        "Reablement starts too late for people leaving hospital; I want to work on it with the NHS.", 1,
    ),
)


def granted(person: Person, role: str) -> Organisation | None:
    """The organisation a demo sponsor's membership names: the one they work for. Others name none."""
    return person.where.organisation if role == Role.SPONSOR else None


def seed_sponsor_demo(*, programme: Programme, rng: random.Random) -> OrganisationChange | None:
    """One pending request from a participant to move to a team of another organisation."""
    teams = list(
        Team.objects.filter(organisation__system_id=programme.system_id)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
    movers = list(
        Membership.objects.filter(programme=programme, role=Role.PARTICIPANT)
        .alias(work=here(programme.system_id))
        .filter(work__organisation__isnull=False)
        .annotate(works_for=F("work__organisation_id"))
        .exclude(person__email__endswith="@demo.example")  # the demo sign-ins keep their profiles as described
        .select_related("person")
        .order_by("person__email")[:50]
    )
    if not movers or not teams:
        return None
    mover = rng.choice(movers)
    person = mover.person
    elsewhere = [t for t in teams if t.organisation_id != mover.works_for]
    if not elsewhere:
        return None
    team = rng.choice(elsewhere)
    return OrganisationChange.objects.create(
        person=person,
        system_id=programme.system_id,
        organisation=team.organisation,
        team=team,
        status=ChangeStatus.PENDING,
        requested_at=timezone.now() - dt.timedelta(days=2),
    )


def seed_support_requests(*, programme: Programme) -> int:
    """Two applications from the demo sponsor's organisation naming them as sponsor, each with its
    emailed request still unanswered (recorded as sent, as the demo's past is: seeding mails nobody)."""
    sponsor = Person.objects.filter(email=SPONSOR_SIGN_IN).first()
    grant = Membership.objects.filter(programme=programme, person=sponsor, role=Role.SPONSOR).first()
    if sponsor is None or grant is None or grant.organisation is None:
        return 0
    organisation = grant.organisation
    place = where(sponsor.pk, system_id=programme.system_id).place or organisation.places.order_by("name").first()
    if place is None:
        return 0
    cohort = programme.cohorts.filter(place=place).order_by("starts_on", "pk").first()
    now = timezone.now()
    for name, job_title, profession, why_now, days_ago in ASKING:
        first, last = name.lower().split()
        person = Person(
            email=f"{first}.{last}@apply.example", full_name=name, job_title=job_title, profession=profession,
            seniority=Seniority.TEAM_LEADER,
        )
        person.set_unusable_password()
        person.save()
        record_new([(person, programme.system_id, Work(organisation=organisation, place=place))])
        submitted = now - dt.timedelta(days=days_ago)
        application = Application.objects.create(
            programme=programme, person=person, cohort=cohort, organisation=organisation, place=place,
            job_title=job_title, profession=profession, seniority=Seniority.TEAM_LEADER, why_now=why_now,
            sponsor_name=sponsor.full_name, sponsor_email=sponsor.email, consented_at=submitted, submitted_at=submitted,
        )
        Decision.objects.create(application=application, to_status=ApplicationStatus.SUBMITTED, at=submitted)
        SponsorRequest.objects.create(
            application=application, sponsor_email=sponsor.email, token_digest=new_token()[1], created_at=submitted,
            expires_at=submitted + dt.timedelta(days=LINK_DAYS),
        )
    return len(ASKING)
