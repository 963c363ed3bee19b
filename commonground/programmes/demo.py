"""Deterministic, fictional demo data: one system, four places, about sixty partner organisations
and one programme with four place cohorts, at any size (400 participants by default).

Everything is drawn from one `random.Random(seed)` in a fixed order and never from database ids,
so the same seed always gives the same names, emails and assignments. Rows are built in memory
once and written with `bulk_create`, so 20,000 participants take seconds, not minutes.

Places and organisation types are public; every person is fictional, and organisations whose
real name would attach fictional people to a real employer have plausible generic names.
"""

import datetime as dt
import itertools
import random
import secrets
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, make_password
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes.cohorts import set_cohorts
from commonground.programmes.demo_sponsors import granted, seed_sponsor_demo
from commonground.programmes.models import (
    Cohort,
    Contribution,
    ContributionKind,
    Funder,
    Membership,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    SectorFamily,
    System,
    Team,
)

DEMO_SYSTEM_NAME = "Surrey Heartlands Health and Care Partnership"
DEMO_PROGRAMME_TITLE = "Surrey Heartlands 500 — Collaborative Leadership Programme"
DEMO_PASSWORD = "demo"
DEFAULT_PARTICIPANTS = 400
DEFAULT_SEED = 500
MINIMUM_PARTICIPANTS = 4  # one per place cohort

# The demo sign-ins, in the order they are listed. They exist only in demo data.
SIGN_INS: dict[str, str] = {
    "lead@demo.example": Role.LEAD,
    "facilitator@demo.example": Role.FACILITATOR,
    "participant@demo.example": Role.PARTICIPANT,
    "sponsor@demo.example": Role.SPONSOR,
    "funder@demo.example": Role.FUNDER,
}

BATCH_SIZE = 2000
PROGRESS_EVERY = 5000  # participants; smaller runs stay quiet
# The demo is always a programme in its twelfth week, whatever day it is seeded: its calendar
# counts from the demo's clock, so sessions held, open surveys and lapsing offers agree.
WEEKS_UNDER_WAY = 11
PROGRAMME_LENGTH = dt.timedelta(weeks=34, days=4)  # Monday to the Friday eight months on
SPRING_INTAKE_AFTER = dt.timedelta(weeks=17)

ProgressFn = Callable[[str], None]


class DemoDataExists(Exception):
    """Demo data is already in the database and a reset was not asked for."""


@dataclass(frozen=True)
class DemoSummary:
    """What one seeding run created, and how long it took."""

    places: int
    organisations: int
    teams: int
    cohorts: int
    participants: int
    people: int
    memberships: int
    funders: int
    contributions: int
    seconds: float

    def describe(self) -> str:
        return (
            f"Seeded the demo programme in {self.seconds:.1f} s: {self.places} places, "
            f"{self.organisations} organisations, {self.teams} teams, {self.cohorts} cohorts, "
            f"{self.participants:,} participants, {self.people:,} people, {self.memberships:,} memberships, "
            f"{self.funders} funders, {self.contributions} contributions."
        )


# --- Places and organisations ------------------------------------------------------------------

ES, GW, NWS, SD = "East Surrey", "Guildford & Waverley", "North West Surrey", "Surrey Downs"
PLACES: tuple[tuple[str, int], ...] = ((ES, 255_000), (GW, 280_000), (NWS, 300_000), (SD, 290_000))
ALL = (ES, GW, NWS, SD)


@dataclass(frozen=True)
class OrgSpec:
    name: str
    sector: str
    places: tuple[str, ...]
    domain: str
    teams: tuple[str, ...]
    weight: int = 1  # relative share of its sector's participants in a place; 0 = staff only
    parent: str | None = None


def _acute(name: str, place: str, domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.NHS_ACUTE, (place,), domain, teams)


def _pcn(name: str, place: str, domain: str, practices: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.PRIMARY_CARE, (place,), domain, (*practices, "PCN Additional Roles Team"))


def _council(name: str, places: tuple[str, ...], domain: str, weight: int) -> OrgSpec:
    teams = ("Housing Options", "Homelessness Prevention", "Community Safety", "Leisure and Wellbeing",
             "Environmental Health", "Community Services")
    return OrgSpec(name, Sector.DISTRICT_COUNCIL, places, domain, teams[: 3 + weight], weight=weight)


def _charity(name: str, place: str, domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.VOLUNTARY_COMMUNITY, (place,), domain, teams)


def _faith(name: str, places: tuple[str, ...], domain: str, teams: tuple[str, ...]) -> OrgSpec:
    return OrgSpec(name, Sector.FAITH, places, domain, teams)


ICB = "Surrey Heartlands Integrated Care Board"
MENTAL_HEALTH_TRUST = "Surrey Mental Health Partnership NHS Foundation Trust"
COUNTY_COUNCIL = "Surrey County Council"
COMMUNITY_ACTION = "Heartlands Community Action"
ETHNIC_FORUM = "Heartlands Minority Ethnic Forum"
COMMUNITY_FOUNDATION = "Heartlands Community Foundation"
COUNTY_PUBLIC_HEALTH = "Surrey County Council Public Health"

ORGANISATIONS: tuple[OrgSpec, ...] = (
    # NHS acute: one main hospital trust per place.
    _acute("East Surrey Hospitals NHS Trust", ES, "esh-nhs", (
        "Emergency Department", "Acute Medical Unit", "General Surgery", "Maternity", "Children's Ward",
        "Discharge and Patient Flow", "Therapies", "Frailty Unit")),
    _acute("Guildford and Waverley Hospitals NHS Foundation Trust", GW, "gwh-nhs", (
        "Emergency Department", "Acute Medicine", "Orthopaedics", "Cancer Services", "Maternity",
        "Discharge Hub", "Critical Care")),
    _acute("North West Surrey Hospitals NHS Foundation Trust", NWS, "nwsh-nhs", (
        "Emergency Department", "Elderly Care", "Surgery", "Maternity", "Paediatrics",
        "Integrated Discharge Team")),
    _acute("Surrey Downs Hospitals NHS Trust", SD, "sdh-nhs", (
        "Emergency Department", "Acute Medicine", "Renal Services", "Women's Health", "Therapies",
        "Hospital Discharge Team", "Outpatients")),
    # Mental health and ambulance: county-wide.
    OrgSpec(MENTAL_HEALTH_TRUST, Sector.MENTAL_HEALTH, ALL, "smhp-nhs", (
        "Community Mental Health Team", "Crisis Resolution and Home Treatment",
        "Early Intervention in Psychosis", "Older People's Mental Health",
        "Children and Young People's Mental Health", "Talking Therapies", "Learning Disability Services",
        "Organisational Development")),
    OrgSpec("South East Ambulance Service NHS Foundation Trust", Sector.AMBULANCE, ALL, "seas-nhs", (
        "Emergency Operations Centre", "999 Frontline Crews", "NHS 111 Clinical Assessment",
        "Urgent Community Response", "Community First Responders")),
    # Community health providers: one per place.
    OrgSpec("East Surrey Community Health and Care", Sector.COMMUNITY_HEALTH, (ES,), "eschc", (
        "District Nursing", "Rapid Response", "Community Therapies", "Community Hospital Ward",
        "Health Visiting")),
    OrgSpec("Guildford and Waverley Community Services", Sector.COMMUNITY_HEALTH, (GW,), "gwcs", (
        "District Nursing", "Community Therapies", "Rapid Response", "Diabetes Service")),
    OrgSpec("North West Surrey Community Health", Sector.COMMUNITY_HEALTH, (NWS,), "nwsch", (
        "District Nursing", "Rapid Response", "Community Therapies", "Children's Community Nursing",
        "Falls Service", "Tissue Viability")),
    OrgSpec("Surrey Downs Community Health Partnership", Sector.COMMUNITY_HEALTH, (SD,), "sdchp", (
        "District Nursing", "Virtual Ward", "Community Therapies", "Health Visiting", "School Nursing")),
    # Primary care: two networks per place; their teams are (fictional) GP practices.
    _pcn("Redhill and Reigate Primary Care Network", ES, "rrpcn", (
        "Redhill Medical Centre", "Reigate Town Surgery", "Merstham Health Centre", "Earlswood Family Practice")),
    _pcn("Tandridge Primary Care Network", ES, "tandridgepcn", (
        "Oxted Health Centre", "Caterham Valley Surgery", "Lingfield Village Practice")),
    _pcn("Guildford Town Primary Care Network", GW, "guildfordpcn", (
        "Guildford Central Surgery", "Stoughton Road Practice", "Merrow Health Centre", "Burpham Family Practice")),
    _pcn("Waverley Villages Primary Care Network", GW, "waverleypcn", (
        "Farnham Health Centre", "Godalming Medical Practice", "Haslemere Surgery", "Cranleigh Village Practice",
        "Milford Surgery")),
    _pcn("Woking Primary Care Network", NWS, "wokingpcn", (
        "Woking Town Surgery", "Goldsworth Park Health Centre", "Knaphill Practice", "Sheerwater Family Practice")),
    _pcn("Runnymede and Spelthorne Primary Care Network", NWS, "rspcn", (
        "Staines Health Centre", "Addlestone Surgery", "Chertsey Medical Practice", "Ashford Town Practice",
        "Egham Surgery", "Sunbury Health Centre")),
    _pcn("Epsom and Ewell Primary Care Network", SD, "eepcn", (
        "Epsom Town Surgery", "Ewell Village Practice", "Stoneleigh Health Centre")),
    _pcn("Mole Valley Primary Care Network", SD, "mvpcn", (
        "Dorking Medical Practice", "Leatherhead Health Centre", "Ashtead Surgery", "Bookham Family Practice")),
    # The county council. The Sector list has no "county council", so the parent body is filed under
    # adult social care (its largest statutory duty) and takes no participants itself: people join
    # through its directorates, which carry the right sector.
    OrgSpec(COUNTY_COUNCIL, Sector.ADULT_SOCIAL_CARE, ALL, "surreycc", (
        "Communities and Prevention", "Workforce and Organisational Development", "Customer Services"), weight=0),
    OrgSpec("Surrey County Council Adult Social Care", Sector.ADULT_SOCIAL_CARE, ALL, "surreycc-asc", (
        "Locality Team East Surrey", "Locality Team Guildford and Waverley", "Locality Team North West Surrey",
        "Locality Team Surrey Downs", "Hospital Discharge Social Work", "Reablement Service",
        "Safeguarding Adults Hub", "Carers Support"), parent=COUNTY_COUNCIL),
    OrgSpec("Surrey County Council Children's Services", Sector.CHILDRENS_SERVICES, ALL, "surreycc-cs", (
        "Family Safeguarding", "Children in Care", "Early Help", "Children with Disabilities", "Youth Justice",
        "Fostering"), parent=COUNTY_COUNCIL),
    OrgSpec(COUNTY_PUBLIC_HEALTH, Sector.PUBLIC_HEALTH, ALL, "surreycc-ph", (
        "Health Improvement", "Health Protection", "Public Health Intelligence", "Healthy Communities"),
        parent=COUNTY_COUNCIL),
    # District and borough councils in the four places (Elmbridge straddles two).
    _council("Reigate and Banstead Borough Council", (ES,), "reigate-banstead", 3),
    _council("Tandridge District Council", (ES,), "tandridge", 2),
    _council("Guildford Borough Council", (GW,), "guildford", 3),
    _council("Waverley Borough Council", (GW,), "waverley", 3),
    _council("Woking Borough Council", (NWS,), "woking", 3),
    _council("Runnymede Borough Council", (NWS,), "runnymede", 2),
    _council("Spelthorne Borough Council", (NWS,), "spelthorne", 2),
    _council("Elmbridge Borough Council", (NWS, SD), "elmbridge", 3),
    _council("Epsom and Ewell Borough Council", (SD,), "epsom-ewell", 2),
    _council("Mole Valley District Council", (SD,), "molevalley", 2),
    OrgSpec("Heartlands Homes Housing Association", Sector.HOUSING, (ES, SD), "heartlandshomes", (
        "Tenancy Sustainment", "Supported Housing", "Neighbourhood Services")),
    OrgSpec("Wey Valley Housing Trust", Sector.HOUSING, (GW, NWS), "weyvalleyhousing", (
        "Tenancy Support", "Older People's Housing", "Repairs and Neighbourhoods")),
    # Voluntary and community sector: county-wide umbrella bodies, local voluntary action councils,
    # Healthwatch and small charities.
    OrgSpec(COMMUNITY_ACTION, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-ca", (
        "Volunteering Hub", "Community Development", "Funding Advice"), weight=3),
    OrgSpec(ETHNIC_FORUM, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-mef", (
        "Community Engagement", "Health Inequalities Project", "Interpreting Network"), weight=2),
    OrgSpec("Heartlands Youth Focus", Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-youth", (
        "Youth Voice", "Youth Work Development", "Young People's Wellbeing"), weight=2),
    OrgSpec(COMMUNITY_FOUNDATION, Sector.VOLUNTARY_COMMUNITY, ALL, "heartlands-cf", (
        "Grants Team", "Philanthropy and Partnerships")),
    OrgSpec("Healthwatch Surrey", Sector.VOLUNTARY_COMMUNITY, ALL, "healthwatch-surrey", (
        "Engagement", "Information and Signposting", "Research and Insight"), weight=2),
    OrgSpec("Voluntary Action East Surrey", Sector.VOLUNTARY_COMMUNITY, (ES,), "va-eastsurrey", (
        "Volunteer Centre", "Community Transport", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action Guildford and Waverley", Sector.VOLUNTARY_COMMUNITY, (GW,), "va-gw", (
        "Volunteer Centre", "Befriending", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action North West Surrey", Sector.VOLUNTARY_COMMUNITY, (NWS,), "va-nws", (
        "Volunteer Centre", "Social Prescribing Link Workers", "Charity Support"), weight=3),
    OrgSpec("Voluntary Action Surrey Downs", Sector.VOLUNTARY_COMMUNITY, (SD,), "va-surreydowns", (
        "Volunteer Centre", "Social Prescribing Link Workers", "Community Transport"), weight=3),
    _charity("Redhill Carers' Network", ES, "redhillcarers", ("Carers Support", "Young Carers")),
    _charity("Tandridge Food Bank", ES, "tandridgefoodbank", ("Warehouse and Distribution", "Volunteers")),
    _charity("Farnham Men's Shed", GW, "farnhamshed", ("Workshop", "Outreach")),
    _charity("Godalming Dementia Friends", GW, "godalmingdementia", ("Memory Cafés", "Family Support")),
    _charity("Woking Refugee Welcome", NWS, "wokingrefugees", ("Resettlement Support", "English Classes", "Volunteers")),
    _charity("Spelthorne Domestic Abuse Support", NWS, "spelthorne-das", ("Outreach", "Refuge", "Children's Support")),
    _charity("Staines Young Carers", NWS, "stainesyoungcarers", ("Young Carers Support", "Schools Outreach")),
    _charity("Epsom Befriending Scheme", SD, "epsombefriending", ("Befriending", "Volunteers")),
    _charity("Mole Valley Community Transport", SD, "mvtransport", ("Drivers", "Bookings and Dispatch")),
    _charity("Leatherhead Wellbeing Hub", SD, "leatherheadwellbeing", ("Peer Support", "Social Prescribing Activities")),
    # Faith groups.
    _faith("East Surrey Churches Together", (ES,), "esct", ("Food Bank", "Night Shelter", "Pastoral Care")),
    _faith("Guildford Interfaith Forum", (GW,), "guildfordinterfaith", ("Interfaith Dialogue", "Community Kitchen")),
    _faith("Woking Muslim Community Outreach", (NWS,), "wokingmco", ("Youth Programme", "Welfare Support", "Community Kitchen")),
    _faith("Staines Gurdwara Seva Project", (NWS,), "stainesseva", ("Langar Kitchen", "Community Health Outreach")),
    _faith("Surrey Downs Churches Together", (SD,), "sdct", ("Food Bank", "Debt Advice", "Pastoral Care")),
    # Other public services.
    OrgSpec("Surrey Police", Sector.POLICE, ALL, "surreypolice", (
        "Neighbourhood Policing East", "Neighbourhood Policing West", "Mental Health Liaison",
        "Safeguarding Investigation Unit", "Partnerships and Prevention")),
    OrgSpec("Surrey Fire and Rescue Service", Sector.FIRE, ALL, "surreyfire", (
        "Community Safety and Prevention", "Safe and Well Visits", "Operational Response")),
    OrgSpec("Heartlands College", Sector.EDUCATION, (ES, SD), "heartlandscollege", (
        "Health and Social Care Faculty", "Student Support", "Apprenticeships")),
    OrgSpec("Wey Valley Schools Partnership", Sector.EDUCATION, (GW, NWS), "weyvalleyschools", (
        "Special Educational Needs", "Pastoral Care", "School Leadership")),
    # The integrated care board is NHS, but no Sector fits a commissioner; it hosts the programme
    # team and takes no participants.
    OrgSpec(ICB, Sector.OTHER, ALL, "surreyheartlands-icb", (
        "Organisational Development", "Place Partnership Team", "Population Health Management",
        "Workforce and Training"), weight=0),
)

# --- The participant mix -------------------------------------------------------------------------

# Percent of participants per family, then each sector's share inside its family (domain.md).
FAMILY_SHARE: dict[str, int] = {
    SectorFamily.NHS: 50, SectorFamily.COUNCIL: 25, SectorFamily.VCFS: 20, SectorFamily.OTHER_PUBLIC: 5,
}
SECTOR_SHARE: dict[str, dict[str, int]] = {
    SectorFamily.NHS: {
        Sector.NHS_ACUTE: 20, Sector.COMMUNITY_HEALTH: 8, Sector.MENTAL_HEALTH: 8, Sector.PRIMARY_CARE: 10,
        Sector.AMBULANCE: 4,
    },
    SectorFamily.COUNCIL: {
        Sector.ADULT_SOCIAL_CARE: 8, Sector.CHILDRENS_SERVICES: 5, Sector.PUBLIC_HEALTH: 2,
        Sector.DISTRICT_COUNCIL: 7, Sector.HOUSING: 3,
    },
    SectorFamily.VCFS: {Sector.VOLUNTARY_COMMUNITY: 15, Sector.FAITH: 5},
    SectorFamily.OTHER_PUBLIC: {Sector.POLICE: 2, Sector.FIRE: 1, Sector.EDUCATION: 2},
}

P = Profession
PROFESSIONS_BY_SECTOR: dict[str, dict[str, int]] = {
    Sector.NHS_ACUTE: {P.NURSE: 35, P.DOCTOR: 15, P.ALLIED_HEALTH: 15, P.PHARMACIST: 5, P.MANAGER: 15,
                       P.CARE_WORKER: 7, P.OTHER: 8},
    Sector.COMMUNITY_HEALTH: {P.NURSE: 40, P.ALLIED_HEALTH: 30, P.MANAGER: 15, P.CARE_WORKER: 10, P.PHARMACIST: 5},
    Sector.MENTAL_HEALTH: {P.NURSE: 35, P.DOCTOR: 10, P.ALLIED_HEALTH: 12, P.SOCIAL_WORKER: 15, P.MANAGER: 15,
                           P.OTHER: 13},
    Sector.PRIMARY_CARE: {P.GP: 35, P.NURSE: 25, P.PHARMACIST: 10, P.ALLIED_HEALTH: 10, P.MANAGER: 20},
    Sector.AMBULANCE: {P.PARAMEDIC: 65, P.MANAGER: 20, P.OTHER: 15},
    Sector.ADULT_SOCIAL_CARE: {P.SOCIAL_WORKER: 45, P.CARE_WORKER: 15, P.ALLIED_HEALTH: 10, P.MANAGER: 20,
                               P.COMMISSIONER: 10},
    Sector.CHILDRENS_SERVICES: {P.SOCIAL_WORKER: 55, P.MANAGER: 20, P.OTHER: 15, P.COMMISSIONER: 10},
    Sector.PUBLIC_HEALTH: {P.PUBLIC_HEALTH: 70, P.COMMISSIONER: 15, P.MANAGER: 15},
    Sector.DISTRICT_COUNCIL: {P.HOUSING_OFFICER: 30, P.COMMUNITY_SAFETY: 20, P.MANAGER: 25, P.COMMUNITY_WORKER: 15,
                              P.OTHER: 10},
    Sector.HOUSING: {P.HOUSING_OFFICER: 60, P.MANAGER: 25, P.COMMUNITY_WORKER: 15},
    Sector.VOLUNTARY_COMMUNITY: {P.VOLUNTEER_COORDINATOR: 30, P.COMMUNITY_WORKER: 30, P.MANAGER: 25,
                                 P.CARE_WORKER: 5, P.OTHER: 10},
    Sector.FAITH: {P.FAITH_LEADER: 45, P.VOLUNTEER_COORDINATOR: 25, P.COMMUNITY_WORKER: 30},
    Sector.POLICE: {P.POLICE_OFFICER: 75, P.COMMUNITY_SAFETY: 10, P.MANAGER: 15},
    Sector.FIRE: {P.FIREFIGHTER: 75, P.COMMUNITY_SAFETY: 15, P.MANAGER: 10},
    Sector.EDUCATION: {P.TEACHER: 70, P.MANAGER: 20, P.OTHER: 10},
    Sector.OTHER: {P.MANAGER: 50, P.COMMISSIONER: 30, P.OTHER: 20},
}

SENIORITY_WEIGHTS: dict[str, int] = {
    Seniority.FRONTLINE: 30, Seniority.TEAM_LEADER: 30, Seniority.SERVICE_MANAGER: 22,
    Seniority.SENIOR_LEADER: 13, Seniority.DIRECTOR: 5,
}
BANDS = list(SENIORITY_WEIGHTS)  # job titles below are indexed by this order

# Job titles by profession, one per seniority band (frontline … director).
TITLES: dict[str, tuple[str, str, str, str, str]] = {
    P.NURSE: ("Staff Nurse", "Ward Sister", "Matron", "Head of Nursing", "Chief Nurse"),
    P.DOCTOR: ("Resident Doctor", "Specialty Doctor", "Consultant", "Clinical Director", "Medical Director"),
    P.GP: ("Salaried GP", "GP Partner", "Senior GP Partner", "PCN Clinical Director", "Clinical Director"),
    P.PARAMEDIC: ("Paramedic", "Specialist Paramedic", "Operations Manager", "Head of Operations",
                  "Director of Operations"),
    P.ALLIED_HEALTH: ("Physiotherapist", "Senior Occupational Therapist", "Therapy Services Manager",
                      "Head of Allied Health Professions", "Director of Allied Health Professions"),
    P.PHARMACIST: ("Clinical Pharmacist", "Senior Pharmacist", "Pharmacy Services Manager",
                   "Head of Medicines Optimisation", "Chief Pharmacist"),
    P.SOCIAL_WORKER: ("Social Worker", "Senior Practitioner", "Team Manager", "Head of Service",
                      "Principal Social Worker"),
    P.CARE_WORKER: ("Support Worker", "Senior Support Worker", "Registered Care Manager", "Head of Care",
                    "Director of Care"),
    P.PUBLIC_HEALTH: ("Public Health Officer", "Public Health Principal", "Public Health Lead",
                      "Consultant in Public Health", "Director of Public Health"),
    P.HOUSING_OFFICER: ("Housing Officer", "Senior Housing Officer", "Housing Options Manager", "Head of Housing",
                        "Director of Housing"),
    P.COMMUNITY_SAFETY: ("Community Safety Officer", "Community Safety Coordinator", "Community Safety Manager",
                         "Head of Community Safety", "Director of Communities"),
    P.MANAGER: ("Project Officer", "Team Manager", "Service Manager", "Head of Service", "Director of Operations"),
    P.COMMISSIONER: ("Commissioning Officer", "Senior Commissioning Officer", "Commissioning Manager",
                     "Head of Commissioning", "Director of Commissioning"),
    P.VOLUNTEER_COORDINATOR: ("Volunteer Coordinator", "Volunteer Team Leader", "Volunteering Manager",
                              "Head of Volunteering", "Chief Executive"),
    P.COMMUNITY_WORKER: ("Community Development Worker", "Senior Community Worker", "Community Development Manager",
                         "Head of Communities", "Chief Executive"),
    P.FAITH_LEADER: ("Community Chaplain", "Assistant Minister", "Minister", "Senior Minister", "Chair of Trustees"),
    P.POLICE_OFFICER: ("Police Constable", "Sergeant", "Inspector", "Chief Inspector", "Superintendent"),
    P.FIREFIGHTER: ("Firefighter", "Crew Manager", "Station Manager", "Group Manager", "Area Manager"),
    P.TEACHER: ("Teacher", "Head of Year", "Assistant Head Teacher", "Head Teacher", "Executive Head Teacher"),
    P.OTHER: ("Project Officer", "Senior Officer", "Programme Manager", "Head of Programmes", "Director"),
}
# Where a profession's titles depend on the sector.
SECTOR_TITLES: dict[tuple[str, str], tuple[str, str, str, str, str]] = {
    (Sector.PRIMARY_CARE, P.NURSE): ("Practice Nurse", "Senior Practice Nurse", "Nurse Manager", "Lead Nurse",
                                     "Director of Nursing"),
    (Sector.PRIMARY_CARE, P.MANAGER): ("Practice Administrator", "Assistant Practice Manager", "Practice Manager",
                                       "PCN Operations Manager", "PCN Managing Director"),
    (Sector.COMMUNITY_HEALTH, P.NURSE): ("Community Staff Nurse", "District Nursing Sister",
                                         "District Nursing Team Manager", "Head of Community Nursing",
                                         "Director of Nursing"),
    (Sector.MENTAL_HEALTH, P.NURSE): ("Community Mental Health Nurse", "Senior Mental Health Nurse",
                                      "Ward Manager", "Head of Nursing", "Chief Nurse"),
    (Sector.MENTAL_HEALTH, P.OTHER): ("Psychological Wellbeing Practitioner", "Clinical Psychologist",
                                      "Principal Clinical Psychologist", "Head of Psychology",
                                      "Director of Psychological Services"),
    (Sector.NHS_ACUTE, P.OTHER): ("Healthcare Scientist", "Senior Healthcare Scientist", "Laboratory Manager",
                                  "Head of Pathology", "Director of Clinical Support"),
    (Sector.AMBULANCE, P.OTHER): ("Emergency Medical Technician", "Emergency Care Support Supervisor",
                                  "Control Room Manager", "Head of Emergency Operations",
                                  "Director of Emergency Operations"),
    (Sector.CHILDRENS_SERVICES, P.OTHER): ("Family Support Worker", "Senior Family Support Worker",
                                           "Early Help Manager", "Head of Early Help", "Director of Children's Services"),
    (Sector.DISTRICT_COUNCIL, P.OTHER): ("Environmental Health Officer", "Senior Environmental Health Officer",
                                         "Environmental Health Manager", "Head of Environmental Services",
                                         "Strategic Director"),
    (Sector.VOLUNTARY_COMMUNITY, P.OTHER): ("Advice Worker", "Senior Advice Worker", "Advice Services Manager",
                                            "Head of Services", "Chief Executive"),
    (Sector.EDUCATION, P.OTHER): ("Learning Mentor", "Special Educational Needs Coordinator", "Inclusion Manager",
                                  "Head of Inclusion", "Director of Education"),
    (Sector.NHS_ACUTE, P.CARE_WORKER): ("Healthcare Assistant", "Senior Healthcare Assistant", "Nursing Associate",
                                        "Lead Nursing Associate", "Director of Nursing"),
    (Sector.COMMUNITY_HEALTH, P.CARE_WORKER): ("Healthcare Support Worker", "Senior Healthcare Support Worker",
                                               "Assistant Practitioner", "Lead Assistant Practitioner",
                                               "Director of Nursing"),
    (Sector.VOLUNTARY_COMMUNITY, P.MANAGER): ("Project Worker", "Project Coordinator", "Services Manager",
                                              "Head of Operations", "Chief Executive"),
}
DIRECTOR_TITLES: dict[str, str] = {
    SectorFamily.NHS: "Director of Operations",
    SectorFamily.COUNCIL: "Strategic Director",
    SectorFamily.VCFS: "Chief Executive",
    SectorFamily.OTHER_PUBLIC: "Director of Partnerships",
}

ACCESSIBILITY_NEEDS: tuple[str, ...] = (
    "Step-free access, please.",
    "I wear hearing aids: a hearing loop or live captions help.",
    "Large-print handouts (18 point) and the slides a few days before.",
    "I am dyslexic: reading in advance and a cream background help.",
    "I use a wheelchair: accessible parking and toilets, please.",
    "Vegetarian lunch, please.",
    "Halal food, please.",
    "Gluten-free food (coeliac).",
    "A short break every hour for a health condition.",
    "A quiet room I can step out to (I am autistic).",
    "British Sign Language interpreter, please.",
    "Sessions that start after 9:30 because of the school run.",
    "I am partially sighted: screen-reader friendly documents, please.",
    "I fast during Ramadan: no working lunches in that month, please.",
)
ACCESSIBILITY_RATE = 0.10

# --- Fictional names -----------------------------------------------------------------------------

# (weight, first names, surnames): people usually take a surname from their own list, sometimes any.
NAME_GROUPS: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (52, (
        "Olivia", "Amelia", "Isla", "Emily", "Sophie", "Charlotte", "Grace", "Hannah", "Lucy", "Rebecca", "Sarah",
        "Claire", "Joanne", "Helen", "Rachel", "Katie", "Laura", "Megan", "Niamh", "Siobhán", "Ffion", "Rhian",
        "Eilidh", "Fiona", "Zoë", "Abigail", "Alison", "Gemma", "Jack", "Oliver", "Harry", "George", "James",
        "Thomas", "William", "Daniel", "Matthew", "Christopher", "David", "Andrew", "Mark", "Paul", "Richard",
        "Stephen", "Gareth", "Rhys", "Callum", "Ewan", "Liam", "Ciarán", "Connor", "Seán", "Alfie", "Ben", "Sam",
        "Alex", "Jo", "Chris", "Nicola", "Kerry", "Lorraine", "Graham", "Ian", "Neil",
    ), (
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
        "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis",
        "Harris", "Clarke", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore",
        "King", "Baker", "Harrison", "Morgan", "Allen", "Scott", "Phillips", "Watson", "Parker", "Price",
        "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson", "Bailey", "Collins",
        "Bell", "Shaw", "Murphy", "Miller", "Cox", "Campbell", "MacDonald", "Stewart", "Fraser", "O'Brien",
        "O'Connor", "Byrne", "Walsh", "McCarthy", "Doyle", "Llewellyn", "Pritchard", "Howells", "Ashworth",
    )),
    (14, (
        "Priya", "Anjali", "Aisha", "Fatima", "Zara", "Sana", "Nadia", "Amina", "Ayesha", "Deepa", "Sunita", "Kiran",
        "Harpreet", "Simran", "Nusrat", "Rupa", "Arjun", "Rohan", "Vikram", "Rajesh", "Sanjay", "Amit", "Imran",
        "Bilal", "Hassan", "Tariq", "Usman", "Zain", "Faisal", "Harjit", "Gurpreet", "Rahul", "Kamal", "Shahid",
    ), (
        "Patel", "Shah", "Khan", "Ahmed", "Hussain", "Ali", "Begum", "Iqbal", "Akhtar", "Chaudhry", "Malik",
        "Rahman", "Islam", "Sharma", "Singh", "Kaur", "Gill", "Sandhu", "Dhillon", "Kumar", "Gupta", "Mehta",
        "Desai", "Joshi", "Chowdhury", "Mistry", "Rao", "Nair", "Pillai", "Bhatti",
    )),
    (9, (
        "Abena", "Adaeze", "Chiamaka", "Ngozi", "Funmilayo", "Folake", "Amara", "Zainab", "Kemi", "Yetunde", "Nia",
        "Shanice", "Tendai", "Tatenda", "Blessing", "Kwame", "Kofi", "Chinedu", "Emeka", "Oluwaseun", "Tunde",
        "Femi", "Segun", "Delroy", "Marcus", "Jermaine", "Andre", "Samuel", "Joseph", "Esther", "Ruth",
    ), (
        "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Asante", "Owusu", "Oyelaran", "Eze", "Nwosu", "Obi",
        "Francis", "Grant", "Henry", "Reid", "Moyo", "Ncube", "Mutasa", "Osei", "Danso", "Babatunde", "Ogunleye",
        "Afolabi", "Campbell", "Brown", "Williams",
    )),
    (5, (
        "Maricel", "Rowena", "Jocelyn", "Analyn", "Maria", "Cristina", "Rodel", "Jomar", "Ramil", "Arnel", "Jerome",
    ), ("Santos", "Reyes", "Cruz", "Bautista", "Mendoza", "Dela Cruz", "Villanueva", "Aquino", "Ramos", "Garcia")),
    (3, ("Mei", "Jing", "Yan", "Hui", "Ying", "Wei", "Jun", "Hao", "Ming", "Kai", "Linh", "Minh"),
     ("Chen", "Wang", "Li", "Zhang", "Liu", "Wong", "Chan", "Lam", "Cheung", "Ng", "Tan", "Nguyen", "Tran")),
    (5, ("Agnieszka", "Katarzyna", "Magdalena", "Joanna", "Piotr", "Tomasz", "Marek", "Krzysztof", "Paweł", "Ewa"),
     ("Nowak", "Wójcik", "Kaczmarek", "Mazur", "Krawczyk", "Kowalczyk", "Lewandowski", "Wróbel")),
    (3, ("Andreea", "Ioana", "Elena", "Mihai", "Andrei", "Florin", "Ana", "Beatriz", "João", "Tiago", "Inês"),
     ("Popescu", "Ionescu", "Constantin", "Dumitru", "Silva", "Ferreira", "Pereira", "Costa", "Oliveira")),
    (3, ("Giulia", "Francesca", "Marco", "Luca", "Eleni", "Dimitris", "Nikos", "Sofia", "Stefano"),
     ("Rossi", "Romano", "Esposito", "Bianchi", "Papadopoulos", "Georgiou", "Christou", "Conti")),
    (3, ("Leyla", "Yasmin", "Mariam", "Omar", "Ahmet", "Mehmet", "Elif", "Zeynep", "Karim", "Layla", "Samir", "Rania"),
     ("Yilmaz", "Demir", "Kaya", "Haddad", "Khoury", "Mansour", "Nasser", "Aziz", "Hamid")),
    (3, ("Sita", "Gita", "Anita", "Prakash", "Bishnu", "Ramesh", "Dipak", "Sabina", "Kamala", "Sanjeev"),
     ("Gurung", "Rai", "Limbu", "Thapa", "Tamang", "Shrestha", "Magar")),
)
OWN_SURNAME_RATE = 0.85
_ASCII_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "æ": "ae", "ß": "ss"})


def _email_part(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.translate(_ASCII_FOLD)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch == "-")


# --- Building ------------------------------------------------------------------------------------


def _largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split `total` in proportion to the weights, whole numbers that add up exactly."""
    weight_sum = sum(weights.values())
    exact = {key: total * w / weight_sum for key, w in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    short = total - sum(counts.values())
    # Ties go to the key listed first, so the split never depends on the seed.
    order = sorted(weights, key=lambda key: -(exact[key] - counts[key]))
    for key in order[:short]:
        counts[key] += 1
    return counts


def sector_quota(participants: int) -> dict[str, int]:
    """How many participants come from each sector: the family mix first, then sectors inside families."""
    quota: dict[str, int] = {}
    for family, count in _largest_remainder(participants, FAMILY_SHARE).items():
        quota.update(_largest_remainder(count, SECTOR_SHARE[family]))
    return quota


class _Weighted:
    """A fixed list of choices with weights, accumulated once for quick repeated draws."""

    def __init__(self, weights: dict[str, int] | list[tuple[str, int]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else weights
        self.values = [value for value, _ in pairs]
        self.cum_weights = list(itertools.accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


class _PeopleFactory:
    """Makes unsaved Person rows with fictional names and unique emails, all drawn from one rng."""

    def __init__(self, rng: random.Random, *, demo_hash: str, now: dt.datetime) -> None:
        self.rng = rng
        self.demo_hash = demo_hash
        self.now = now
        self.sequence = 0
        self.group_weights = list(itertools.accumulate(group[0] for group in NAME_GROUPS))
        self.all_surnames = [surname for group in NAME_GROUPS for surname in group[2]]
        self.seniority = _Weighted(SENIORITY_WEIGHTS)
        self.professions = {sector: _Weighted(weights) for sector, weights in PROFESSIONS_BY_SECTOR.items()}

    def name(self) -> tuple[str, str]:
        _, firsts, surnames = self.rng.choices(NAME_GROUPS, cum_weights=self.group_weights)[0]
        first = self.rng.choice(firsts)
        own = self.rng.random() < OWN_SURNAME_RATE
        surname = self.rng.choice(surnames if own else self.all_surnames)
        return first, surname

    def role_in(self, sector: str, family: str) -> tuple[str, str, str]:
        """A (profession, seniority, job title) that fits the sector."""
        seniority = self.seniority.draw(self.rng)
        band = BANDS.index(seniority)
        if seniority == Seniority.DIRECTOR and self.rng.random() < 0.7:
            return Profession.DIRECTOR, seniority, DIRECTOR_TITLES[family]
        profession = self.professions[sector].draw(self.rng)
        titles = SECTOR_TITLES.get((sector, profession)) or TITLES[profession]
        return profession, seniority, titles[band]

    def person(
        self,
        *,
        org: Organisation,
        domain: str,
        team: Team,
        place: Place,
        profession: str,
        seniority: str,
        job_title: str,
        email: str | None = None,
    ) -> Person:
        self.sequence += 1
        first, surname = self.name()
        if email is None:
            email = f"{_email_part(first)}.{_email_part(surname)}.{self.sequence:03d}@{domain}.example"
        needs = ""
        if self.rng.random() < ACCESSIBILITY_RATE:
            needs = self.rng.choice(ACCESSIBILITY_NEEDS)
        # Only the demo sign-ins have a password; everyone else signs in with emailed links. This is
        # the form Django's make_password(None) produces, without its per-character random draws.
        password = self.demo_hash if email in SIGN_INS else UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
        return Person(
            email=email,
            full_name=f"{first} {surname}",
            profession=profession,
            seniority=seniority,
            job_title=job_title,
            organisation=org,
            team=team,
            place=place,
            accessibility_needs=needs,
            password=password,
            date_joined=self.now,
        )


@dataclass
class _Built:
    """The saved skeleton that people are hung on."""

    system: System
    places: dict[str, Place]
    orgs: dict[str, Organisation]
    specs: dict[str, OrgSpec]
    teams: dict[str, dict[str, Team]]  # organisation name -> team name -> team
    programme: Programme
    cohorts: dict[str, Cohort]  # place name -> cohort


def _build_structure(*, participants: int) -> _Built:
    system = System.objects.create(name=DEMO_SYSTEM_NAME, short_name="Surrey Heartlands")
    places = {
        place.name: place
        for place in Place.objects.bulk_create(
            [Place(system=system, name=name, population=population) for name, population in PLACES]
        )
    }
    specs = {spec.name: spec for spec in ORGANISATIONS}
    orgs = {
        org.name: org
        for org in Organisation.objects.bulk_create(
            [Organisation(system=system, name=spec.name, sector=spec.sector) for spec in ORGANISATIONS]
        )
    }
    children = []
    for spec in ORGANISATIONS:
        if spec.parent:
            orgs[spec.name].parent = orgs[spec.parent]
            children.append(orgs[spec.name])
    Organisation.objects.bulk_update(children, ["parent"])
    Through = Organisation.places.through
    Through.objects.bulk_create(
        [
            Through(organisation_id=orgs[spec.name].pk, place_id=places[place].pk)
            for spec in ORGANISATIONS
            for place in spec.places
        ]
    )
    teams: dict[str, dict[str, Team]] = {spec.name: {} for spec in ORGANISATIONS}
    for team in Team.objects.bulk_create(
        [Team(organisation=orgs[spec.name], name=name) for spec in ORGANISATIONS for name in spec.teams]
    ):
        teams[team.organisation.name][team.name] = team

    starts_on, ends_on = demo_calendar(timezone.localdate())
    programme = Programme.objects.create(
        system=system,
        title=DEMO_PROGRAMME_TITLE,
        summary=(
            "Frontline and middle leaders from the NHS, the county and borough councils, social care and the "
            "voluntary, community and faith sector learn to lead together across organisational boundaries. "
            "Each place runs a cohort of action learning sets, workshops and a local improvement project, "
            "with two system-wide events. Eight months, from launch to celebration."
        ),
        starts_on=starts_on,
        ends_on=ends_on,
        status=ProgrammeStatus.RUNNING,
    )
    cohorts = {}
    for index, (name, _) in enumerate(PLACES):
        size = _cohort_size(participants, index)
        cohorts[name] = Cohort(
            programme=programme,
            name=f"{name} cohort",
            place=places[name],
            capacity=max(10, -(-size // 10) * 10),  # the size rounded up to a tidy ten
            starts_on=starts_on + dt.timedelta(days=7 * index),  # places start a week apart
            ends_on=ends_on - dt.timedelta(days=7 * (len(PLACES) - 1 - index)),
        )
    Cohort.objects.bulk_create(list(cohorts.values()))
    # The largest place also opens a smaller second intake in the new year. Nobody is in it yet,
    # so leads can move people into it by hand from the placement page.
    Cohort.objects.create(
        programme=programme,
        name=f"{NWS} spring cohort",
        place=places[NWS],
        capacity=30,
        starts_on=starts_on + SPRING_INTAKE_AFTER,
        ends_on=ends_on,
    )
    return _Built(system, places, orgs, specs, teams, programme, cohorts)


def demo_calendar(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo programme's first and last day: it began on the Monday eleven weeks before this week's."""
    starts_on = today - dt.timedelta(days=today.weekday(), weeks=WEEKS_UNDER_WAY)
    return starts_on, starts_on + PROGRAMME_LENGTH


def _cohort_size(participants: int, index: int) -> int:
    return participants // len(PLACES) + (1 if index < participants % len(PLACES) else 0)


def _build_participants(
    built: _Built, people: _PeopleFactory, *, participants: int, progress: ProgressFn | None
) -> list[tuple[Person, Cohort]]:
    rng = people.rng
    place_names = [name for name, _ in PLACES]
    # Organisations that take participants, per sector and place, weighted by size.
    choosers: dict[tuple[str, str], _Weighted] = {}
    for sector in Sector.values:
        for place in place_names:
            pairs = [
                (spec.name, spec.weight)
                for spec in ORGANISATIONS
                if spec.sector == sector and place in spec.places and spec.weight > 0
            ]
            if pairs:
                choosers[(sector, place)] = _Weighted(pairs)

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
        email = "participant@demo.example" if index == 0 else None
        person = people.person(
            org=built.orgs[org_name], domain=spec.domain, team=team, place=built.places[place_name],
            profession=profession, seniority=seniority, job_title=title, email=email,
        )
        rows.append((person, built.cohorts[place_name]))
        if progress and (index + 1) % PROGRESS_EVERY == 0:
            progress(f"  built {index + 1:,} of {participants:,} participants")
    return rows


@dataclass(frozen=True)
class _StaffSpec:
    role: str
    org: str
    team: str
    profession: str
    seniority: str
    job_title: str
    email: str | None = None


STAFF: tuple[_StaffSpec, ...] = (
    _StaffSpec(Role.LEAD, ICB, "Organisational Development", P.MANAGER, Seniority.SENIOR_LEADER,
               "Head of Leadership and Organisational Development", "lead@demo.example"),
    _StaffSpec(Role.FACILITATOR, ICB, "Organisational Development", P.OTHER, Seniority.SERVICE_MANAGER,
               "Senior Organisational Development Consultant", "facilitator@demo.example"),
    _StaffSpec(Role.FACILITATOR, ICB, "Organisational Development", P.OTHER, Seniority.TEAM_LEADER,
               "Organisational Development Practitioner"),
    _StaffSpec(Role.FACILITATOR, MENTAL_HEALTH_TRUST, "Organisational Development", P.ALLIED_HEALTH,
               Seniority.SERVICE_MANAGER, "Leadership Development Facilitator"),
    _StaffSpec(Role.FACILITATOR, COUNTY_COUNCIL, "Workforce and Organisational Development", P.MANAGER,
               Seniority.SERVICE_MANAGER, "Workforce Development Lead"),
    _StaffSpec(Role.FACILITATOR, COMMUNITY_ACTION, "Community Development", P.COMMUNITY_WORKER,
               Seniority.SERVICE_MANAGER, "Community Development Manager"),
    _StaffSpec(Role.FACILITATOR, ETHNIC_FORUM, "Community Engagement", P.COMMUNITY_WORKER,
               Seniority.TEAM_LEADER, "Community Engagement Lead"),
    # Funders' representatives, one per funding body below; the first is the demo funder sign-in.
    _StaffSpec(Role.FUNDER, ICB, "Workforce and Training", P.DIRECTOR, Seniority.DIRECTOR,
               "Chief People Officer", "funder@demo.example"),
    _StaffSpec(Role.FUNDER, COUNTY_PUBLIC_HEALTH, "Health Improvement", P.PUBLIC_HEALTH, Seniority.DIRECTOR,
               "Director of Public Health"),
    _StaffSpec(Role.FUNDER, COMMUNITY_FOUNDATION, "Grants Team", P.MANAGER, Seniority.SERVICE_MANAGER,
               "Grants Manager"),
    _StaffSpec(Role.FUNDER, MENTAL_HEALTH_TRUST, "Organisational Development", P.MANAGER,
               Seniority.SENIOR_LEADER, "Head of Organisational Development"),
)

# (funder name, its organisation, kind, description, units, pounds per unit)
FUNDING: tuple[tuple[str, str, str, str, str, str], ...] = (
    (ICB, ICB, ContributionKind.CASH, "Leadership development budget 2026/27, in two instalments", "2", "60000"),
    (COUNTY_COUNCIL, COUNTY_COUNCIL, ContributionKind.CASH, "Public health grant: prevention and partnerships",
     "1", "45000"),
    (COMMUNITY_FOUNDATION, COMMUNITY_FOUNDATION, ContributionKind.CASH,
     "Backfill bursaries for voluntary and faith sector participants", "40", "450"),
    ("Surrey Mental Health Partnership Organisational Development Team", MENTAL_HEALTH_TRUST,
     ContributionKind.IN_KIND, "Facilitation days from the organisational development team", "36", "650"),
)


def _build_staff(
    built: _Built, people: _PeopleFactory, participant_rows: list[tuple[Person, Cohort]]
) -> list[tuple[Person, str]]:
    rng = people.rng
    rows: list[tuple[Person, str]] = []
    for staff in STAFF:
        spec = built.specs[staff.org]
        rows.append((
            people.person(
                org=built.orgs[staff.org], domain=spec.domain, team=built.teams[staff.org][staff.team],
                place=built.places[rng.choice(spec.places)], profession=staff.profession,
                seniority=staff.seniority, job_title=staff.job_title, email=staff.email,
            ),
            staff.role,
        ))
    # Sponsors are line managers in the organisations sending the most participants, one each; the
    # demo sponsor sign-in sits in the organisation with the most.
    sending = Counter(person.organisation.name for person, _ in participant_rows)  # type: ignore[union-attr]
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
                email="sponsor@demo.example" if rank == 0 else None,
            ),
            Role.SPONSOR,
        ))
    return rows


def _write_funding(built: _Built) -> tuple[int, int]:
    funders = Funder.objects.bulk_create(
        [Funder(system=built.system, name=name, organisation=built.orgs[org]) for name, org, *_ in FUNDING]
    )
    contributions = Contribution.objects.bulk_create(
        [
            Contribution(
                funder=funder, programme=built.programme, kind=kind, description=description,
                units=Decimal(units), unit_value=Decimal(unit_value),
            )
            for funder, (_, _, kind, description, units, unit_value) in zip(funders, FUNDING, strict=True)
        ]
    )
    return len(funders), len(contributions)


def demo_people() -> QuerySet[Person]:
    """Everyone the demo created: demo sign-ins and people of the demo system's organisations."""
    systems = System.objects.filter(name=DEMO_SYSTEM_NAME)
    return Person.objects.filter(email__endswith=".example").filter(
        Q(email__in=list(SIGN_INS))
        | Q(organisation__system__in=systems)
        | Q(memberships__programme__system__in=systems)
    )


def demo_data_exists() -> bool:
    """Whether the demo system or any demo sign-in is already in the database."""
    return (
        System.objects.filter(name=DEMO_SYSTEM_NAME).exists()
        or Person.objects.filter(email__in=list(SIGN_INS)).exists()
    )


def delete_demo_data() -> None:
    """Remove the demo system with everything in it, and the demo people."""
    systems = System.objects.filter(name=DEMO_SYSTEM_NAME)
    Person.objects.filter(pk__in=demo_people().values("pk")).delete()
    Programme.objects.filter(system__in=systems).delete()
    systems.delete()


def seed_demo(
    *, participants: int, seed: int, reset: bool, progress: ProgressFn | None = None
) -> DemoSummary:
    """Create the fictional demo system, programme and people; with reset, replace earlier demo data."""
    if participants < MINIMUM_PARTICIPANTS:
        raise ValueError(f"The demo needs at least {MINIMUM_PARTICIPANTS} participants, one per place.")
    started = time.perf_counter()
    report: ProgressFn | None = None
    if progress is not None and participants >= PROGRESS_EVERY:
        def report(message: str) -> None:
            progress(f"{time.perf_counter() - started:6.1f} s  {message}")

    with transaction.atomic():
        if demo_data_exists():
            if not reset:
                raise DemoDataExists(
                    "Demo data is already in this database. Run seed_demo --reset to replace it."
                )
            if report:
                report("Deleting the earlier demo data…")
            delete_demo_data()
        built = _build_structure(participants=participants)
        # Hashing is deliberately slow, so the one real password is hashed once.
        people = _PeopleFactory(random.Random(seed), demo_hash=make_password(DEMO_PASSWORD), now=timezone.now())
        if report:
            report(f"Building {participants:,} participants…")
        participant_rows = _build_participants(built, people, participants=participants, progress=report)
        staff_rows = _build_staff(built, people, participant_rows)
        everyone = [person for person, _ in participant_rows] + [person for person, _ in staff_rows]
        if report:
            report(f"Saving {len(everyone):,} people…")
        Person.objects.bulk_create(everyone, batch_size=BATCH_SIZE)
        memberships = [
            Membership(person=person, programme=built.programme, role=Role.PARTICIPANT)
            for person, _ in participant_rows
        ] + [
            Membership(person=person, programme=built.programme, role=role, organisation=granted(person, role))
            for person, role in staff_rows
        ]
        if report:
            report(f"Saving {len(memberships):,} memberships…")
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        # Cohorts through their one owner, as every other path (nothing is scheduled yet, so nothing follows).
        set_cohorts(moves={m.pk: c.pk for m, (_, c) in zip(memberships, participant_rows, strict=False)})
        funders, contributions = _write_funding(built)
        seed_sponsor_demo(programme=built.programme, rng=random.Random(seed + 7))
        if report:
            report("Saving the relationship survey…")
        from commonground.network.demo import (
            seed_network_demo,  # the network app builds on programmes
        )

        seed_network_demo(programme=built.programme, participants=participant_rows, rng=random.Random(seed + 1))
        if report:
            report("Saving self-assessments, check-ins, goals and the journal…")
        from commonground.development.demo import (
            seed_development_demo,  # development builds on programmes
        )

        seed_development_demo(programme=built.programme, participants=participant_rows, rng=random.Random(seed + 2))
        if report:
            report("Saving applications, offers and the waiting list…")
        from commonground.recruitment.demo import (
            seed_recruitment_demo,  # recruitment builds on programmes
        )

        seed_recruitment_demo(programme=built.programme, rng=random.Random(seed + 3))
        if report:
            report("Forming and publishing learning sets…")
        from commonground.grouping.demo import (
            seed_grouping_demo,  # grouping builds on programmes and the relationship survey
        )

        seed_grouping_demo(programme=built.programme, participants=participant_rows, rng=random.Random(seed + 4))
        if report:
            report("Scheduling modules and sessions, with replies, registers and table plans…")
        from commonground.schedule.demo import (
            seed_schedule_demo,  # the schedule builds on cohorts and learning sets
        )

        seed_schedule_demo(programme=built.programme, participants=participant_rows, rng=random.Random(seed + 5))
        if report:
            report("Proposing local issues, supports, challenge teams and outcomes…")
        from commonground.codesign.demo import (
            seed_codesign_demo,  # co-design builds on cohorts and the schedule
        )

        seed_codesign_demo(programme=built.programme, participants=participant_rows, rng=random.Random(seed + 6))
        if report:
            report("Recording the notices the demo's past already sent…")
        from commonground.programmes.demo_past import record_past_notices

        record_past_notices()
    return DemoSummary(
        places=len(built.places),
        organisations=len(built.orgs),
        teams=sum(len(teams) for teams in built.teams.values()),
        cohorts=Cohort.objects.filter(programme=built.programme).count(),
        participants=len(participant_rows),
        people=len(everyone),
        memberships=len(memberships),
        funders=funders,
        contributions=contributions,
        seconds=time.perf_counter() - started,
    )
