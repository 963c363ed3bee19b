"""The demo's consent ledger and equality monitoring answers.

The features' demos write their own records of people's choices in bulk (`RosterConsent`,
`HealthDataConsent`); here each of those choices gets its ledger row under the current wording,
dated from the choice, as the services would have written it. Then about two in three
participants answer the equality monitoring questions (the demo participant among them), each
after their own consent, and a few others gave that consent and withdrew it (a dated record, no
answers). The answers are drawn so that the programme's figures show most cells and hide a few
small ones (people aged 65 or over, "Other ethnic group"), which the lead's page then shows as
"not shown".
"""

import datetime as dt
import random

from django.utils import timezone

from commonground.accounts import consents
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.development.models import (
    AgeBand,
    Disability,
    EqualityAnswers,
    EthnicGroup,
    HealthDataConsent,
    Sex,
)
from commonground.network.models import RosterConsent
from commonground.programmes.models import Cohort, Programme

BATCH_SIZE = 2000
DEMO_EMAIL = "participant@demo.example"
ANSWER_SHARE = 0.65
WITHDRAWN_SHARE = 0.03

# Weights loosely shaped like a health and care workforce in the South East; fictional.
ETHNIC_GROUPS = {
    EthnicGroup.WHITE: 70, EthnicGroup.ASIAN: 12, EthnicGroup.BLACK: 7, EthnicGroup.MIXED: 3,
    EthnicGroup.OTHER: 1, EthnicGroup.PREFER_NOT: 4, "": 3,
}
DISABILITY = {Disability.NO: 78, Disability.YES: 12, Disability.PREFER_NOT: 6, "": 4}
SEX = {Sex.FEMALE: 68, Sex.MALE: 27, Sex.PREFER_NOT: 4, "": 1}
AGE_BANDS = {
    AgeBand.UNDER_25: 3, AgeBand.FROM_25: 20, AgeBand.FROM_35: 28, AgeBand.FROM_45: 27, AgeBand.FROM_55: 17,
    AgeBand.FROM_65: 1, AgeBand.PREFER_NOT: 3, "": 1,
}


def _draw(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def seed_consent_demo(*, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random) -> int:
    """Ledger rows for the features' consents, then equality answers; returns how many ledger rows."""
    records: list[ConsentRecord] = []

    def record(person_id: int, purpose: Purpose, given_at: dt.datetime, withdrawn_at: dt.datetime | None = None) -> None:
        records.append(ConsentRecord(
            person_id=person_id, programme_id=programme.pk, purpose=purpose,
            wording_version=consents.CURRENT[purpose], given_at=given_at, withdrawn_at=withdrawn_at,
        ))

    for roster in RosterConsent.objects.filter(programme=programme, listed=True).order_by("pk"):
        record(roster.person_id, Purpose.ROSTER, roster.decided_at)
        if roster.named_on_maps:
            record(roster.person_id, Purpose.NAMED_ON_MAPS, roster.decided_at)
    for health in HealthDataConsent.objects.filter(programme=programme, given_at__isnull=False).order_by("pk"):
        if health.given_at is not None:
            record(health.person_id, Purpose.HEALTH_DATA, health.given_at, health.withdrawn_at)

    now = timezone.now()
    answers: list[EqualityAnswers] = []
    for person, _cohort in participants:
        given_at = now - dt.timedelta(days=rng.randint(3, 70), minutes=rng.randint(0, 600))
        chance = rng.random()
        if person.email == DEMO_EMAIL or chance < ANSWER_SHARE:
            record(person.pk, Purpose.EQUALITY, given_at)
            answers.append(EqualityAnswers(
                person=person, programme=programme, answered_at=given_at,
                ethnic_group=_draw(rng, ETHNIC_GROUPS), disability=_draw(rng, DISABILITY),
                sex=_draw(rng, SEX), age_band=_draw(rng, AGE_BANDS),
            ))
        elif chance < ANSWER_SHARE + WITHDRAWN_SHARE:
            record(person.pk, Purpose.EQUALITY, given_at, given_at + dt.timedelta(days=rng.randint(1, 3)))
    ConsentRecord.objects.bulk_create(records, batch_size=BATCH_SIZE)
    EqualityAnswers.objects.bulk_create(answers, batch_size=BATCH_SIZE)
    return len(records)
