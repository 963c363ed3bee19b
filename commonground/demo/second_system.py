"""The demo's second system: Thornvale, smaller than Surrey Heartlands, with places, organisations and
people of its own (nobody is in both) and one programme, started from the template Common Ground
ships, so isolation is there to see: signed in as its lead, nothing of Surrey Heartlands shows.

Its programme runs on the demo's calendar (in its twelfth week, like the first) in three of the
template's four cohorts, as a system with three places would start it. The template's sessions
invite people as they join; the demo records those invitations as already sent, so seeding mails
nobody.
"""

from dataclasses import dataclass

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.blueprints import services
from commonground.blueprints.models import ProgrammeTemplate
from commonground.blueprints.shipped import KEY
from commonground.demo import scale
from commonground.demo.people import PeopleFactory
from commonground.demo.programme import (
    Built,
    build_participants,
    build_staff,
    build_system,
    demo_calendar,
)
from commonground.demo.sign_in import DEMO_TOTP_SECRET
from commonground.demo.sponsors import granted
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.cohorts import set_cohorts
from commonground.programmes.models import Cohort, Membership, ProgrammeStatus, Role
from commonground.schedule.models import NoticeKind, SentNotice, Session

COUNTY = scale.County(
    "Thornvale", (("Thornvale Market", 150_000), ("Ridgeway Vale", 120_000), ("Collingford", 110_000)),
    "Thornvale Leading Together",
)
SYSTEM_NAME = COUNTY.system_name
LEAD_SIGN_IN = "lead@thornvale.example"
SHARE = 8  # an eighth of the first programme's participants


@dataclass(frozen=True)
class SecondSystem:
    built: Built
    participants: list[tuple[Person, Cohort]]
    people: int


def seed_second_system(people: PeopleFactory, *, participants: int, lead_password: str) -> SecondSystem:
    """Thornvale, its programme from the shipped template, its participants and team (its lead signs in)."""
    skeleton = build_system(
        name=SYSTEM_NAME, short_name=COUNTY.name,
        data_controller=f"{scale.icb(COUNTY)} (fictional, for the demo)",
        privacy_contact="data.protection@thornvale-icb.example",
        places=COUNTY.places, organisations=scale.organisations(COUNTY),
    )
    template = ProgrammeTemplate.objects.get(key=KEY)
    choices = services.default_choices(template, skeleton.system)[: len(COUNTY.places)]
    starts_on, _ = demo_calendar(timezone.localdate())
    programme = services.start_programme(
        template, system=skeleton.system, title=COUNTY.programme, starts_on=starts_on, by=None,
        places=[services.CohortChoice(c.cohort, c.place, 40) for c in choices], open_applications=False,
    )
    programme.status = ProgrammeStatus.RUNNING
    programme.save(update_fields=["status"])
    cohorts = {c.place.name: c for c in Cohort.objects.filter(programme=programme).select_related("place") if c.place}
    built = Built(skeleton.system, skeleton.places, skeleton.orgs, skeleton.specs, skeleton.teams, programme, cohorts)
    rows = build_participants(built, people, participants=max(len(cohorts) * 4, participants // SHARE),
                              progress=None, sign_in=False)
    staff = build_staff(built, people, rows, staff_specs=scale.staff(COUNTY), sign_ins=False)
    lead = next(person for person, role in staff if role == Role.LEAD)
    lead.email, lead.password = LEAD_SIGN_IN, lead_password
    everyone = [p for p, _ in rows] + [p for p, _ in staff]
    Person.objects.bulk_create(everyone)
    record_new(
        (p, p.where.system_id, Work(organisation=p.where.organisation, team=p.where.team, place=p.where.place))
        for p in everyone
    )
    memberships = Membership.objects.bulk_create(
        [Membership(person=p, programme=programme, role=Role.PARTICIPANT) for p, _ in rows]
        + [Membership(person=p, programme=programme, role=r, organisation=granted(p, r)) for p, r in staff]
    )
    _invitations_already_sent(rows)
    # Its lead is staff, so signs in with a second factor: the demo's published key, like every demo sign-in.
    TOTP.activate(lead, DEMO_TOTP_SECRET)
    RecoveryCodes.activate(lead)
    set_cohorts(moves={m.pk: c.pk for m, (_, c) in zip(memberships, rows, strict=False)})
    return SecondSystem(built, rows, len(everyone))


def _invitations_already_sent(rows: list[tuple[Person, Cohort]]) -> None:
    """The invitation to each session of a person's cohort (and the whole programme's), as sent."""
    programme_id = rows[0][1].programme_id
    sessions = Session.objects.filter(programme_id=programme_id).prefetch_related("cohorts")
    notices = [
        SentNotice(session=session, person=person, kind=NoticeKind.INVITATION, key="")
        for session in sessions
        for person, cohort in rows
        if not session.cohorts.all() or any(c.pk == cohort.pk for c in session.cohorts.all())
    ]
    SentNotice.objects.bulk_create(notices, batch_size=2000)
