"""The demo at scale (`seed_demo --programmes N --systems M`): more running programmes in the demo
system, and more, smaller systems, each with its own places, organisations and one programme, so
a load test meets several programmes and systems as a real deployment does.

All of it is fictional: the counties, places and organisations below are invented (any likeness
to a real name is chance), and their people come from the same factory as the first programme's,
so every email stays distinct. The demo sign-ins stay in the first programme. A further programme
carries what people use week by week (the relationship survey, self-assessments and check-ins,
learning sets, sessions with replies and registers, feedback, consents and the published
figures), not the first programme's showpieces (recruitment, funding, mentoring, alumni, the API,
the audit trail's story, report packs).
"""

import re
from dataclasses import dataclass

from commonground.accounts.models import Profession, Seniority
from commonground.demo.organisations import OrgSpec
from commonground.demo.programme import DEMO_SYSTEM_NAME, STAFF, StaffSpec
from commonground.programmes.models import Role, Sector

# Further programmes in the demo system, in the order they are added.
DEMO_SYSTEM_PROGRAMMES: tuple[str, ...] = (
    "Surrey Heartlands Frontline Leaders Programme",
    "Surrey Heartlands Place Leadership Fellowship",
    "Surrey Heartlands Community Leaders Programme",
    "Surrey Heartlands Clinical and Care Leaders Programme",
    "Surrey Heartlands Emerging Leaders Programme",
    "Surrey Heartlands Health Inequalities Leadership Programme",
    "Surrey Heartlands Neighbourhood Teams Programme",
    "Surrey Heartlands Senior Leaders Network",
    "Surrey Heartlands Digital and Data Leaders Programme",
)
MAX_PROGRAMMES = 1 + len(DEMO_SYSTEM_PROGRAMMES)


@dataclass(frozen=True)
class County:
    """A further system: its county, three places (with populations) and its programme's title."""

    name: str
    places: tuple[tuple[str, int], ...]
    programme: str

    @property
    def system_name(self) -> str:
        return f"{self.name} Health and Care Partnership"


COUNTIES: tuple[County, ...] = (
    County("Eastmere", (("Kingsmere", 210_000), ("Saltfleet Vale", 180_000), ("Ormsby Downs", 160_000)),
           "Eastmere Leading Together Programme"),
    County("Wealdmoor", (("Ashcombe", 190_000), ("Brackenford", 170_000), ("Thornleigh", 150_000)),
           "Wealdmoor Collaborative Leaders Programme"),
    County("Harrowdale", (("Harrow Bridge", 220_000), ("Millbeck", 140_000), ("Stonegate", 160_000)),
           "Harrowdale System Leadership Programme"),
    County("Calderwick", (("Calder Vale", 200_000), ("Fenmoor", 130_000), ("Highcross Green", 170_000)),
           "Calderwick Partners in Leadership"),
    County("Ravensholme", (("Ravensholme Town", 230_000), ("Lowther Fields", 150_000), ("Greystead", 120_000)),
           "Ravensholme Leaders Across Boundaries"),
    County("Southmoor", (("Brampton Cross", 180_000), ("Kestrel Bay", 140_000), ("Dunmere", 160_000)),
           "Southmoor Community Leadership Programme"),
    County("Westbarrow", (("Barrow Heath", 170_000), ("Oakhollow", 150_000), ("Larkhaven", 130_000)),
           "Westbarrow Shared Leadership Programme"),
    County("Glenmoor", (("Glen Ashby", 160_000), ("Corrie Vale", 140_000), ("Stanmoor", 150_000)),
           "Glenmoor Leading Change Together"),
    County("Brightwater", (("Brightwater Quay", 200_000), ("Elmsted", 150_000), ("Hollin Cross", 140_000)),
           "Brightwater Integrated Leadership Programme"),
)
MAX_SYSTEMS = 1 + len(COUNTIES)
# Every system the demo may create: a reset removes them all, whatever options made them.
DEMO_SYSTEM_NAMES: tuple[str, ...] = (DEMO_SYSTEM_NAME, *(county.system_name for county in COUNTIES))


def summary(system_short_name: str) -> str:
    return (
        f"Leaders from the NHS, councils, social care and the voluntary, community and faith sector across "
        f"{system_short_name} learn to lead together: action learning sets, module days and a local project "
        "in each place's cohort. Eight months, from launch to celebration."
    )


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def icb(county: County) -> str:
    return f"{county.name} Integrated Care Board"


def _mental_health(county: County) -> str:
    return f"{county.name} Mental Health NHS Foundation Trust"


def _community_action(county: County) -> str:
    return f"{county.name} Community Action"


def organisations(county: County) -> tuple[OrgSpec, ...]:
    """About twenty-five organisations: county-wide services in every sector, and in each place a
    hospital trust, a primary care network, a borough council and a voluntary action council."""
    everywhere = tuple(name for name, _ in county.places)
    c = county.name

    def wide(name: str, sector: str, teams: tuple[str, ...], weight: int = 1) -> OrgSpec:
        return OrgSpec(name, sector, everywhere, _slug(name), teams, weight=weight)

    specs = [
        wide(icb(county), Sector.OTHER, ("Organisational Development", "Place Partnership Team",
                                         "Workforce and Training"), weight=0),
        wide(_mental_health(county), Sector.MENTAL_HEALTH, (
            "Community Mental Health Team", "Crisis Resolution and Home Treatment", "Talking Therapies",
            "Organisational Development")),
        wide(f"{c} Community Health Services", Sector.COMMUNITY_HEALTH, (
            "District Nursing", "Rapid Response", "Community Therapies")),
        wide(f"{c} Ambulance Service NHS Trust", Sector.AMBULANCE, (
            "999 Frontline Crews", "Emergency Operations Centre", "Urgent Community Response")),
        wide(f"{c} County Council Adult Social Care", Sector.ADULT_SOCIAL_CARE, (
            "Locality Social Work", "Reablement Service", "Safeguarding Adults Hub")),
        wide(f"{c} County Council Children's Services", Sector.CHILDRENS_SERVICES, (
            "Family Safeguarding", "Early Help", "Children in Care")),
        wide(f"{c} County Council Public Health", Sector.PUBLIC_HEALTH, ("Health Improvement", "Health Protection")),
        wide(f"{c} Homes Housing Association", Sector.HOUSING, ("Tenancy Sustainment", "Supported Housing")),
        wide(_community_action(county), Sector.VOLUNTARY_COMMUNITY, (
            "Volunteering Hub", "Community Development", "Funding Advice"), weight=3),
        wide(f"{c} Faith Network", Sector.FAITH, ("Food Bank", "Pastoral Care", "Community Kitchen")),
        wide(f"{c} Police", Sector.POLICE, ("Neighbourhood Policing", "Mental Health Liaison",
                                            "Partnerships and Prevention")),
        wide(f"{c} Fire and Rescue Service", Sector.FIRE, ("Community Safety and Prevention", "Operational Response")),
        wide(f"{c} College", Sector.EDUCATION, ("Health and Social Care Faculty", "Student Support")),
    ]
    for place, _ in county.places:
        here = (place,)
        specs += [
            OrgSpec(f"{place} Hospitals NHS Trust", Sector.NHS_ACUTE, here, _slug(f"{place} hospitals"), (
                "Emergency Department", "Acute Medicine", "Discharge and Patient Flow", "Therapies")),
            OrgSpec(f"{place} Primary Care Network", Sector.PRIMARY_CARE, here, _slug(f"{place} pcn"), (
                f"{place} Medical Centre", f"{place} Health Centre", "PCN Additional Roles Team")),
            OrgSpec(f"{place} Borough Council", Sector.DISTRICT_COUNCIL, here, _slug(f"{place} council"), (
                "Housing Options", "Community Safety", "Leisure and Wellbeing"), weight=2),
            OrgSpec(f"Voluntary Action {place}", Sector.VOLUNTARY_COMMUNITY, here, _slug(f"va {place}"), (
                "Volunteer Centre", "Social Prescribing Link Workers"), weight=3),
        ]
    return tuple(specs)


def staff(county: County) -> tuple[StaffSpec, ...]:
    """The programme team of a further system: a lead and three facilitators (none a demo sign-in)."""
    return (
        StaffSpec(Role.LEAD, icb(county), "Organisational Development", Profession.MANAGER,
                  Seniority.SENIOR_LEADER, "Head of Leadership and Organisational Development"),
        StaffSpec(Role.FACILITATOR, icb(county), "Organisational Development", Profession.OTHER,
                  Seniority.SERVICE_MANAGER, "Organisational Development Consultant"),
        StaffSpec(Role.FACILITATOR, _mental_health(county), "Organisational Development", Profession.ALLIED_HEALTH,
                  Seniority.SERVICE_MANAGER, "Leadership Development Facilitator"),
        StaffSpec(Role.FACILITATOR, _community_action(county), "Community Development", Profession.COMMUNITY_WORKER,
                  Seniority.SERVICE_MANAGER, "Community Development Manager"),
    )


# A further programme in the demo system has the first programme's team of facilitators (other
# people in the same posts) but no funders: funding is the first programme's alone.
DEMO_SYSTEM_STAFF: tuple[StaffSpec, ...] = tuple(spec for spec in STAFF if spec.role != Role.FUNDER)
