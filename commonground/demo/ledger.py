"""The demo programme's funding ledger: five funders (the ICB and the county council in cash, a
community foundation's grant, a trust's facilitation in kind and a commercial partner's), the
budget, spending month by month, and a few changes the demo lead made through the ledger's writer.

Amounts and dates are drawn from the demo's calendar and one `random.Random`, so a seed always
gives the same ledger. The registration numbers are fictional, shaped as the registers write them.
"""

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.demo.organisations import (
    COMMUNITY_FOUNDATION,
    COUNTY_COUNCIL,
    COUNTY_PUBLIC_HEALTH,
    ICB,
    MENTAL_HEALTH_TRUST,
)
from commonground.demo.programme import Built
from commonground.programmes import ledger
from commonground.programmes.models import (
    Affiliation,
    BudgetLine,
    Contribution,
    ContributionKind,
    Funder,
    LedgerChange,
    Membership,
    Programme,
    Role,
    Spend,
    TransferNature,
    ValuationBasis,
)
from commonground.schedule.models import Session
from commonground.schedule.services.delivery import link_sessions

MH_TEAM = "Surrey Mental Health Partnership Organisational Development Team"
PARTNER = "Heartlands Therapeutics UK Ltd"  # fictional: a pharmaceutical partner's OD team
CONFLICT = "Working with conflict"  # the module days the trust's team delivers
TRUST = "Building trust across organisations"  # the module days the commercial partner delivers


@dataclass(frozen=True)
class _FunderSpec:
    name: str
    organisation: str | None
    represented_by: str | None  # the organisation its representative in the programme works for
    charity_number: str = ""
    company_number: str = ""
    org_identifier: str = ""
    commercial: bool = False


FUNDERS: tuple[_FunderSpec, ...] = (
    _FunderSpec(ICB, ICB, ICB),
    _FunderSpec(COUNTY_COUNCIL, COUNTY_COUNCIL, COUNTY_PUBLIC_HEALTH),
    _FunderSpec(COMMUNITY_FOUNDATION, COMMUNITY_FOUNDATION, COMMUNITY_FOUNDATION,
                charity_number="1234567", org_identifier="GB-CHC-1234567"),
    _FunderSpec(MH_TEAM, MENTAL_HEALTH_TRUST, MENTAL_HEALTH_TRUST),
    _FunderSpec(PARTNER, None, None, company_number="01234567", org_identifier="GB-COH-01234567", commercial=True),
)

# (order, name, pounds budgeted)
BUDGET: tuple[tuple[int, str, int], ...] = (
    (1, "Facilitation", 42_000),
    (2, "Venues and catering", 36_000),
    (3, "Coaching", 28_000),
    (4, "Evaluation", 12_000),  # the demo lead raises it to 15,000 (a change in the history)
    (5, "Participant backfill", 40_000),
    (6, "Programme management", 32_000),
)
# Each line's monthly spending: (what for, paid to, lowest and highest pounds); None: not that month.
MONTHLY: dict[str, tuple[str, str, int, int]] = {
    "Facilitation": ("Associate facilitators for the month's sessions", "Heartlands Leadership Associates", 2_800, 4_600),
    "Venues and catering": ("Venue hire and lunches for the month's module days", "Heartlands Learning Centre", 1_900, 3_600),
    "Coaching": ("Coaching conversations for participants", "Surrey Coaching Network", 1_200, 2_600),
    "Participant backfill": ("Backfill for voluntary and community sector participants", COMMUNITY_FOUNDATION, 1_800, 3_900),
    "Programme management": ("Programme coordinator, three days a week", ICB, 2_650, 2_650),
}
SPEND_STARTS = dt.timedelta(weeks=4)  # spending begins four weeks before the launch


def _financial_year(day: dt.date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def write_funding(built: Built) -> tuple[int, int]:
    """The funders and their contributions; each funder's representative is granted the role for it."""
    starts = built.programme.starts_on
    funders = {
        spec.name: funder
        for spec, funder in zip(FUNDERS, Funder.objects.bulk_create([
            Funder(
                system=built.system, name=spec.name,
                organisation=built.orgs[spec.organisation] if spec.organisation else None,
                charity_number=spec.charity_number, company_number=spec.company_number,
                org_identifier=spec.org_identifier, commercial=spec.commercial,
            )
            for spec in FUNDERS
        ]), strict=True)
    }
    year = _financial_year(starts)
    week = dt.timedelta(weeks=1)
    module_two = starts + 8 * week  # the first of the module days the commercial partner delivers

    def cash(funder: str, description: str, amount: int, committed: dt.date, **more: object) -> Contribution:
        return Contribution(
            funder=funders[funder], programme=built.programme, kind=ContributionKind.CASH, description=description,
            amount_committed=Decimal(amount), committed_on=committed, **more,
        )

    contributions = Contribution.objects.bulk_create([
        cash(ICB, f"Leadership development budget {year}: first instalment", 60_000, starts - 8 * week,
             amount_received=Decimal(60_000), received_on=starts - 3 * week),
        cash(ICB, f"Leadership development budget {year}: second instalment, due in month six", 60_000,
             starts - 8 * week),
        # Received later, by the demo lead through the ledger (`seed_ledger_demo`).
        cash(COUNTY_COUNCIL, "Public health grant: prevention and partnerships", 45_000, starts - 6 * week,
             restrictions="For prevention and partnership work in the four places only; not for participant "
             "backfill. Money unspent at the end of the financial year goes back to the council."),
        cash(COMMUNITY_FOUNDATION, "Backfill bursaries for voluntary, community and faith sector participants",
             18_000, starts - 4 * week, amount_received=Decimal(18_000), received_on=starts + week,
             restrictions="Only for backfill of participants from voluntary, community and faith organisations."),
        Contribution(
            funder=funders[MH_TEAM], programme=built.programme, kind=ContributionKind.IN_KIND,
            description=f"Facilitation of the '{CONFLICT}' module days",
            what="36 facilitation days from the trust's organisational development team",
            valuation_basis=ValuationBasis.MARKET, market_value=Decimal(23_400), given_on=starts,
        ),
        Contribution(
            funder=funders[PARTNER], programme=built.programme, kind=ContributionKind.IN_KIND,
            description=f"Facilitation of the '{TRUST}' module days",
            what="Two facilitators from its organisational development team for each cohort's module day",
            valuation_basis=ValuationBasis.HOURS, hours=Decimal(72), hourly_rate=Decimal(95), given_on=module_two,
            transfer_recipient=built.orgs[ICB], transfer_date=module_two, transfer_value=Decimal(6_840),
            transfer_nature=TransferNature.DONATIONS,
        ),
    ])
    _grant_funder_roles(built, funders)
    return len(funders), len(contributions)


def _grant_funder_roles(built: Built, funders: dict[str, Funder]) -> None:
    """Each funder's representative holds the role for their funder (the demo funder sign-in: the ICB's)."""
    works_for = dict(
        Affiliation.objects.filter(
            system=built.system, person__memberships__programme=built.programme,
            person__memberships__role=Role.FUNDER,
        ).values_list("person_id", "organisation__name")
    )
    represents = {spec.represented_by: funders[spec.name] for spec in FUNDERS if spec.represented_by}
    memberships = list(Membership.objects.filter(programme=built.programme, role=Role.FUNDER))
    for membership in memberships:
        membership.funder = represents.get(works_for.get(membership.person_id) or "")
    Membership.objects.bulk_update(memberships, ["funder"])


def seed_ledger_demo(*, programme: Programme, rng: random.Random) -> int:
    """The sessions support in kind delivered, the budget, its spending, and the lead's changes. Returns the spending entries."""
    today = timezone.localdate()
    lead = Person.objects.get(memberships__programme=programme, memberships__role=Role.LEAD, email="lead@demo.example")
    in_kind = {c.funder.name: c for c in Contribution.objects.filter(programme=programme, kind=ContributionKind.IN_KIND).select_related("funder")}
    # The trust's module days were linked when they were planned (no history: before the ledger kept one).
    Session.objects.filter(programme=programme, module__title=CONFLICT).update(delivered_under=in_kind[MH_TEAM])
    lines = {line.name: line for line in BudgetLine.objects.bulk_create(
        [BudgetLine(programme=programme, name=name, amount_budgeted=Decimal(amount), order=order)
         for order, name, amount in BUDGET]
    )}
    spending = _monthly_spending(programme.starts_on, today, lines, rng)
    spending.append(Spend(
        budget_line=lines["Evaluation"], spent_on=programme.starts_on - dt.timedelta(weeks=2), amount=Decimal(5_000),
        description="Evaluation partner: inception and baseline survey", paid_to="Heartlands Evaluation Partnership",
    ))
    Spend.objects.bulk_create(spending)
    _lead_changes(programme, lead, in_kind, lines, today)
    return len(spending)


def _monthly_spending(
    starts_on: dt.date, today: dt.date, lines: dict[str, BudgetLine], rng: random.Random
) -> list[Spend]:
    entries = []
    month = 0
    day = starts_on - SPEND_STARTS
    while day <= today:
        for name, (description, paid_to, low, high) in MONTHLY.items():
            if name == "Coaching" and month < 2:
                continue  # coaching begins once the cohorts have met
            amount = rng.randrange(low, high + 1, 10) if high > low else low
            entries.append(Spend(
                budget_line=lines[name], spent_on=day, amount=Decimal(amount),
                description=f"{description} (month {month + 1})", paid_to=paid_to,
            ))
        month += 1
        day += dt.timedelta(days=30)
    return entries


def _lead_changes(
    programme: Programme, lead: Person, in_kind: dict[str, Contribution], lines: dict[str, BudgetLine], today: dt.date
) -> None:
    """A few changes the demo lead made through the ledger's writer, dated across the weeks so far."""
    starts = programme.starts_on
    council = Contribution.objects.get(programme=programme, funder__name=COUNTY_COUNCIL)
    details = ledger.ContributionDetails(
        funder=council.funder, kind=council.kind, description=council.description,
        amount_committed=council.amount_committed, committed_on=council.committed_on,
        amount_received=council.amount_committed, received_on=starts + dt.timedelta(weeks=2),
        restrictions=council.restrictions,
    )
    ledger.update_contribution(programme=programme, by=lead, contribution=council, details=details)
    _dated(programme, starts + dt.timedelta(weeks=2, days=1))
    partner = in_kind[PARTNER]
    trust_days = list(Session.objects.filter(programme=programme, module__title=TRUST).values_list("pk", flat=True))
    link_sessions(programme=programme, by=lead, contribution_id=partner.pk, session_ids=trust_days)
    _dated(programme, starts + dt.timedelta(weeks=6))
    evaluation = lines["Evaluation"]
    ledger.update_budget_line(
        programme=programme, by=lead, budget_line=evaluation,
        details=ledger.BudgetLineDetails(name=evaluation.name, amount_budgeted=Decimal(15_000), order=evaluation.order),
    )
    _dated(programme, today - dt.timedelta(days=9))
    ledger.create_spend(programme=programme, by=lead, details=ledger.SpendDetails(
        budget_line=lines["Coaching"], spent_on=today - dt.timedelta(days=2), amount=Decimal("1450.00"),
        description="Coaching for participants returning after leave", paid_to="Surrey Coaching Network",
    ))
    _dated(programme, today - dt.timedelta(days=2))


def _dated(programme: Programme, day: dt.date) -> None:
    """The latest changes happened on `day` (at half past ten), not at seeding time."""
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    LedgerChange.objects.filter(programme=programme, at__gt=at).update(at=at)
