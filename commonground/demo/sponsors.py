"""The demo's sponsor grants and one change of organisation waiting for the demo lead.

The sponsor memberships are written with the rest of the demo's memberships, each naming the
organisation its sponsor works for (`granted`); `seed_sponsor_demo` adds a participant who has moved jobs and asked to change
organisation, so the lead's "Changes of organisation" page has something to decide.
"""

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import (
    ChangeStatus,
    Membership,
    Organisation,
    OrganisationChange,
    Programme,
    Role,
    Team,
)
from commonground.programmes.where import here


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
