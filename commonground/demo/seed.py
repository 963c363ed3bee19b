"""Deterministic, fictional demo data: one system, four places, about sixty partner organisations
and one programme with four place cohorts, at any size (400 participants by default), then each
feature's own demo data on top. For load tests, `programmes` adds further programmes to the demo
system and `systems` further, smaller systems with a programme each (`scale.py`), all of the same
size; the demo sign-ins stay in the first programme.

Everything is drawn from `random.Random` generators seeded from one seed, in a fixed order, and
never from database ids, so the same seed always gives the same names, emails and assignments.
Rows are built in memory once and written with `bulk_create`, so 20,000 participants take seconds,
not minutes.
"""

import random
import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import AuditEvent, Person
from commonground.alumni.demo import seed_alumni_demo
from commonground.api.demo import seed_api_demo
from commonground.codesign.demo import seed_codesign_demo
from commonground.core import figure_store
from commonground.demo import scale
from commonground.demo.consents import seed_consent_demo
from commonground.demo.ledger import seed_ledger_demo, write_funding
from commonground.demo.offboarded import seed_offboarded_demo
from commonground.demo.onboarding import seed_onboarding_demo
from commonground.demo.past import record_past_notices
from commonground.demo.people import DEMO_PASSWORD, SIGN_INS, PeopleFactory
from commonground.demo.programme import (
    PROGRESS_EVERY,
    Built,
    ProgressFn,
    StaffSpec,
    add_programme,
    build_participants,
    build_staff,
    build_structure,
    build_system,
)
from commonground.demo.reports import seed_report_demo
from commonground.demo.retention import seed_retention_demo
from commonground.demo.second_system import SYSTEM_NAME as SECOND_SYSTEM_NAME
from commonground.demo.second_system import seed_second_system
from commonground.demo.sign_in import delete_sign_in_demo, seed_sign_in_demo
from commonground.demo.sponsors import granted, seed_sponsor_demo, seed_support_requests
from commonground.demo.trail import seed_audit_demo
from commonground.development.demo import seed_development_demo, seed_session_feedback_demo
from commonground.grouping.demo import seed_grouping_demo
from commonground.mentoring.demo import seed_mentoring_demo
from commonground.network.demo import seed_network_demo
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.cohorts import set_cohorts
from commonground.programmes.models import Cohort, Membership, Programme, Role, System
from commonground.recruitment.demo import seed_recruitment_demo
from commonground.schedule.demo_attendance import seed_attendance_demo
from commonground.schedule.demo_sessions import seed_sessions_demo

DEFAULT_PARTICIPANTS = 400
DEFAULT_SEED = 500
MINIMUM_PARTICIPANTS = 4  # one per place cohort

BATCH_SIZE = 2000


class DemoDataExists(Exception):
    """Demo data is already in the database and a reset was not asked for."""


@dataclass(frozen=True)
class DemoSummary:
    """What one seeding run created, and how long it took (every programme and system together)."""

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
    programmes: int = 1
    systems: int = 1

    def describe(self) -> str:
        what = (
            "the demo programme" if self.programmes == 1
            else f"{self.programmes} demo programmes in {self.systems} system{'s' if self.systems > 1 else ''}"
        )
        return (
            f"Seeded {what} in {self.seconds:.1f} s: {self.places} places, "
            f"{self.organisations} organisations, {self.teams} teams, {self.cohorts} cohorts, "
            f"{self.participants:,} participants, {self.people:,} people, {self.memberships:,} memberships, "
            f"{self.funders} funders, {self.contributions} contributions."
        )


def demo_systems() -> QuerySet[System]:
    """The demo system and any further systems a larger seed added."""
    return System.objects.filter(name__in=[*scale.DEMO_SYSTEM_NAMES, SECOND_SYSTEM_NAME])


def demo_people() -> QuerySet[Person]:
    """Everyone the demo created: demo sign-ins and people of the demo systems' organisations."""
    systems = demo_systems()
    return Person.objects.filter(email__endswith=".example").filter(
        Q(email__in=list(SIGN_INS))
        | Q(affiliations__system__in=systems)
        | Q(memberships__programme__system__in=systems)
    )


def demo_data_exists() -> bool:
    """Whether a demo system or any demo sign-in is already in the database."""
    return (
        demo_systems().exists()
        or Person.objects.filter(email__in=list(SIGN_INS)).exists()
    )


def delete_demo_data() -> None:
    """Remove the demo systems with everything in them, and the demo people."""
    systems = demo_systems()
    # The trail is append-only; the demo's own rows are the one thing a reset takes out of it.
    AuditEvent.objects.filter(programme_id__in=Programme.objects.filter(system__in=systems).values("pk")).purge()
    Person.objects.filter(pk__in=demo_people().values("pk")).delete()
    delete_sign_in_demo(systems)
    # Before the programmes: pseudonyms retention made in them would outlive them.
    Person.objects.filter(pseudonym__programme__system__in=systems).delete()
    figure_store.forget(Programme.objects.filter(system__in=systems).values_list("pk", flat=True))
    Programme.objects.filter(system__in=systems).delete()
    systems.delete()


def seed_demo(
    *, participants: int, seed: int, reset: bool, progress: ProgressFn | None = None, programmes: int = 1,
    systems: int = 1,
) -> DemoSummary:
    """Create the fictional demo system, programme and people; with reset, replace earlier demo data.
    `programmes` and `systems` add further programmes to the demo system and further systems with a
    programme each, every programme with `participants` participants."""
    if participants < MINIMUM_PARTICIPANTS:
        raise ValueError(f"The demo needs at least {MINIMUM_PARTICIPANTS} participants, one per place.")
    if not 1 <= programmes <= scale.MAX_PROGRAMMES:
        raise ValueError(f"The demo system holds 1 to {scale.MAX_PROGRAMMES} programmes, not {programmes}.")
    if not 1 <= systems <= scale.MAX_SYSTEMS:
        raise ValueError(f"The demo has 1 to {scale.MAX_SYSTEMS} systems, not {systems}.")
    started = time.perf_counter()
    report: ProgressFn | None = None
    if progress is not None and participants * (programmes + systems - 1) >= PROGRESS_EVERY:
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
        built = build_structure(participants=participants)
        # Hashing is deliberately slow, so the one real password is hashed once.
        people = PeopleFactory(random.Random(seed), demo_hash=make_password(DEMO_PASSWORD), now=timezone.now())
        if report:
            report(f"Building {participants:,} participants…")
        participant_rows, everyone, memberships = _people_of(built, people, participants=participants, report=report)
        funders, contributions = write_funding(built)
        seed_sponsor_demo(programme=built.programme, rng=random.Random(seed + 7))
        _seed_features(
            programme=built.programme, participants=participant_rows, seed=seed, report=report,
            demo_hash=people.demo_hash,
        )
        more = _seed_more(built, people, participants=participants, seed=seed, programmes=programmes,
                          systems=systems, report=report)
        if report:
            report("Offboarding a former pilot system…")
        seed_offboarded_demo(rng=random.Random(seed + 13), demo_hash=people.demo_hash)
        if report:
            report("Seeding a system part way through onboarding…")
        seed_onboarding_demo(demo_hash=people.demo_hash)
        if report:
            report("Seeding the second system, its programme started from the shipped template…")
        second = seed_second_system(people, participants=participants, lead_password=people.demo_hash)
        _seed_everyday_features(programme=second.built.programme, participants=second.participants,
                                key=f"{seed}:second-system", sessions=False)
        more.append((second.built, second.participants, second.people))
        # The further programmes' pasts too (their sessions' reminders, rounds' notices), so the
        # first periodic run after seeding still sends nothing.
        record_past_notices()
    every = [built, *(b for b, _, _ in more)]
    skeletons = {b.system.pk: b for b in every}.values()
    return DemoSummary(
        places=sum(len(b.places) for b in skeletons),
        organisations=sum(len(b.orgs) for b in skeletons),
        teams=sum(len(teams) for b in skeletons for teams in b.teams.values()),
        cohorts=Cohort.objects.filter(programme__in=[b.programme for b in every]).count(),
        participants=len(participant_rows) + sum(len(rows) for _, rows, _ in more),
        people=len(everyone) + sum(n for _, _, n in more),
        memberships=len(memberships) + sum(n for _, _, n in more),
        funders=funders,
        contributions=contributions,
        seconds=time.perf_counter() - started,
        programmes=len(every),
        systems=systems + 1,
    )


def _people_of(
    built: Built, people: PeopleFactory, *, participants: int, report: ProgressFn | None,
    staff_specs: tuple[StaffSpec, ...] | None = None,
) -> tuple[list[tuple[Person, Cohort]], list[Person], list[Membership]]:
    """A programme's participants and team, saved with where they work, their memberships and cohorts.
    Without `staff_specs` it is the first programme: its team is the demo's, with the demo sign-ins."""
    sign_ins = staff_specs is None
    participant_rows = build_participants(
        built, people, participants=participants, progress=report, sign_in=sign_ins
    )
    if staff_specs is None:
        staff_rows = build_staff(built, people, participant_rows)
    else:
        staff_rows = build_staff(built, people, participant_rows, staff_specs=staff_specs, sign_ins=False)
    everyone = [person for person, _ in participant_rows] + [person for person, _ in staff_rows]
    if report:
        report(f"Saving {len(everyone):,} people…")
    Person.objects.bulk_create(everyone, batch_size=BATCH_SIZE)
    record_new(
        (p, p.where.system_id, Work(organisation=p.where.organisation, team=p.where.team, place=p.where.place))
        for p in everyone
    )
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
    return participant_rows, everyone, memberships


def _seed_more(
    first: Built, people: PeopleFactory, *, participants: int, seed: int, programmes: int, systems: int,
    report: ProgressFn | None,
) -> list[tuple[Built, list[tuple[Person, Cohort]], int]]:
    """The further programmes of the demo system, then the further systems with one programme each,
    after the first programme is complete (so it is the same whatever else is seeded). Returns each
    programme with its participants and how many people (and memberships) it added."""
    plans: list[tuple[Built, tuple[StaffSpec, ...], str]] = []
    for n, title in enumerate(scale.DEMO_SYSTEM_PROGRAMMES[: programmes - 1], start=2):
        built = add_programme(first, title=title, summary=scale.summary(first.system.short_name),
                              participants=participants)
        plans.append((built, scale.DEMO_SYSTEM_STAFF, f"{seed}:programme:{n}"))
    for n, county in enumerate(scale.COUNTIES[: systems - 1], start=2):
        skeleton = build_system(
            name=county.system_name, short_name=county.name,
            data_controller=f"{scale.icb(county)} (fictional, for the demo)",
            privacy_contact=f"data.protection@{county.name.lower()}-icb.example",
            places=county.places, organisations=scale.organisations(county),
        )
        built = add_programme(skeleton, title=county.programme, summary=scale.summary(county.name),
                              participants=participants)
        plans.append((built, scale.staff(county), f"{seed}:system:{n}"))
    seeded = []
    for built, staff_specs, key in plans:
        if report:
            report(f"Seeding {built.programme.title}…")
        rows, everyone, _ = _people_of(built, people, participants=participants, report=report,
                                       staff_specs=staff_specs)
        _seed_everyday_features(programme=built.programme, participants=rows, key=key)
        seeded.append((built, rows, len(everyone)))
    return seeded


def _seed_everyday_features(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], key: str, sessions: bool = True
) -> None:
    """What a further programme's people use week by week, each feature from its own generator
    (without `sessions` for a programme whose sessions its template already scheduled)."""
    def rng(n: int) -> random.Random:
        return random.Random(f"{key}:{n}")

    seed_network_demo(programme=programme, participants=participants, rng=rng(1))
    seed_development_demo(programme=programme, participants=participants, rng=rng(2))
    seed_consent_demo(programme=programme, participants=participants, rng=rng(9))
    seed_grouping_demo(programme=programme, participants=participants, rng=rng(4))
    if sessions:
        schedule = rng(5)
        held = seed_sessions_demo(programme=programme, participants=participants, rng=schedule)
        seed_session_feedback_demo(
            programme=programme, sessions=held.sessions, attended=held.attended, now=held.now, rng=schedule
        )
        seed_attendance_demo(programme=programme, participants=participants, rng=schedule)
    figure_store.refresh_all(programme.pk)


def _seed_features(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], seed: int, report: ProgressFn | None,
    demo_hash: str,
) -> None:
    """Each feature's demo data, in the order the features build on one another, each from its own generator."""
    if report:
        report("Saving the relationship survey…")
    seed_network_demo(programme=programme, participants=participants, rng=random.Random(seed + 1))
    if report:
        report("Saving self-assessments, check-ins, goals and the journal…")
    seed_development_demo(programme=programme, participants=participants, rng=random.Random(seed + 2))
    if report:
        report("Recording consents and equality monitoring answers…")
    seed_consent_demo(programme=programme, participants=participants, rng=random.Random(seed + 9))
    if report:
        report("Saving applications, offers and the waiting list…")
    seed_recruitment_demo(programme=programme, rng=random.Random(seed + 3))
    seed_support_requests(programme=programme)
    if report:
        report("Forming and publishing learning sets…")
    seed_grouping_demo(programme=programme, participants=participants, rng=random.Random(seed + 4))
    if report:
        report("Scheduling modules and sessions, with replies, registers and table plans…")
    # The schedule and the feedback on its sessions share one generator, drawn in this order:
    # sessions and replies, then feedback from those who came, then registers and table plans.
    rng = random.Random(seed + 5)
    held = seed_sessions_demo(programme=programme, participants=participants, rng=rng)
    seed_session_feedback_demo(
        programme=programme, sessions=held.sessions, attended=held.attended, now=held.now, rng=rng
    )
    seed_attendance_demo(programme=programme, participants=participants, rng=rng)
    if report:
        report("Linking support in kind to its sessions; the budget and its spending…")
    seed_ledger_demo(programme=programme, rng=random.Random(seed + 10))
    if report:
        report("Proposing local issues, supports, challenge teams and outcomes…")
    seed_codesign_demo(programme=programme, participants=participants, rng=random.Random(seed + 6))
    seed_mentoring_demo(programme=programme, rng=random.Random(seed + 11))
    seed_alumni_demo(programme=programme, rng=random.Random(seed + 12), sign_in_password=demo_hash)
    seed_api_demo(programme=programme)
    if report:
        report("Recording the notices the demo's past already sent…")
    record_past_notices()
    if report:
        report("Recording who has seen whose data…")
    seed_audit_demo(programme=programme, rng=random.Random(seed + 8))
    seed_retention_demo(programme=programme)
    seed_sign_in_demo(programme=programme)
    if report:
        report("Computing the programme's figures…")
    # Bulk writes tell the figure store nothing; computing every kind once at the end means the
    # first page opened shows figures without waiting for them.
    figure_store.refresh_all(programme.pk)
    if report:
        report("Building the report packs…")
    seed_report_demo(programme=programme)
