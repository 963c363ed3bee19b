"""The funding ledger's writer: every change keeps a history row with the figures before and after,
bad input is refused naming the field, and the database refuses rows that break the rules."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from commonground.programmes import ledger
from commonground.programmes.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerAction,
    LedgerChange,
    LedgerRecord,
    Membership,
    Organisation,
    Role,
    Spend,
    TransferNature,
    ValuationBasis,
)
from tests.conftest import World
from tests.programmes import ledger_objects as objects


def changes(record: str) -> list[LedgerChange]:
    return list(LedgerChange.objects.filter(record=record).order_by("pk"))


def cash(world: World, **overrides: object) -> ledger.ContributionDetails:
    fields: dict[str, object] = {
        "funder": objects.trust(world), "kind": ContributionKind.CASH, "description": "Second instalment",
        "amount_committed": Decimal("25000"), "committed_on": dt.date(2026, 4, 1),
    }
    fields.update(overrides)
    return ledger.ContributionDetails(**fields)  # type: ignore[arg-type]


def refused(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# -- History ----------------------------------------------------------------------------------


def test_adding_changing_and_deleting_a_funder_each_keep_a_history_row(world: World) -> None:
    funder = ledger.create_funder(
        programme=world.programme, by=world.lena,
        details=ledger.FunderDetails(name="Northshire Community Foundation", charity_number="1234567",
                                     org_identifier="GB-CHC-1234567"),
    )
    ledger.update_funder(
        programme=world.programme, by=world.lena, funder=funder,
        details=ledger.FunderDetails(name="Northshire Community Foundation", charity_number="1234567",
                                     org_identifier="GB-CHC-1234567", commercial=False,
                                     organisation=Organisation.objects.get(name="Community Action")),
    )
    ledger.delete_funder(programme=world.programme, by=world.lena, funder=funder)

    added, changed, deleted = changes(LedgerRecord.FUNDER)
    assert (added.action, changed.action, deleted.action) == ("created", "changed", "deleted")
    assert added.changes["org_identifier"] == ["", "GB-CHC-1234567"]
    assert changed.changes == {"organisation": ["", "Community Action"]}
    assert deleted.changes["name"] == ["Northshire Community Foundation", ""]
    assert {c.actor_id for c in (added, changed, deleted)} == {world.lena.pk}
    assert {c.programme_id for c in (added, changed, deleted)} == {world.programme.pk}
    assert not Funder.objects.filter(name="Northshire Community Foundation").exists()


def test_recording_cash_received_keeps_the_amount_and_date_before_and_after(world: World) -> None:
    grant = ledger.create_contribution(programme=world.programme, by=world.lena, details=cash(world))
    ledger.update_contribution(
        programme=world.programme, by=world.lena, contribution=grant,
        details=cash(world, amount_received=Decimal("25000"), received_on=dt.date(2026, 5, 12)),
    )
    added, received = changes(LedgerRecord.CONTRIBUTION)
    assert added.changes["amount_committed"] == ["", "25000.00"]
    assert added.changes["kind"] == ["", "Cash"]
    assert received.changes == {"amount_received": ["", "25000.00"], "received_on": ["", "2026-05-12"]}
    assert received.label == "Heartlands Charitable Trust: Second instalment"


def test_saving_a_contribution_unchanged_adds_no_history(world: World) -> None:
    grant = ledger.create_contribution(programme=world.programme, by=world.lena, details=cash(world))
    ledger.update_contribution(programme=world.programme, by=world.lena, contribution=grant, details=cash(world))
    assert len(changes(LedgerRecord.CONTRIBUTION)) == 1


def test_a_budget_line_and_its_spending_keep_their_history_and_deleting_spending_says_what_it_was(
    world: World,
) -> None:
    line = ledger.create_budget_line(
        programme=world.programme, by=world.lena,
        details=ledger.BudgetLineDetails(name="Coaching", amount_budgeted=Decimal("12000"), order=3),
    )
    ledger.update_budget_line(
        programme=world.programme, by=world.lena, budget_line=line,
        details=ledger.BudgetLineDetails(name="Coaching", amount_budgeted=Decimal("15000"), order=3),
    )
    spend = ledger.create_spend(
        programme=world.programme, by=world.lena,
        details=ledger.SpendDetails(budget_line=line, spent_on=dt.date(2026, 6, 1), amount=Decimal("850.50"),
                                    description="Coaching for the East cohort", paid_to="Surrey Coaching Network"),
    )
    ledger.update_spend(
        programme=world.programme, by=world.lena, spend=spend,
        details=ledger.SpendDetails(budget_line=line, spent_on=dt.date(2026, 6, 2), amount=Decimal("850.50"),
                                    description="Coaching for the East cohort", paid_to="Surrey Coaching Network"),
    )
    ledger.delete_spend(programme=world.programme, by=world.lena, spend=spend)

    assert [c.changes for c in changes(LedgerRecord.BUDGET_LINE)][1] == {"amount_budgeted": ["12000.00", "15000.00"]}
    added, moved, deleted = changes(LedgerRecord.SPEND)
    assert added.changes["amount"] == ["", "850.50"] and added.changes["budget_line"] == ["", "Coaching"]
    assert moved.changes == {"spent_on": ["2026-06-01", "2026-06-02"]}
    assert deleted.action == LedgerAction.DELETED and deleted.changes["amount"] == ["850.50", ""]
    assert not Spend.objects.exists()


def test_the_history_holds_money_and_names_of_rows_never_a_persons_details(world: World) -> None:
    ledger.create_contribution(programme=world.programme, by=world.lena, details=cash(world))
    row = LedgerChange.objects.get()
    assert row.actor_id == world.lena.pk
    text = str(row.changes) + row.label
    assert "Lena" not in text and world.lena.email not in text


def test_when_the_history_cannot_be_written_the_change_is_not_made_either(world: World) -> None:
    with (
        mock.patch.object(LedgerChange.objects, "create", side_effect=RuntimeError("history unavailable")),
        pytest.raises(RuntimeError),
    ):
        ledger.create_contribution(programme=world.programme, by=world.lena, details=cash(world))
    assert not Contribution.objects.filter(description="Second instalment").exists()


# -- Refusals naming the field ----------------------------------------------------------------


def test_cash_without_an_amount_or_date_committed_is_refused_naming_both(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(
            programme=world.programme, by=world.lena, details=cash(world, amount_committed=None, committed_on=None)
        )
    assert set(refused(error)) == {"amount_committed", "committed_on"}
    assert not LedgerChange.objects.exists()


def test_more_received_than_committed_or_a_received_amount_without_its_date_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(
            programme=world.programme, by=world.lena,
            details=cash(world, amount_received=Decimal("30000"), received_on=dt.date(2026, 5, 1)),
        )
    assert refused(error) == {"amount_received": ["Amount received must not be more than the amount committed."]}
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(
            programme=world.programme, by=world.lena, details=cash(world, amount_received=Decimal("100"))
        )
    assert set(refused(error)) == {"received_on"}


def test_support_in_kind_needs_what_it_is_its_valuation_and_a_date(world: World) -> None:
    details = ledger.ContributionDetails(
        funder=objects.trust(world), kind=ContributionKind.IN_KIND, description="Rooms",
        valuation_basis=ValuationBasis.HOURS, hours=Decimal("10"),
    )
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(programme=world.programme, by=world.lena, details=details)
    assert set(refused(error)) == {"what", "given_on", "hourly_rate"}


def test_a_commercial_partners_support_in_kind_must_carry_its_transfer_of_value(world: World) -> None:
    details = ledger.ContributionDetails(
        funder=objects.partner(world), kind=ContributionKind.IN_KIND, description="Module days",
        what="Facilitation", valuation_basis=ValuationBasis.MARKET, market_value=Decimal("4000"),
        given_on=world.programme.starts_on,
    )
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(programme=world.programme, by=world.lena, details=details)
    assert set(refused(error)) == {"transfer_recipient", "transfer_date", "transfer_value", "transfer_nature"}


def test_a_transfer_of_value_to_an_organisation_of_another_system_is_refused(world: World, elsewhere) -> None:  # type: ignore[no-untyped-def]
    details = ledger.ContributionDetails(
        funder=objects.partner(world), kind=ContributionKind.IN_KIND, description="Module days",
        what="Facilitation", valuation_basis=ValuationBasis.MARKET, market_value=Decimal("4000"),
        given_on=world.programme.starts_on, transfer_recipient=elsewhere.organisation,
        transfer_date=world.programme.starts_on, transfer_value=Decimal("4000"), transfer_nature=TransferNature.FEES,
    )
    with pytest.raises(ValidationError) as error:
        ledger.create_contribution(programme=world.programme, by=world.lena, details=details)
    assert set(refused(error)) == {"transfer_recipient"}


def test_fields_of_the_other_kind_are_left_empty_and_a_non_commercial_funder_discloses_nothing(world: World) -> None:
    grant = ledger.create_contribution(
        programme=world.programme, by=world.lena,
        details=cash(world, hours=Decimal("5"), what="ignored", transfer_value=Decimal("1"), transfer_nature="fees"),
    )
    assert (grant.hours, grant.what, grant.transfer_value, grant.transfer_nature) == (None, "", None, "")
    assert grant.value == Decimal("25000")


def test_an_identifier_must_have_a_registers_prefix_and_agree_with_the_number_given(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ledger.create_funder(
            programme=world.programme, by=world.lena,
            details=ledger.FunderDetails(name="Shapeless", org_identifier="1234567"),
        )
    assert set(refused(error)) == {"org_identifier"}
    with pytest.raises(ValidationError) as error:
        ledger.create_funder(
            programme=world.programme, by=world.lena,
            details=ledger.FunderDetails(name="Mismatched", charity_number="1234567", org_identifier="GB-CHC-7654321"),
        )
    assert refused(error) == {
        "org_identifier": ["Organisation identifier must be GB-CHC-1234567, to match the charity number."]
    }
    with pytest.raises(ValidationError) as error:
        ledger.create_funder(
            programme=world.programme, by=world.lena,
            details=ledger.FunderDetails(name="Short company", company_number="123"),
        )
    assert set(refused(error)) == {"company_number"}
    assert not LedgerChange.objects.exists()


def test_a_funders_name_is_one_per_system(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ledger.create_funder(
            programme=world.programme, by=world.lena, details=ledger.FunderDetails(name="heartlands charitable trust")
        )
    assert set(refused(error)) == {"name"}


def test_a_funder_with_contributions_and_a_line_with_spending_are_not_deleted(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        ledger.delete_funder(programme=world.programme, by=world.lena, funder=objects.trust(world))
    assert "1 contribution recorded" in refused(error)["funder"][0]
    with pytest.raises(ValidationError):
        ledger.delete_budget_line(programme=world.programme, by=world.lena, budget_line=objects.lunch(world).budget_line)
    assert BudgetLine.objects.filter(pk=objects.venues(world).pk).exists()
    assert not LedgerChange.objects.filter(action=LedgerAction.DELETED).exists()


def test_another_programmes_rows_cannot_be_changed_through_this_one(world: World) -> None:
    with pytest.raises(ValidationError):
        ledger.update_contribution(
            programme=world.programme, by=world.lena, contribution=objects.elsewhere_grant(world), details=cash(world)
        )
    with pytest.raises(ValidationError):
        ledger.create_spend(
            programme=world.programme, by=world.lena,
            details=ledger.SpendDetails(budget_line=objects.elsewhere_line(world), spent_on=dt.date(2026, 6, 1),
                                        amount=Decimal("10"), description="Stray"),
        )
    assert objects.elsewhere_grant(world).description == "Elsewhere grant"


# -- The database's own rules -----------------------------------------------------------------


def _row(world: World, **fields: object) -> None:
    with transaction.atomic():
        Contribution.objects.create(programme=world.programme, funder=objects.trust(world), description="Raw", **fields)


def test_the_database_refuses_cash_without_a_commitment(world: World) -> None:
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.CASH, amount_committed=Decimal("100"))
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.CASH, committed_on=dt.date(2026, 4, 1))


def test_the_database_refuses_support_in_kind_without_a_valuation(world: World) -> None:
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.IN_KIND, what="Rooms", given_on=dt.date(2026, 4, 1))
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.IN_KIND, what="Rooms", given_on=dt.date(2026, 4, 1),
             valuation_basis=ValuationBasis.HOURS, hours=Decimal("3"))
    _row(world, kind=ContributionKind.IN_KIND, what="Rooms", given_on=dt.date(2026, 4, 1),
         valuation_basis=ValuationBasis.MARKET, market_value=Decimal("300"))


def test_the_database_refuses_half_a_transfer_of_value_and_a_received_amount_without_its_date(world: World) -> None:
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.IN_KIND, what="Rooms", given_on=dt.date(2026, 4, 1),
             valuation_basis=ValuationBasis.MARKET, market_value=Decimal("300"), transfer_value=Decimal("300"))
    with pytest.raises(IntegrityError):
        _row(world, kind=ContributionKind.CASH, amount_committed=Decimal("100"), committed_on=dt.date(2026, 4, 1),
             amount_received=Decimal("100"))


def test_only_a_funders_role_names_a_funder(world: World) -> None:
    fiona = Membership.objects.get(person=world.fiona, role=Role.FUNDER)
    fiona.funder = objects.trust(world)
    fiona.save()
    sam = Membership.objects.get(person=world.sam, role=Role.SPONSOR)
    sam.funder = objects.trust(world)
    with pytest.raises(ValidationError) as error:
        sam.full_clean()
    assert "funder" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        sam.save()


def test_a_contributions_value_is_its_commitment_its_hours_at_the_rate_or_its_market_value(world: World) -> None:
    assert objects.trust_grant(world).value == Decimal("60000")
    assert objects.partner_days(world).value == Decimal("6840.00")
    rooms = Contribution(kind=ContributionKind.IN_KIND, valuation_basis=ValuationBasis.MARKET, market_value=Decimal("450"))
    assert rooms.value == Decimal("450")
