"""The demo's alumni: the system's first intake, which ended about a year ago, and its directory.

The first intake is a programme of its own (one system-wide cohort of `FIRST_INTAKE` fictional
people, six module days, registers taken), so its alumni are found the way every programme's
are: `sync_alumni` applies the completion rule to the registers, and those who missed two days
are not alumni. About three in four completers then fill in their entry, each field to an audience
drawn at random (alumni only, everyone taking part, or nobody), with topics, a line on how they
can help and, for some, a live local issue to ask about; one entry's consent lapsed a few days
ago and one alumnus left the directory. An alumni gathering after the intake's end is in its
schedule, three weeks ahead. The demo's lead and participant take part in the system's current
programme, so they search the directory as members; what is shown to alumni only they do not see.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.alumni.models import (
    CONSENT_DAYS,
    FIELDS,
    Alumnus,
    Audience,
    DirectoryEntry,
    Topic,
)
from commonground.alumni.queries import live_issues
from commonground.alumni.services import entries as entries_service
from commonground.alumni.services.membership import sync_alumni
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.models import Cohort, Membership, Programme, ProgrammeStatus, Role
from commonground.schedule.models import Attendance, Invitation, Mark, Reply, Session, SessionKind

FIRST_INTAKE = 72
# The first of them is a demo sign-in (password as the others'), so anyone trying the demo can set
# what their own entry shows, and to whom.
ALUMNUS_SIGN_IN = "alumnus@demo.example"
TITLE_SUFFIX = " — first intake"
FIRSTS = ["Amira", "Ben", "Chidi", "Dora", "Ewan", "Fatima", "Gareth", "Hana", "Isaac", "Jasmin", "Kofi", "Leah",
          "Marek", "Nadia", "Owen", "Priya", "Rhys", "Saoirse", "Tariq", "Una", "Vikram", "Wendy", "Yusuf", "Zara"]
SURNAMES = ["Adeyemi", "Barker", "Choudhury", "Doyle", "Evans", "Fernandes", "Gill", "Hughes", "Iqbal", "Jones",
            "Kowalski", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn", "Rahman", "Singh", "Thomas"]
TOPICS = ["Hospital discharge", "Frailty", "Carers' support", "Housing and health", "Social prescribing",
          "Mental health crisis care", "Community hubs", "Workforce wellbeing", "Data sharing", "Volunteering",
          "Health inequalities", "Digital inclusion", "Falls prevention", "Young carers", "Co-production"]
HELP = ["Happy to talk through how we set up a joint discharge team", "I can introduce you to the voluntary sector "
        "networks in my place", "Ask me about running a community conversation", "Glad to share what worked "
        "(and what did not) in our integrated team", "I can help with funding bids for community projects",
        "Happy to be a sounding board for new leaders"]


def _audience(rng: random.Random) -> str:
    return rng.choices([Audience.MEMBERS, Audience.ALUMNI, Audience.NOBODY], weights=[6, 3, 1])[0]


def seed_alumni_demo(*, programme: Programme, rng: random.Random, sign_in_password: str) -> int:
    """The first intake of `programme`'s system, its alumni and their directory; returns how many alumni.
    `sign_in_password` is the hashed password of the demo sign-in among them."""
    system = programme.system
    today = timezone.localdate()
    now = timezone.now()
    ended = today - dt.timedelta(days=CONSENT_DAYS - 20)
    started = ended - dt.timedelta(weeks=34)
    past = Programme.objects.create(
        system=system, title=programme.title + TITLE_SUFFIX, starts_on=started, ends_on=ended,
        status=ProgrammeStatus.COMPLETED, summary="The system's first intake: one cohort from across the system.",
    )
    cohort = Cohort.objects.create(
        programme=past, name="First intake", capacity=FIRST_INTAKE, starts_on=started, ends_on=ended
    )
    organisations = list(system.organisations.prefetch_related("places").order_by("name"))
    people, work = [], []
    for i in range(FIRST_INTAKE):
        first, surname = rng.choice(FIRSTS), rng.choice(SURNAMES)
        org = rng.choice(organisations)
        places = list(org.places.all())
        email = f"{first.lower()}.{surname.lower().replace(chr(39), '')}.{i:02d}@first-intake.example"
        password = UNUSABLE_PASSWORD_PREFIX + f"first-intake-{i}"
        if i == 0:
            email, password = ALUMNUS_SIGN_IN, sign_in_password
        person = Person(email=email, full_name=f"{first} {surname}", job_title="", password=password, date_joined=now)
        people.append(person)
        work.append((person, system.pk, Work(organisation=org, place=rng.choice(places) if places else None)))
    Person.objects.bulk_create(people)
    record_new(work)
    Membership.objects.bulk_create(
        [Membership(person=p, programme=past, role=Role.PARTICIPANT, cohort=cohort) for p in people]
    )
    _registers(past, people, started, rng)
    sync_alumni(programme=past, now=now)
    _entries(past, rng, now)
    _gathering(past, now)
    return Alumnus.objects.filter(programme=past).count()


def _registers(past: Programme, people: list[Person], started: dt.date, rng: random.Random) -> None:
    """Six whole-programme module days, a month or so apart; about one in eight missed two of them."""
    missing_two = set(rng.sample(range(1, len(people)), len(people) // 8))  # the demo sign-in completed
    attendance = []
    for day in range(6):
        starts = dt.datetime.combine(started + dt.timedelta(weeks=1 + 6 * day), dt.time(9, 30), tzinfo=dt.UTC)
        session = Session.objects.create(
            programme=past, kind=SessionKind.MODULE, title=f"Module day {day + 1}", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=7), venue_name="Dorking Halls",
        )
        for i, person in enumerate(people):
            absent = i in missing_two and day in (2, 4)
            attendance.append(Attendance(session=session, person=person, mark=Mark.ABSENT if absent else Mark.PRESENT))
    Attendance.objects.bulk_create(attendance)


def _entries(past: Programme, rng: random.Random, now: dt.datetime) -> None:
    issues = list(live_issues(past.system_id)[:12])
    entries = list(
        DirectoryEntry.objects.filter(system_id=past.system_id, person__alumni_of__programme=past)
        .select_related("person").order_by("person__email")
    )
    topics = []
    for index, entry in enumerate(entries):
        if rng.random() < 0.25:
            continue  # has not chosen yet: shows nothing
        for key in FIELDS:
            setattr(entry, f"{key}_audience", _audience(rng))
        entry.name_audience = Audience.MEMBERS if rng.random() < 0.8 else Audience.ALUMNI
        entry.role = rng.choice(["Service manager", "Ward sister", "Community development worker", "GP partner",
                                 "Housing officer", "Head of adult social care", "Volunteer coordinator"])
        entry.help_line = rng.choice(HELP)
        first = entry.person.full_name.split()[0].lower()
        entry.contact_email = f"{first}.{index:02d}@first-intake.example"
        entry.consented_at = now - dt.timedelta(days=rng.randint(1, CONSENT_DAYS - 30))
        topics += [Topic(entry=entry, words=words) for words in rng.sample(TOPICS, rng.randint(1, 3))]
        if issues and rng.random() < 0.4:
            entry.save()
            entry.issues.add(rng.choice(issues))
        entry.save()
    Topic.objects.bulk_create(topics)
    chosen = [e for e in entries if e.consented_at]
    if len(chosen) >= 2:
        lapsed, left = chosen[0], chosen[1]
        lapsed.consented_at = now - dt.timedelta(days=CONSENT_DAYS + 5)  # not renewed: hidden
        lapsed.save(update_fields=["consented_at"])
        entries_service.opt_out(entry=left)


def _gathering(past: Programme, now: dt.datetime) -> None:
    """An alumni event three weeks ahead, in the first intake's schedule, every alumnus invited."""
    starts = (now + dt.timedelta(weeks=3)).replace(hour=17, minute=30, second=0, microsecond=0)
    session = Session.objects.create(
        programme=past, kind=SessionKind.CELEBRATION, title="Alumni gathering: a year on", starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2), venue_name="Surrey History Centre",
        description="An evening for the first intake's alumni: what changed since, and meeting the new cohorts.",
    )
    Invitation.objects.bulk_create(
        [Invitation(session=session, person_id=a.person_id, reply=Reply.INVITED)
         for a in Alumnus.objects.filter(programme=past)]
    )
