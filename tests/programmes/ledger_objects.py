"""The funding ledger's objects for tests that only get the shared `world` (the permission matrix,
the ledger's own tests): each made once, and found again on a second call."""

import datetime as dt
from decimal import Decimal

from commonground.programmes import ledger
from commonground.programmes.models import (
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    Organisation,
    Spend,
    TransferNature,
    ValuationBasis,
)
from tests.conftest import World


def trust(world: World) -> Funder:
    """The world's own cash funder: Heartlands Charitable Trust, £60,000."""
    return Funder.objects.get(system=world.programme.system, name="Heartlands Charitable Trust")


def trust_grant(world: World) -> Contribution:
    return Contribution.objects.get(programme=world.programme, funder=trust(world))


def partner(world: World) -> Funder:
    """A commercial partner whose organisational development team facilitates module days."""
    return Funder.objects.get_or_create(
        system=world.programme.system, name="Meadowbank Pharma UK Ltd",
        defaults={"commercial": True, "company_number": "01234567", "org_identifier": "GB-COH-01234567"},
    )[0]


def partner_days(world: World) -> Contribution:
    """72 hours of facilitation at £95 an hour (£6,840), disclosed as a transfer of value to Surrey Acute."""
    found = Contribution.objects.filter(programme=world.programme, funder=partner(world)).first()
    if found is not None:
        return found
    return ledger.create_contribution(
        programme=world.programme, by=world.lena,
        details=ledger.ContributionDetails(
            funder=partner(world), kind=ContributionKind.IN_KIND, description="Facilitation of two module days",
            what="Two facilitators for each module day", valuation_basis=ValuationBasis.HOURS,
            hours=Decimal(72), hourly_rate=Decimal(95), given_on=world.programme.starts_on,
            transfer_recipient=Organisation.objects.get(name="Surrey Acute"),
            transfer_date=world.programme.starts_on, transfer_value=Decimal(6840),
            transfer_nature=TransferNature.DONATIONS,
        ),
    )


def venues(world: World) -> BudgetLine:
    return BudgetLine.objects.get_or_create(
        programme=world.programme, name="Venues and catering", defaults={"amount_budgeted": Decimal(20000), "order": 2}
    )[0]


def lunch(world: World) -> Spend:
    """£1,200 on the launch day's lunch."""
    return Spend.objects.get_or_create(
        budget_line=venues(world), description="Launch day lunch",
        defaults={"spent_on": world.programme.starts_on + dt.timedelta(days=3), "amount": Decimal(1200)},
    )[0]


def elsewhere_funder(world: World) -> Funder:
    """A funder of the other system, whose programme Oscar leads."""
    return Funder.objects.get_or_create(system=world.other_programme.system, name="Elsewhere Fund")[0]


def elsewhere_grant(world: World) -> Contribution:
    return Contribution.objects.get_or_create(
        programme=world.other_programme, funder=elsewhere_funder(world), kind=ContributionKind.CASH,
        defaults={"description": "Elsewhere grant", "amount_committed": Decimal(5000),
                  "committed_on": world.other_programme.starts_on},
    )[0]


def elsewhere_line(world: World) -> BudgetLine:
    return BudgetLine.objects.get_or_create(
        programme=world.other_programme, name="Coaching", defaults={"amount_budgeted": Decimal(3000)}
    )[0]


def elsewhere_spend(world: World) -> Spend:
    return Spend.objects.get_or_create(
        budget_line=elsewhere_line(world), description="Coaching",
        defaults={"spent_on": world.other_programme.starts_on, "amount": Decimal(300)},
    )[0]
