"""The demo seeds a living funding ledger: five funders with their identifiers, instalments and a
restriction, a commercial partner's facilitation linked to its module days with its transfer of
value, a budget with spending month by month, and changes the demo lead made."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.ledger import MH_TEAM, PARTNER
from commonground.demo.organisations import COMMUNITY_FOUNDATION, COUNTY_COUNCIL, ICB
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes import ledger_queries
from commonground.programmes.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerChange,
    Membership,
    Programme,
    Role,
    ValuationBasis,
)
from tests.seeded import demo_for_module

pytestmark = pytest.mark.django_db

shared_demo = demo_for_module(participants=80, seed=7)


def test_the_demo_seeds_the_ledger(shared_demo: None) -> None:
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    funders = {f.name: f for f in Funder.objects.filter(system=programme.system)}
    assert set(funders) == {ICB, COUNTY_COUNCIL, COMMUNITY_FOUNDATION, MH_TEAM, PARTNER}

    icb = Contribution.objects.filter(funder=funders[ICB]).order_by("pk")
    assert [c.amount_received is not None for c in icb] == [True, False]  # two instalments, one received
    council = Contribution.objects.get(funder=funders[COUNTY_COUNCIL])
    assert council.restrictions and council.amount_received == council.amount_committed
    foundation = funders[COMMUNITY_FOUNDATION]
    assert (foundation.charity_number, foundation.org_identifier) == ("1234567", "GB-CHC-1234567")

    partner = funders[PARTNER]
    days = Contribution.objects.get(funder=partner)
    assert partner.commercial and partner.org_identifier.startswith("GB-COH-")
    assert days.kind == ContributionKind.IN_KIND and days.valuation_basis == ValuationBasis.HOURS
    assert days.value == days.hours * days.hourly_rate  # type: ignore[operator]
    assert days.transfer_recipient is not None and days.transfer_value == days.value and days.transfer_nature
    delivered = list(days.sessions_delivered.values_list("module__title", flat=True))  # type: ignore[attr-defined]
    assert len(delivered) == 4 and set(delivered) == {"Building trust across organisations"}
    assert ledger_queries.transfers_of_value(programme, funder=partner)[0].value == Decimal("6840.00")

    budget = ledger_queries.budget_against_spend(programme)
    assert [row.line.name for row in budget.rows] == [
        "Facilitation", "Venues and catering", "Coaching", "Evaluation", "Participant backfill", "Programme management",
    ]
    assert all(row.spent > 0 for row in budget.rows) and Decimal(0) < budget.spent < budget.budgeted
    assert BudgetLine.objects.get(programme=programme, name="Evaluation").amount_budgeted == Decimal("15000")

    lead = Person.objects.get(email="lead@demo.example")
    history = LedgerChange.objects.filter(programme=programme)
    assert history.count() >= 4 and set(history.values_list("actor_id", flat=True)) == {lead.pk}
    grant = Membership.objects.get(person__email="funder@demo.example", role=Role.FUNDER)
    assert grant.funder == funders[ICB]

    client = Client()
    client.force_login(lead)
    page = client.get(reverse("programmes:ledger", args=[programme.pk]))
    assert page.status_code == 200 and "£120,000" in page.text and "GB-CHC-1234567" in page.text
