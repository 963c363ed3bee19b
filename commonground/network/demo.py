"""Relationship survey data for the demo programme: consents, two rounds of answers, launch-table encounters."""

import datetime as dt
import random
from collections import defaultdict
from itertools import combinations
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.network.models import (
    Encounter,
    EncounterSource,
    RosterConsent,
    RoundKind,
    SurveyRound,
    TieReport,
)
from commonground.programmes.models import Cohort, Programme
from commonground.programmes.where import by_person

BATCH_SIZE = 2000
LAUNCH_TABLE_SIZE = 8


def seed_network_demo(*, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random) -> int:
    """Consents for most people, a closed start round and an open midpoint round per cohort, launch tables."""
    now = timezone.now()
    consents = []
    listed: dict[int, list[Person]] = defaultdict(list)
    for person, cohort in participants:
        is_demo = person.email == "participant@demo.example"
        choice = is_demo or rng.random() < 0.85
        consents.append(
            RosterConsent(person=person, programme=programme, listed=choice, named_on_maps=choice and rng.random() < 0.3)
        )
        if choice:
            listed[cohort.pk].append(person)
    RosterConsent.objects.bulk_create(consents, batch_size=BATCH_SIZE)

    rounds: list[tuple[SurveyRound, SurveyRound]] = []
    for cohort in {c.pk: c for _, c in participants}.values():
        opened = dt.datetime.combine(cohort.starts_on, dt.time(9), tzinfo=dt.UTC)
        start = SurveyRound(programme=programme, cohort=cohort, kind=RoundKind.START,
                            opens_at=opened, closes_at=opened + dt.timedelta(days=21))
        midpoint = SurveyRound(programme=programme, cohort=cohort, kind=RoundKind.MIDPOINT,
                               opens_at=now - dt.timedelta(days=10), closes_at=now + dt.timedelta(days=21))
        rounds.append((start, midpoint))
    SurveyRound.objects.bulk_create([r for pair in rounds for r in pair])

    # Where each person works is their affiliation in the programme's system.
    found = by_person(system_id=programme.system_id, person_ids=[p.pk for p, _ in participants])
    org_of = {pid: a.organisation_id for pid, a in found.items()}
    reports: list[tuple[Any, ...]] = []
    encounters: list[tuple[Any, ...]] = []
    for start, midpoint in rounds:
        people = listed[start.cohort_id or 0]
        by_org: dict[int | None, list[Person]] = defaultdict(list)
        for person in people:
            by_org[org_of.get(person.pk)].append(person)
        # Launch event: tables of eight, mixed by dealing people out in organisation order.
        ordered = sorted(people, key=lambda p: (org_of.get(p.pk) or 0, rng.random()))
        tables = max(1, len(ordered) // LAUNCH_TABLE_SIZE)
        seated: dict[int, list[Person]] = defaultdict(list)
        for i, person in enumerate(ordered):
            seated[i % tables].append(person)
        table_mates: dict[int, list[Person]] = defaultdict(list)
        for table, members in seated.items():
            for a, b in combinations(sorted(members, key=lambda p: p.pk), 2):
                encounters.append((
                    programme.pk, a.pk, b.pk, EncounterSource.SESSION_TABLE.value,
                    f"Launch event, table {table + 1}", f"launch-{start.cohort_id}-{table + 1}", start.opens_at.date(),
                ))
                table_mates[a.pk].append(b)
                table_mates[b.pk].append(a)
        for person in people:
            colleagues = [p for p in by_org[org_of.get(person.pk)] if p.pk != person.pk]
            # A few people from elsewhere in the cohort (sampled, not listed out: cohorts can be thousands).
            others = [p for p in rng.sample(people, min(len(people), 6)) if org_of.get(p.pk) != org_of.get(person.pk)]
            # About 80% of the ties people bring are inside their own organisation.
            known = set(rng.sample(colleagues, min(len(colleagues), 4)))
            known |= set(others[:1])
            answered_start = person.email == "participant@demo.example" or rng.random() < 0.75
            answered_mid = person.email == "participant@demo.example" or rng.random() < 0.6
            if answered_start:
                reports += [(start.pk, person.pk, c.pk, True, rng.random() < 0.6, rng.random() < 0.3, now) for c in known]
            if answered_mid:
                met = [p for p in table_mates[person.pk] if p not in known]
                new = set(rng.sample(met, min(len(met), 3))) | set(others[1:3])
                reports += [(midpoint.pk, person.pk, c.pk, True, rng.random() < 0.3, rng.random() < 0.2, now)
                            for c in sorted(known | new, key=lambda p: p.pk) if c.pk != person.pk]
    # Hundreds of thousands of rows at load-test sizes: plain inserts, skipping model instances.
    _insert(TieReport, ["round_id", "reporter_id", "colleague_id", "knows", "worked_with", "go_to_for_help", "updated_at"], reports)
    _insert(Encounter, ["programme_id", "person_a_id", "person_b_id", "source", "source_label", "source_ref", "occurred_on"], encounters)
    return len(reports)


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for begin in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[begin : begin + BATCH_SIZE])
