"""Deterministic, fictional demo data: one system, four places, about sixty partner organisations
and one programme with four place cohorts, at any size (400 participants by default), then each
feature's own demo data on top.

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
from commonground.demo.consents import seed_consent_demo
from commonground.demo.ledger import seed_ledger_demo, write_funding
from commonground.demo.past import record_past_notices
from commonground.demo.people import DEMO_PASSWORD, SIGN_INS, PeopleFactory
from commonground.demo.programme import (
    DEMO_SYSTEM_NAME,
    PROGRESS_EVERY,
    ProgressFn,
    build_participants,
    build_staff,
    build_structure,
)
from commonground.demo.reports import seed_report_demo
from commonground.demo.retention import seed_retention_demo
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


def demo_people() -> QuerySet[Person]:
    """Everyone the demo created: demo sign-ins and people of the demo system's organisations."""
    systems = System.objects.filter(name=DEMO_SYSTEM_NAME)
    return Person.objects.filter(email__endswith=".example").filter(
        Q(email__in=list(SIGN_INS))
        | Q(affiliations__system__in=systems)
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
        built = build_structure(participants=participants)
        # Hashing is deliberately slow, so the one real password is hashed once.
        people = PeopleFactory(random.Random(seed), demo_hash=make_password(DEMO_PASSWORD), now=timezone.now())
        if report:
            report(f"Building {participants:,} participants…")
        participant_rows = build_participants(built, people, participants=participants, progress=report)
        staff_rows = build_staff(built, people, participant_rows)
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
        funders, contributions = write_funding(built)
        seed_sponsor_demo(programme=built.programme, rng=random.Random(seed + 7))
        _seed_features(
            programme=built.programme, participants=participant_rows, seed=seed, report=report,
            demo_hash=people.demo_hash,
        )
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
