"""Alice's development objects for tests that only get the shared `world` (the permission matrix).

Each helper creates its object the first time and returns the same one afterwards.
"""

import datetime as dt

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.development import catalogue, services
from commonground.development.models import (
    Goal,
    Instrument,
    JournalEntry,
    Response,
    Round,
    RoundKind,
)
from commonground.programmes.models import Cohort
from tests.conftest import World


def open_round(world: World, key: str, *, cohort: Cohort | None = None, kind: str = RoundKind.BASELINE,
               days_open: int = 14) -> Round:
    services.install_builtin_instruments()
    instrument = Instrument.objects.get(key=key)
    now = timezone.now()
    return services.create_round(
        programme=world.programme, cohort=cohort or world.east, instrument=instrument, kind=kind,
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=days_open),
    )


def east_self_assessment(world: World) -> Round:
    found = Round.objects.filter(
        cohort=world.east, instrument_version__instrument__key=catalogue.SELF_ASSESSMENT, kind=RoundKind.BASELINE
    ).first()
    return found or open_round(world, catalogue.SELF_ASSESSMENT)


def west_self_assessment(world: World) -> Round:
    found = Round.objects.filter(
        cohort=world.west, instrument_version__instrument__key=catalogue.SELF_ASSESSMENT, kind=RoundKind.BASELINE
    ).first()
    return found or open_round(world, catalogue.SELF_ASSESSMENT, cohort=world.west)


def east_resilience(world: World) -> Round:
    found = Round.objects.filter(
        cohort=world.east, instrument_version__instrument__key=catalogue.RESILIENCE, kind=RoundKind.BASELINE
    ).first()
    return found or open_round(world, catalogue.RESILIENCE)


def alice_resilience_response(world: World) -> Response:
    """Alice's own Brief Resilience Scale answers (health data), given with her consent."""
    found = Response.objects.filter(person=world.alice, round__instrument_version__instrument__key=catalogue.RESILIENCE).first()
    if found:
        return found
    services.give_health_consent(person=world.alice, programme=world.programme)
    return services.submit_response(
        survey_round=east_resilience(world), person=world.alice,
        answers={"brs1": 4, "brs2": 2, "brs3": 4, "brs4": 2, "brs5": 4, "brs6": 2},
    )


def alice_journal_entry(world: World) -> JournalEntry:
    found = JournalEntry.objects.filter(person=world.alice).first()
    return found or services.write_journal_entry(
        person=world.alice, programme=world.programme, body="I found it hard to trust the council team at first."
    )


def alice_goal(world: World) -> Goal:
    found = Goal.objects.filter(person=world.alice).first()
    return found or services.save_goal(
        person=world.alice, programme=world.programme, what="Meet the housing team", by_when=None
    )


def answer_self_assessment(survey_round: Round, person: Person, level: int) -> Response:
    """Every question answered at `level` (reversed ones the other way), so each dimension scores `level`."""
    definition = survey_round.instrument_version.parsed
    answers = {i.key: (6 - level if i.reversed else level) for i in definition.scale_items}
    return services.submit_response(survey_round=survey_round, person=person, answers=answers)
