"""The demo's skeleton: its system, places, organisations and teams, the programme and its cohorts
on the demo's calendar, the participants dealt to the cohorts and the programme team (the funding is
`ledger.py`'s).
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from commonground.accounts.models import Person, Seniority
from commonground.demo.organisations import (
    COMMUNITY_ACTION,
    COMMUNITY_FOUNDATION,
    COUNTY_COUNCIL,
    COUNTY_PUBLIC_HEALTH,
    ETHNIC_FORUM,
    ICB,
    MENTAL_HEALTH_TRUST,
    NWS,
    ORGANISATIONS,
    PLACES,
    OrgSpec,
)
from commonground.demo.people import (
    BANDS,
    SECTOR_TITLES,
    TITLES,
    P,
    PeopleFactory,
    Weighted,
    sector_quota,
)
from commonground.programmes.models import (
    Cohort,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    System,
    Team,
)

DEMO_SYSTEM_NAME = "Surrey Heartlands Health and Care Partnership"
DEMO_PROGRAMME_TITLE = "Surrey Heartlands 500 — Collaborative Leadership Programme"
DEMO_SUMMARY = (
    "Frontline and middle leaders from the NHS, the county and borough councils, social care and the "
    "voluntary, community and faith sector learn to lead together across organisational boundaries. "
    "Each place runs a cohort of action learning sets, workshops and a local improvement project, "
    "with two system-wide events. Eight months, from launch to celebration."
)

PROGRESS_EVERY = 5000  # participants; smaller runs stay quiet
# The demo is always a programme in its twelfth week, whatever day it is seeded: its calendar
# counts from the demo's clock, so sessions held, open surveys and lapsing offers agree.
WEEKS_UNDER_WAY = 11
PROGRAMME_LENGTH = dt.timedelta(weeks=34, days=4)  # Monday to the Friday eight months on
SPRING_INTAKE_AFTER = dt.timedelta(weeks=17)

ProgressFn = Callable[[str], None]


@dataclass
class Skeleton:
    """A saved system with its places, organisations and teams, before any programme."""

    system: System
    places: dict[str, Place]
    orgs: dict[str, Organisation]
    specs: dict[str, OrgSpec]
    teams: dict[str, dict[str, Team]]  # organisation name -> team name -> team


@dataclass
class Built(Skeleton):
    """The saved skeleton with a programme and its place cohorts, that people are hung on."""

    programme: Programme
    cohorts: dict[str, Cohort]  # place name -> cohort


def build_structure(*, participants: int) -> Built:
    """The demo system and its first programme (the one the demo sign-ins take part in)."""
    skeleton = build_system(
        name=DEMO_SYSTEM_NAME,
        short_name="Surrey Heartlands",
        data_controller="Surrey Heartlands Integrated Care Board (fictional, for the demo)",
        privacy_contact="data.protection@demo.example",
        places=PLACES,
        organisations=ORGANISATIONS,
    )
    return add_programme(skeleton, title=DEMO_PROGRAMME_TITLE, summary=DEMO_SUMMARY, participants=participants,
                         spring_intake=True)


def build_system(
    *, name: str, short_name: str, data_controller: str, privacy_contact: str,
    places: tuple[tuple[str, int], ...], organisations: tuple[OrgSpec, ...],
) -> Skeleton:
    """A system with its places, organisations (each in its places, under its parent) and teams."""
    system = System.objects.create(
        name=name, short_name=short_name, data_controller=data_controller, privacy_contact=privacy_contact
    )
    saved_places = {
        place.name: place
        for place in Place.objects.bulk_create(
            [Place(system=system, name=place_name, population=population) for place_name, population in places]
        )
    }
    specs = {spec.name: spec for spec in organisations}
    orgs = {
        org.name: org
        for org in Organisation.objects.bulk_create(
            [Organisation(system=system, name=spec.name, sector=spec.sector) for spec in organisations]
        )
    }
    children = []
    for spec in organisations:
        if spec.parent:
            orgs[spec.name].parent = orgs[spec.parent]
            children.append(orgs[spec.name])
    Organisation.objects.bulk_update(children, ["parent"])
    Through = Organisation.places.through
    Through.objects.bulk_create(
        [
            Through(organisation_id=orgs[spec.name].pk, place_id=saved_places[place].pk)
            for spec in organisations
            for place in spec.places
        ]
    )
    teams: dict[str, dict[str, Team]] = {spec.name: {} for spec in organisations}
    for team in Team.objects.bulk_create(
        [Team(organisation=orgs[spec.name], name=team_name) for spec in organisations for team_name in spec.teams]
    ):
        teams[team.organisation.name][team.name] = team
    return Skeleton(system, saved_places, orgs, specs, teams)


def add_programme(
    skeleton: Skeleton, *, title: str, summary: str, participants: int, spring_intake: bool = False
) -> Built:
    """A running programme of the system on the demo's calendar, with a cohort for each place (and,
    in the demo's first programme, an empty second intake in the largest place)."""
    starts_on, ends_on = demo_calendar(timezone.localdate())
    programme = Programme.objects.create(
        system=skeleton.system,
        title=title,
        summary=summary,
        starts_on=starts_on,
        ends_on=ends_on,
        status=ProgrammeStatus.RUNNING,
        min_module_days_to_complete=5,  # of the six module days each cohort has
    )
    names = list(skeleton.places)
    cohorts = {}
    for index, name in enumerate(names):
        size = _cohort_size(participants, index, len(names))
        cohorts[name] = Cohort(
            programme=programme,
            name=f"{name} cohort",
            place=skeleton.places[name],
            capacity=max(10, -(-size // 10) * 10),  # the size rounded up to a tidy ten
            starts_on=starts_on + dt.timedelta(days=7 * index),  # places start a week apart
            ends_on=ends_on - dt.timedelta(days=7 * (len(names) - 1 - index)),
        )
    Cohort.objects.bulk_create(list(cohorts.values()))
    if spring_intake:
        # The largest place also opens a smaller second intake in the new year. Nobody is in it yet,
        # so leads can move people into it by hand from the placement page.
        Cohort.objects.create(
            programme=programme,
            name=f"{NWS} spring cohort",
            place=skeleton.places[NWS],
            capacity=30,
            starts_on=starts_on + SPRING_INTAKE_AFTER,
            ends_on=ends_on,
        )
    return Built(
        skeleton.system, skeleton.places, skeleton.orgs, skeleton.specs, skeleton.teams, programme, cohorts
    )


def demo_calendar(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo programme's first and last day: it began on the Monday eleven weeks before this week's."""
    starts_on = today - dt.timedelta(days=today.weekday(), weeks=WEEKS_UNDER_WAY)
    return starts_on, starts_on + PROGRAMME_LENGTH


def _cohort_size(participants: int, index: int, places: int) -> int:
    return participants // places + (1 if index < participants % places else 0)


def build_participants(
    built: Built, people: PeopleFactory, *, participants: int, progress: ProgressFn | None, sign_in: bool = True
) -> list[tuple[Person, Cohort]]:
    """The programme's participants, dealt to its place cohorts with the same mix of sectors in each;
    with `sign_in`, the first is the demo participant sign-in."""
    rng = people.rng
    place_names = list(built.places)
    # Organisations that take participants, per sector and place, weighted by size.
    choosers: dict[tuple[str, str], Weighted] = {}
    for sector in Sector.values:
        for place in place_names:
            pairs = [
                (spec.name, spec.weight)
                for spec in built.specs.values()
                if spec.sector == sector and place in spec.places and spec.weight > 0
            ]
            if pairs:
                choosers[(sector, place)] = Weighted(pairs)

    # Sectors in a fixed order, dealt round-robin to the places: every cohort gets the same mix.
    sectors = [sector for sector, count in sector_quota(participants).items() for _ in range(count)]
    rows: list[tuple[Person, Cohort]] = []
    for index, sector in enumerate(sectors):
        place_name = place_names[index % len(place_names)]
        org_name = choosers[(sector, place_name)].draw(rng)
        spec = built.specs[org_name]
        team = built.teams[org_name][rng.choice(spec.teams)]
        family = built.orgs[org_name].sector_family
        profession, seniority, title = people.role_in(sector, family)
        # The first participant (East Surrey, NHS acute) is the demo participant sign-in.
        email = "participant@demo.example" if index == 0 and sign_in else None
        person = people.person(
            org=built.orgs[org_name], domain=spec.domain, team=team, place=built.places[place_name],
            profession=profession, seniority=seniority, job_title=title, email=email,
        )
        rows.append((person, built.cohorts[place_name]))
        if progress and (index + 1) % PROGRESS_EVERY == 0:
            progress(f"  built {index + 1:,} of {participants:,} participants")
    return rows


@dataclass(frozen=True)
class StaffSpec:
    role: str
    org: str
    team: str
    profession: str
    seniority: str
    job_title: str
    email: str | None = None


STAFF: tuple[StaffSpec, ...] = (
    StaffSpec(Role.LEAD, ICB, "Organisational Development", P.MANAGER, Seniority.SENIOR_LEADER,
               "Head of Leadership and Organisational Development", "lead@demo.example"),
    StaffSpec(Role.FACILITATOR, ICB, "Organisational Development", P.OTHER, Seniority.SERVICE_MANAGER,
               "Senior Organisational Development Consultant", "facilitator@demo.example"),
    StaffSpec(Role.FACILITATOR, ICB, "Organisational Development", P.OTHER, Seniority.TEAM_LEADER,
               "Organisational Development Practitioner"),
    StaffSpec(Role.FACILITATOR, MENTAL_HEALTH_TRUST, "Organisational Development", P.ALLIED_HEALTH,
               Seniority.SERVICE_MANAGER, "Leadership Development Facilitator"),
    StaffSpec(Role.FACILITATOR, COUNTY_COUNCIL, "Workforce and Organisational Development", P.MANAGER,
               Seniority.SERVICE_MANAGER, "Workforce Development Lead"),
    StaffSpec(Role.FACILITATOR, COMMUNITY_ACTION, "Community Development", P.COMMUNITY_WORKER,
               Seniority.SERVICE_MANAGER, "Community Development Manager"),
    StaffSpec(Role.FACILITATOR, ETHNIC_FORUM, "Community Engagement", P.COMMUNITY_WORKER,
               Seniority.TEAM_LEADER, "Community Engagement Lead"),
    # Funders' representatives, one per funding body below; the first is the demo funder sign-in.
    StaffSpec(Role.FUNDER, ICB, "Workforce and Training", P.DIRECTOR, Seniority.DIRECTOR,
               "Chief People Officer", "funder@demo.example"),
    StaffSpec(Role.FUNDER, COUNTY_PUBLIC_HEALTH, "Health Improvement", P.PUBLIC_HEALTH, Seniority.DIRECTOR,
               "Director of Public Health"),
    StaffSpec(Role.FUNDER, COMMUNITY_FOUNDATION, "Grants Team", P.MANAGER, Seniority.SERVICE_MANAGER,
               "Grants Manager"),
    StaffSpec(Role.FUNDER, MENTAL_HEALTH_TRUST, "Organisational Development", P.MANAGER,
               Seniority.SENIOR_LEADER, "Head of Organisational Development"),
)

def build_staff(
    built: Built, people: PeopleFactory, participant_rows: list[tuple[Person, Cohort]], *,
    staff_specs: tuple[StaffSpec, ...] = STAFF, sign_ins: bool = True,
) -> list[tuple[Person, str]]:
    """The programme team from `staff_specs`, then sponsors; with `sign_ins`, the demo sign-ins among them."""
    rng = people.rng
    rows: list[tuple[Person, str]] = []
    for staff in staff_specs:
        spec = built.specs[staff.org]
        rows.append((
            people.person(
                org=built.orgs[staff.org], domain=spec.domain, team=built.teams[staff.org][staff.team],
                place=built.places[rng.choice(spec.places)], profession=staff.profession,
                seniority=staff.seniority, job_title=staff.job_title, email=staff.email if sign_ins else None,
            ),
            staff.role,
        ))
    # Sponsors are line managers in the organisations sending the most participants, one each; the
    # demo sponsor sign-in sits in the organisation with the most.
    sending = Counter(person.where.organisation.name for person, _ in participant_rows)
    ranked = sorted(sending, key=lambda name: (-sending[name], name))
    wanted = min(len(ranked), max(3, round(len(participant_rows) / 20)))
    for rank, org_name in enumerate(ranked[:wanted]):
        spec = built.specs[org_name]
        seniority = rng.choice([Seniority.SERVICE_MANAGER, Seniority.SENIOR_LEADER])
        profession = people.professions[spec.sector].draw(rng)
        titles = SECTOR_TITLES.get((spec.sector, profession)) or TITLES[profession]
        rows.append((
            people.person(
                org=built.orgs[org_name], domain=spec.domain,
                team=built.teams[org_name][rng.choice(spec.teams)],
                place=built.places[rng.choice(spec.places)], profession=profession, seniority=seniority,
                job_title=titles[BANDS.index(seniority)],
                email="sponsor@demo.example" if rank == 0 and sign_ins else None,
            ),
            Role.SPONSOR,
        ))
    return rows
