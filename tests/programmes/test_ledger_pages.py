"""The lead's ledger pages: figures as £12,345, forms that name the field in error and change
nothing, and nobody else reaching any page (404, even by POST)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commonground.programmes.models import (
    BudgetLine,
    Contribution,
    Funder,
    LedgerChange,
    Membership,
    Role,
    Spend,
)
from tests.conftest import World
from tests.matrix import PERSONA
from tests.programmes import ledger_objects as objects
from tests.programmes.ledger_permission_cases import CASES

NOT_LEADS = ["facilitator", "participant", "sponsor", "funder", "outsider"]


@pytest.fixture
def lena(world: World) -> Client:
    client = Client()
    client.force_login(world.lena)
    return client


def url(name: str, world: World, *args: int) -> str:
    return reverse(f"programmes:{name}", args=[world.programme.pk, *args])


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Funder, Contribution, BudgetLine, Spend, LedgerChange))


@pytest.mark.parametrize("role", NOT_LEADS)
def test_nobody_but_the_lead_gets_any_ledger_page_nor_changes_anything_by_post(world: World, role: str) -> None:
    client = Client()
    client.force_login(getattr(world, PERSONA[role]))
    addresses = [reverse(case.name, kwargs=case.kwargs(world)) for case in CASES]  # makes their rows
    before = counts()
    for address in addresses:
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"name": "Taken over", "amount": "1"}).status_code == 404, address
    assert counts() == before


def test_the_ledger_shows_funders_with_identifiers_money_in_whole_pounds_and_the_history(
    world: World, lena: Client
) -> None:
    objects.partner_days(world)
    objects.lunch(world)
    page = lena.get(url("ledger", world))
    assert page.status_code == 200
    text = page.text
    assert "GB-COH-01234567" in text and "Company 01234567" in text
    assert "£60,000" in text and "£6,840" in text and "£20,000" in text and "£18,800" in text  # remaining on venues
    assert "Commercial partner" in text
    assert "Lena Lead" in text  # who made the history's rows


def test_a_cash_contribution_without_a_commitment_is_refused_naming_the_field_and_nothing_changes(
    world: World, lena: Client
) -> None:
    before = counts()
    response = lena.post(url("contribution-add", world), {
        "funder": objects.trust(world).pk, "kind": "cash", "description": "Third instalment",
        "amount_committed": "", "committed_on_day": "", "committed_on_month": "", "committed_on_year": "",
    })
    assert response.status_code == 400
    assert "Amount committed: Enter the amount committed." in response.text
    assert "Committed on: Enter the date the money was committed." in response.text
    assert counts() == before


def test_an_amount_that_is_not_money_is_refused_naming_the_field(world: World, lena: Client) -> None:
    before = counts()
    response = lena.post(url("budget-line-add", world), {"name": "Evaluation", "amount_budgeted": "lots"})
    assert response.status_code == 400
    assert "Amount budgeted: Amount budgeted must be an amount in pounds, such as 12,345." in response.text
    assert counts() == before


def test_a_name_with_a_line_break_is_refused(world: World, lena: Client) -> None:
    before = counts()
    response = lena.post(url("funder-add", world), {"name": "Northshire\nFoundation"})
    assert response.status_code == 400
    assert "Name must be one line of text" in response.text
    assert counts() == before


def test_a_contribution_added_by_form_is_saved_with_its_history(world: World, lena: Client) -> None:
    response = lena.post(url("contribution-add", world), {
        "funder": objects.trust(world).pk, "kind": "cash", "description": "Third instalment",
        "amount_committed": "£12,345.50", "committed_on_day": "1", "committed_on_month": "9", "committed_on_year": "2026",
        # Fields of the other kind are ignored.
        "what": "Rooms", "hours": "4",
    })
    assert response.status_code == 302
    made = Contribution.objects.get(description="Third instalment")
    assert (made.amount_committed, made.committed_on, made.what, made.hours) == (
        Decimal("12345.50"), dt.date(2026, 9, 1), "", None,
    )
    assert LedgerChange.objects.get(object_id=made.pk).actor_id == world.lena.pk


def test_a_commercial_partners_support_needs_the_transfer_of_value_on_the_form(world: World, lena: Client) -> None:
    response = lena.post(url("contribution-add", world), {
        "funder": objects.partner(world).pk, "kind": "in_kind", "description": "Module days",
        "what": "Facilitation", "valuation_basis": "market", "market_value": "4000",
        "given_on_day": "1", "given_on_month": "9", "given_on_year": "2026",
    })
    assert response.status_code == 400
    assert "Recipient organisation: Choose the organisation that received it" in response.text
    assert not Contribution.objects.filter(description="Module days").exists()


def test_deleting_asks_first_then_deletes_and_keeps_the_record(world: World, lena: Client) -> None:
    spend = objects.lunch(world)
    address = url("spend-delete", world, spend.pk)
    assert "Delete the spending entry Launch day lunch" in lena.get(address).text
    assert lena.post(address).status_code == 302
    assert not Spend.objects.filter(pk=spend.pk).exists()
    assert LedgerChange.objects.get(object_id=spend.pk).changes["amount"] == ["1200.00", ""]


def test_a_line_with_spending_is_not_deleted_and_the_page_says_why(world: World, lena: Client) -> None:
    line = objects.lunch(world).budget_line
    response = lena.post(url("budget-line-delete", world, line.pk))
    assert response.status_code == 400
    assert "has 1 spending entry" in response.text
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_the_period_filter_shows_only_that_periods_spending(world: World, lena: Client) -> None:
    spend = objects.lunch(world)
    day = spend.spent_on + dt.timedelta(days=1)
    page = lena.get(url("ledger", world), {"starts_on_day": day.day, "starts_on_month": day.month, "starts_on_year": day.year})
    assert page.status_code == 200
    assert "Launch day lunch" not in page.text
    wrong = lena.get(url("ledger", world), {"starts_on_day": "31", "starts_on_month": "2", "starts_on_year": "2026"})
    assert wrong.status_code == 400 and "From: Date must be a real date." in wrong.text


def test_the_leads_menu_links_to_the_ledger(world: World, lena: Client) -> None:
    assert url("ledger", world) in lena.get(reverse("programmes:overview", args=[world.programme.pk])).text
    funder = Client()
    funder.force_login(world.fiona)
    assert url("ledger", world) not in funder.get(reverse("programmes:overview", args=[world.programme.pk])).text


def test_a_funder_membership_names_its_funder_and_access_carries_it(world: World) -> None:
    from commonground.programmes.permissions import programme_access

    assert programme_access(world.fiona, world.programme.pk).funder is None  # aggregate pages, as ever
    Membership.objects.filter(person=world.fiona, role=Role.FUNDER).update(funder=objects.trust(world))
    access = programme_access(world.fiona, world.programme.pk)
    assert access.funder == objects.trust(world) and access.is_funder and not access.sees_people
