"""A programme to save as a template, built on the shared `World`: Lena's Heartlands 500 with a
module, a session for each cohort and one for everyone, rounds, quotas, who may apply and a budget."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from commonground.blueprints import services
from commonground.blueprints.models import ProgrammeTemplate
from commonground.development import services as development
from commonground.development.models import Instrument, RoundKind
from commonground.programmes import ledger
from commonground.programmes.models import Programme, Sector
from commonground.recruitment.models import EligibilityRule, Quota, QuotaDimension
from commonground.schedule.models import SessionKind
from commonground.schedule.services.sessions import create_session, save_module
from tests.conftest import World

LONDON = ZoneInfo("Europe/London")
# Heartlands 500 runs from 1 September 2026 (a Tuesday) to 31 May 2027 (tests/factories.py).


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


def shaped(w: World) -> Programme:
    """Heartlands 500 with everything a template keeps."""
    programme = w.programme
    rule = EligibilityRule.objects.create(programme=programme, allowed_seniority=["frontline"], offer_days=10)
    rule.allowed_places.set([w.east.place])
    Quota.objects.create(cohort=w.east, dimension=QuotaDimension.SECTOR, sector=Sector.VOLUNTARY_COMMUNITY,
                         min_share=10)
    Quota.objects.create(cohort=w.west, dimension=QuotaDimension.ORGANISATION, max_share=25)
    charity = w.carol.affiliations.get().organisation
    module = save_module(programme=programme, title="Leading across boundaries", partner_id=charity.pk, order=1)
    create_session(programme=programme, cohorts=[w.east], kind=SessionKind.LAUNCH, title="Launch day: East Surrey cohort",
                   starts_at=at(dt.date(2026, 9, 1), 9, 30), ends_at=at(dt.date(2026, 9, 1), 16),
                   venue_name="Redhill Community Hub")
    # Late March: after the clocks go forward, still half past nine in London.
    create_session(programme=programme, cohorts=[w.west], module=module, title="Leading across boundaries (Guildford and Waverley cohort)",
                   starts_at=at(dt.date(2027, 3, 30), 9, 30), ends_at=at(dt.date(2027, 3, 30), 16, 30), capacity=40)
    create_session(programme=programme, kind=SessionKind.DEVELOPMENT_DAY, title="System summit",
                   starts_at=at(dt.date(2027, 1, 12), 9, 30), ends_at=at(dt.date(2027, 1, 12), 16))
    development.install_builtin_instruments()
    development.create_round(
        programme=programme, cohort=w.east, instrument=Instrument.objects.get(key="brief-resilience-scale"),
        kind=RoundKind.BASELINE, opens_at=at(dt.date(2026, 8, 25), 9), closes_at=at(dt.date(2026, 9, 15), 17),
    )
    ledger.create_budget_line(programme=programme, by=w.lena,
                              details=ledger.BudgetLineDetails(name="Venues", amount_budgeted=Decimal("36000"), order=1))
    return programme


def template(w: World, name: str = "Heartlands intake") -> ProgrammeTemplate:
    return services.save_as_template(shaped(w), name=name, by=w.lena)
