"""The ledger's figures: totals by funder and budget against spending, within a period, in a fixed
number of queries."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonground.programmes import ledger, ledger_queries
from commonground.programmes.ledger_queries import Period
from commonground.programmes.models import ContributionKind, Funder, ValuationBasis
from commonground.schedule.models import Session, SessionStatus
from tests.conftest import World
from tests.programmes import ledger_objects as objects

LONDON = ZoneInfo("Europe/London")
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))
MAY = Period(dt.date(2026, 5, 1), dt.date(2026, 5, 31))
JUNE = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))


def totals(world: World, period: Period = ledger_queries.WHOLE, funder: Funder | None = None) -> dict[str, tuple[Decimal, Decimal, Decimal]]:
    return {
        t.funder.name: (t.cash_committed, t.cash_received, t.in_kind)
        for t in ledger_queries.funder_totals(world.programme, period=period, funder=funder)
    }


def module_day(world: World, day: dt.date, *, programme=None, cancelled: bool = False) -> Session:  # type: ignore[no-untyped-def]
    return Session.objects.create(
        programme=programme or world.programme, title=f"Module day {day:%d %b}",
        starts_at=dt.datetime.combine(day, dt.time(9, 30), tzinfo=LONDON),
        ends_at=dt.datetime.combine(day, dt.time(16, 30), tzinfo=LONDON),
        status=SessionStatus.CANCELLED if cancelled else SessionStatus.SCHEDULED,
    )


@pytest.fixture
def funded(world: World) -> World:
    """The trust's £60,000 (committed on the programme's first day) and two instalments from the council:
    £20,000 committed in April and received in May, £30,000 committed in May and not yet received."""
    world.programme.starts_on = dt.date(2026, 4, 6)
    world.programme.save()
    grant = objects.trust_grant(world)
    grant.committed_on = dt.date(2026, 4, 6)
    grant.save()
    council = ledger.create_funder(
        programme=world.programme, by=world.lena, details=ledger.FunderDetails(name="Northshire County Council")
    )
    for amount, committed, received in (
        (20000, dt.date(2026, 4, 20), dt.date(2026, 5, 15)),
        (30000, dt.date(2026, 5, 4), None),
    ):
        ledger.create_contribution(
            programme=world.programme, by=world.lena,
            details=ledger.ContributionDetails(
                funder=council, kind=ContributionKind.CASH, description=f"Instalment of £{amount}",
                amount_committed=Decimal(amount), committed_on=committed,
                amount_received=Decimal(amount) if received else None, received_on=received,
            ),
        )
    return world


def test_cash_counts_when_committed_and_when_received(funded: World) -> None:
    assert totals(funded) == {
        "Heartlands Charitable Trust": (Decimal("60000.00"), Decimal("0.00"), Decimal("0.00")),
        "Northshire County Council": (Decimal("50000.00"), Decimal("20000.00"), Decimal("0.00")),
    }
    assert totals(funded, APRIL)["Northshire County Council"] == (Decimal("20000.00"), Decimal("0.00"), Decimal("0.00"))
    assert totals(funded, MAY)["Northshire County Council"] == (Decimal("30000.00"), Decimal("20000.00"), Decimal("0.00"))
    assert totals(funded, Period(ends_on=dt.date(2026, 4, 19))) == {
        "Heartlands Charitable Trust": (Decimal("60000.00"), Decimal("0.00"), Decimal("0.00")),
        "Northshire County Council": (Decimal("0.00"), Decimal("0.00"), Decimal("0.00")),
    }


def test_totals_can_be_for_one_funder(funded: World) -> None:
    council = Funder.objects.get(name="Northshire County Council")
    assert list(totals(funded, MAY, funder=council)) == ["Northshire County Council"]


def test_support_in_kind_counts_by_the_sessions_it_delivered_in_the_period(funded: World) -> None:
    days = objects.partner_days(funded)  # £6,840, given on the programme's first day
    sessions = [module_day(funded, d) for d in (dt.date(2026, 4, 28), dt.date(2026, 5, 12), dt.date(2026, 5, 26))]
    cancelled = module_day(funded, dt.date(2026, 6, 9))
    Session.objects.filter(pk__in=[s.pk for s in [*sessions, cancelled]]).update(delivered_under=days)
    Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)  # delivered nothing

    partner = objects.partner(funded).name
    assert totals(funded)[partner][2] == Decimal("6840.00")
    assert totals(funded, APRIL)[partner][2] == Decimal("2280.00")  # one of its three sessions
    assert totals(funded, MAY)[partner][2] == Decimal("4560.00")  # two of three
    assert totals(funded, JUNE)[partner][2] == Decimal("0.00")


def test_support_in_kind_with_no_session_counts_whole_on_the_day_it_was_given(funded: World) -> None:
    objects.partner_days(funded)
    partner = objects.partner(funded).name
    assert totals(funded, APRIL)[partner][2] == Decimal("6840.00")  # given on 6 April
    assert totals(funded, MAY)[partner][2] == Decimal("0.00")


def test_budget_against_spending_within_a_period_and_what_remains_at_its_end(funded: World) -> None:
    line = objects.venues(funded)  # £20,000
    for day, amount in ((dt.date(2026, 4, 10), "1200"), (dt.date(2026, 5, 10), "3000.50"), (dt.date(2026, 6, 10), "800")):
        ledger.create_spend(
            programme=funded.programme, by=funded.lena,
            details=ledger.SpendDetails(budget_line=line, spent_on=day, amount=Decimal(amount), description="Rooms"),
        )
    whole = ledger_queries.budget_against_spend(funded.programme)
    assert (whole.rows[0].spent, whole.rows[0].remaining) == (Decimal("5000.50"), Decimal("14999.50"))
    may = ledger_queries.budget_against_spend(funded.programme, period=MAY)
    assert (may.rows[0].spent, may.rows[0].spent_to_date, may.rows[0].remaining) == (
        Decimal("3000.50"), Decimal("4200.50"), Decimal("15799.50"),
    )
    assert (may.budgeted, may.spent) == (Decimal("20000.00"), Decimal("3000.50"))
    assert [s.amount for s in ledger_queries.spending(funded.programme, period=MAY)] == [Decimal("3000.50")]


def test_a_commercial_funders_transfers_of_value_are_listed_with_recipient_date_value_and_nature(funded: World) -> None:
    objects.partner_days(funded)
    (row,) = ledger_queries.transfers_of_value(funded.programme, funder=objects.partner(funded))
    assert (row.recipient, row.date, row.value, row.nature) == (
        "Surrey Acute", dt.date(2026, 4, 6), Decimal("6840.00"), "Donations and grants",
    )
    assert ledger_queries.transfers_of_value(funded.programme, funder=objects.trust(funded)) == []


def test_the_history_names_who_made_each_change_and_labels_each_field(funded: World) -> None:
    rows = ledger_queries.recent_history(funded.programme, limit=1)
    assert rows[0].by == "Lena Lead"
    assert {f.label for f in rows[0].fields} >= {"amount committed", "committed on"}


def _queries(world: World, period: Period) -> int:
    with CaptureQueriesContext(connection) as ran:
        ledger_queries.funder_totals(world.programme, period=period)
        ledger_queries.budget_against_spend(world.programme, period=period)
        ledger_queries.transfers_of_value(world.programme)
    return len(ran.captured_queries)


def test_the_figures_take_the_same_number_of_queries_however_long_the_ledger(funded: World) -> None:
    before = _queries(funded, MAY)
    for n in range(12):
        funder = ledger.create_funder(
            programme=funded.programme, by=funded.lena, details=ledger.FunderDetails(name=f"Funder {n}")
        )
        ledger.create_contribution(
            programme=funded.programme, by=funded.lena,
            details=ledger.ContributionDetails(
                funder=funder, kind=ContributionKind.IN_KIND, description="Rooms", what="Rooms",
                valuation_basis=ValuationBasis.MARKET, market_value=Decimal(100 + n), given_on=dt.date(2026, 5, 2),
            ),
        )
        session = module_day(funded, dt.date(2026, 5, 3))
        Session.objects.filter(pk=session.pk).update(delivered_under=funder.contributions.get())
    assert _queries(funded, MAY) == before == 5
