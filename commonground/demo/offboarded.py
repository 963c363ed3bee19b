"""A pilot system that has left Common Ground, so the site administrator's offboarding page has
its story: a small fictional system ran a pilot programme last year, and three weeks ago a site
administrator downloaded its export for its data controller and then deleted it.

It is seeded and offboarded through the real services (`offboarding.services.export_system`, then
`delete_system` with the system's name typed), so the two records are exactly what the page would
have left, and the pilot's people, who belong to no other system, are erased as on request. The
export file itself is not kept: in real life it went to the data controller. Only the records'
times are moved back three weeks afterwards.

The records name a site administrator: the demo's own one when the seed has made one (a staff
superuser with a demo address), otherwise `admin@demo.example`, made here with the demo password
and the staff's published authenticator key (see `sign_in.py`).
"""

import datetime as dt
import random

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.demo import scale
from commonground.demo.people import DEMO_PASSWORD, PeopleFactory
from commonground.demo.programme import (
    StaffSpec,
    add_programme,
    build_participants,
    build_staff,
    build_system,
)
from commonground.demo.sign_in import DEMO_TOTP_SECRET
from commonground.demo.sponsors import granted
from commonground.offboarding import services
from commonground.offboarding.models import OffboardingRecord, Via
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.cohorts import set_cohorts
from commonground.programmes.models import Cohort, Membership, Programme, ProgrammeStatus, Role

PILOT = scale.County(
    "Northfold", (("Northfold Town", 140_000), ("Ashby Marsh", 95_000)), "Northfold Leading Together pilot"
)
PILOT_PARTICIPANTS = 24
SITE_ADMIN = "admin@demo.example"
LEFT_AGO = dt.timedelta(days=21)
PILOT_LENGTH = dt.timedelta(weeks=26)


def site_administrator(demo_hash: str) -> Person:
    """The demo's site administrator: one the seed already made, else `SITE_ADMIN`."""
    found = (
        Person.objects.filter(is_superuser=True, is_staff=True, is_active=True, email__endswith="@demo.example")
        .order_by("pk").first()
    )
    if found is not None:
        return found
    admin, _ = Person.objects.get_or_create(
        email=SITE_ADMIN,
        defaults={"full_name": "Sasha Okafor", "job_title": "Common Ground site administrator", "password": demo_hash,
                  "is_staff": True, "is_superuser": True},
    )
    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(admin)
    return admin


def _pilot(people: PeopleFactory) -> Programme:
    """The pilot system with its programme, its cohorts and people, finished last year."""
    skeleton = build_system(
        name=PILOT.system_name, short_name=PILOT.name,
        data_controller=f"{scale.icb(PILOT)} (fictional, for the demo)",
        privacy_contact=f"data.protection@{PILOT.name.lower()}-icb.example",
        places=PILOT.places, organisations=scale.organisations(PILOT),
    )
    built = add_programme(skeleton, title=PILOT.programme, summary=scale.summary(PILOT.name),
                          participants=PILOT_PARTICIPANTS)
    participants = build_participants(built, people, participants=PILOT_PARTICIPANTS, progress=None, sign_in=False)
    team: tuple[StaffSpec, ...] = scale.staff(PILOT)[:2]
    staff = build_staff(built, people, participants, staff_specs=team, sign_ins=False)
    everyone = [person for person, _ in participants] + [person for person, _ in staff]
    Person.objects.bulk_create(everyone)
    record_new(
        (p, p.where.system_id, Work(organisation=p.where.organisation, team=p.where.team, place=p.where.place))
        for p in everyone
    )
    memberships = Membership.objects.bulk_create(
        [Membership(person=person, programme=built.programme, role=Role.PARTICIPANT) for person, _ in participants]
        + [Membership(person=person, programme=built.programme, role=role, organisation=granted(person, role))
           for person, role in staff]
    )
    set_cohorts(moves={m.pk: c.pk for m, (_, c) in zip(memberships, participants, strict=False)})
    ended = timezone.localdate() - dt.timedelta(days=300)
    Programme.objects.filter(pk=built.programme.pk).update(
        starts_on=ended - PILOT_LENGTH, ends_on=ended, status=ProgrammeStatus.COMPLETED
    )
    Cohort.objects.filter(programme=built.programme).update(starts_on=ended - PILOT_LENGTH, ends_on=ended)
    return built.programme


def seed_offboarded_demo(*, rng: random.Random, demo_hash: str | None = None) -> tuple[OffboardingRecord, ...]:
    """Seed the pilot system, export it and delete it through the offboarding services, as a site
    administrator would have three weeks ago; returns the export's and the deletion's records."""
    demo_hash = demo_hash or make_password(DEMO_PASSWORD)
    # A reset seeds the story again: the earlier telling's records go first.
    OffboardingRecord.objects.filter(system_name=PILOT.system_name).delete()
    admin = site_administrator(demo_hash)
    people = PeopleFactory(rng, demo_hash=demo_hash, now=timezone.now())
    system = _pilot(people).system
    made, exported = services.export_system(system=system, by=admin, via=Via.PAGE)
    made.file.close()  # the data controller's copy: nothing of it stays on this machine
    deleted = services.delete_system(system_id=system.pk, confirm=system.name, by=admin, via=Via.PAGE)
    left = timezone.now() - LEFT_AGO
    OffboardingRecord.objects.filter(pk=exported.pk).update(at=left)
    OffboardingRecord.objects.filter(pk=deleted.pk).update(at=left + dt.timedelta(minutes=12))
    return exported, deleted
