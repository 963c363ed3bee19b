"""The demo's fictional people: the participant mix by sector, job titles, names, and the factory
that draws each person from one `random.Random` in a fixed order.

Every person is fictional; only the demo sign-ins have a password.
"""

import datetime as dt
import itertools
import random
import secrets
import unicodedata

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from commonground.accounts.models import Person, Profession, Seniority
from commonground.programmes.models import (
    Affiliation,
    Organisation,
    Place,
    Role,
    Sector,
    SectorFamily,
    Team,
)

DEMO_PASSWORD = "demo"

# The demo sign-ins, in the order they are listed. They exist only in demo data.
SIGN_INS: dict[str, str] = {
    "lead@demo.example": Role.LEAD,
    "facilitator@demo.example": Role.FACILITATOR,
    "participant@demo.example": Role.PARTICIPANT,
    "sponsor@demo.example": Role.SPONSOR,
    "funder@demo.example": Role.FUNDER,
}

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


class Weighted:
    """A fixed list of choices with weights, accumulated once for quick repeated draws."""

    def __init__(self, weights: dict[str, int] | list[tuple[str, int]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else weights
        self.values = [value for value, _ in pairs]
        self.cum_weights = list(itertools.accumulate(weight for _, weight in pairs))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cum_weights)[0]


class PeopleFactory:
    """Makes unsaved Person rows with fictional names and unique emails, all drawn from one rng."""

    def __init__(self, rng: random.Random, *, demo_hash: str, now: dt.datetime) -> None:
        self.rng = rng
        self.demo_hash = demo_hash
        self.now = now
        self.sequence = 0
        self.group_weights = list(itertools.accumulate(group[0] for group in NAME_GROUPS))
        self.all_surnames = [surname for group in NAME_GROUPS for surname in group[2]]
        self.seniority = Weighted(SENIORITY_WEIGHTS)
        self.professions = {sector: Weighted(weights) for sector, weights in PROFESSIONS_BY_SECTOR.items()}

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
        person = Person(
            email=email,
            full_name=f"{first} {surname}",
            profession=profession,
            seniority=seniority,
            job_title=job_title,
            accessibility_needs=needs,
            password=password,
            date_joined=self.now,
        )
        # Where they work, saved as their affiliation once the people are (see `seed.py`).
        person.where = Affiliation(system_id=org.system_id, organisation=org, team=team, place=place)
        return person

