"""Contributions recorded as units × pounds per unit become the ledger's fields."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.scratch_db import migrate, scratch_database

BEFORE = [("programmes", "0009_programme_min_module_days_to_complete")]
AFTER = [("programmes", "0012_contribution_constraints")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_units_into_a_commitment_or_a_market_value() -> None:
    with scratch_database() as scratch:
        old = migrate(scratch, BEFORE)
        system = old.get_model("programmes", "System").objects.create(name="Old System")
        programme = old.get_model("programmes", "Programme").objects.create(
            system=system, title="Old", starts_on="2026-04-06", ends_on="2026-12-31"
        )
        funder = old.get_model("programmes", "Funder").objects.create(system=system, name="Old Fund")
        contributions = old.get_model("programmes", "Contribution")
        contributions.objects.create(funder=funder, programme=programme, kind="cash", description="Two instalments",
                                     units=Decimal(2), unit_value=Decimal("60000"))
        contributions.objects.create(funder=funder, programme=programme, kind="in_kind", description="Facilitation days",
                                     units=Decimal(36), unit_value=Decimal("650"))

        new = migrate(scratch, AFTER).get_model("programmes", "Contribution")
        cash = new.objects.get(description="Two instalments")
        assert (cash.amount_committed, cash.committed_on, cash.amount_received) == (
            Decimal("120000.00"), dt.date(2026, 4, 6), None,
        )
        days = new.objects.get(description="Facilitation days")
        assert (days.valuation_basis, days.market_value, days.given_on, days.what) == (
            "market", Decimal("23400.00"), dt.date(2026, 4, 6), "Facilitation days",
        )
