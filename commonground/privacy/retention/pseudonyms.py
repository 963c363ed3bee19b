"""Pseudonymising answers and survey marks: each person's rows in one programme move onto a new
stand-in account, in batches (one UPDATE per batch of people, not one per person)."""

import random
import secrets
from collections.abc import Iterable, Iterator

from django.db import connection
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from commonground.accounts.models import Person
from commonground.development.models import Response
from commonground.network.models import TieReport
from commonground.privacy.models import Pseudonym, RetentionKind
from commonground.programmes.models import Programme

PSEUDONYM_NAME = ""  # a pseudonym has no name
PSEUDONYM_DOMAIN = "pseudonym.invalid"  # reserved: no mail can ever reach it
# People per UPDATE: two parameters per person in each CASE, well inside SQLite's and PostgreSQL's limits.
BATCH = 500


def _pseudonyms(*, programme: Programme, kind: str, person_ids: Iterable[int]) -> dict[int, int]:
    """A new pseudonym account for each person: person id → pseudonym id (kept in memory only)."""
    people = list(person_ids)
    random.SystemRandom().shuffle(people)  # account ids must not follow the people's order
    accounts = [
        Person(
            email=f"{secrets.token_hex(12)}@{PSEUDONYM_DOMAIN}",
            full_name=PSEUDONYM_NAME,
            is_active=False,
            password=f"!{secrets.token_urlsafe(30)}",  # unusable, as Django marks one
        )
        for _ in people
    ]
    Person.objects.bulk_create(accounts)
    Pseudonym.objects.bulk_create([Pseudonym(person=account, programme=programme, kind=kind) for account in accounts])
    return {person: account.pk for person, account in zip(people, accounts, strict=True)}


def _batches(mapping: dict[int, int]) -> Iterator[dict[int, int]]:
    items = sorted(mapping.items())
    for start in range(0, len(items), BATCH):
        yield dict(items[start : start + BATCH])


def _moved(column: str, batch: dict[int, int]) -> RawSQL:
    """The column's new value: the person's pseudonym for the people in the batch, else unchanged.

    Written as SQL rather than `Case(When(...))`: Django takes about half a millisecond to build each
    `When`, which for 20,000 people would cost more than the one UPDATE per person it replaces."""
    name = connection.ops.quote_name(column)
    whens = " ".join("WHEN %s THEN %s" for _ in batch)
    params = [value for pair in batch.items() for value in pair]
    return RawSQL(f"CASE {name} {whens} ELSE {name} END", params, output_field=BigIntegerField())


def pseudonymise_answers(programme: Programme, rows: QuerySet[Response]) -> None:
    round_ids = list(rows.values_list("round_id", flat=True).distinct())
    people = set(rows.values_list("person_id", flat=True))
    mapping = _pseudonyms(programme=programme, kind=RetentionKind.ANSWERS, person_ids=sorted(people))
    answers = Response.objects.filter(round_id__in=round_ids)
    for batch in _batches(mapping):
        answers.filter(person_id__in=list(batch)).update(person_id=_moved("person_id", batch))


def pseudonymise_marks(programme: Programme, rows: QuerySet[TieReport]) -> None:
    round_ids = list(rows.values_list("round_id", flat=True).distinct())
    named = {person for pair in rows.values_list("reporter_id", "colleague_id") for person in pair}
    # A mark already half moved (one side a pseudonym) keeps that pseudonym.
    done = set(
        Pseudonym.objects.filter(programme=programme, kind=RetentionKind.SURVEY_MARKS).values_list("person_id", flat=True)
    )
    mapping = _pseudonyms(programme=programme, kind=RetentionKind.SURVEY_MARKS, person_ids=sorted(named - done))
    marks = TieReport.objects.filter(round_id__in=round_ids)
    # Pseudonyms are new accounts, never a key of the mapping, so a mark whose two people fall in
    # different batches has one side moved by each, and no side moves twice.
    for batch in _batches(mapping):
        people = list(batch)
        marks.filter(Q(reporter_id__in=people) | Q(colleague_id__in=people)).update(
            reporter_id=_moved("reporter_id", batch), colleague_id=_moved("colleague_id", batch)
        )
