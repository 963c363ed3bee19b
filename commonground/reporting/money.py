"""The funding section of a report: the ledger within the pack's period, and what it cost per person.

Cash counts by the date it was committed (and, received, by the date it arrived); support in kind
by the date it was given; spend by the date it was paid. The cost of the period is the cash spent
plus the support in kind given, and the cost per participant and per completer divide it by the
programme's published participants and completers (never by a hidden count). A pack for one funder
shows that funder's contributions line by line and every other funder together as one line. A fixed
number of queries, whatever the size of the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from commonground.programmes import ledger_queries
from commonground.programmes.models import Funder, Programme
from commonground.reporting.evidence import Choice
from commonground.reporting.report import ChartSpec, Column, Headline, Line, Section, Table


@dataclass(frozen=True)
class Funding:
    headlines: tuple[Headline, ...]
    section: Section
    funders: tuple[str, ...]


def per_head(cost: Decimal, people: int | None) -> Decimal | str | None:
    """Pounds per person, to the pound; None when the count is hidden, and words when there is nobody yet."""
    if people is None:
        return None
    if people <= 0:
        return "nobody yet"
    return (cost / people).quantize(Decimal("1"))


def funding(
    programme: Programme, *, choice: Choice, funder: Funder | None, participants: int | None, completers: int | None
) -> Funding:
    period = ledger_queries.Period(choice.period_from, choice.period_to)
    totals = ledger_queries.funder_totals(programme, period=period)
    budget = ledger_queries.budget_against_spend(programme, period=period)
    transfers = ledger_queries.transfers_of_value(programme, funder=funder, period=period)

    def line(label: str, parts: list[ledger_queries.FunderTotals]) -> Line:
        committed = sum((p.cash_committed for p in parts), Decimal(0))
        received = sum((p.cash_received for p in parts), Decimal(0))
        given = sum((p.in_kind for p in parts), Decimal(0))
        return Line(label, (committed, received, given, committed + given))

    if funder is None:
        funder_lines = [line(t.funder.name, [t]) for t in totals]
    else:
        own = [t for t in totals if t.funder.pk == funder.pk]
        others = [t for t in totals if t.funder.pk != funder.pk]
        funder_lines = [line(funder.name, own)] + ([line("Every other funder together", others)] if others else [])
    all_line = line("All funders", totals)
    committed, received, given, _ = all_line.values
    assert isinstance(given, Decimal)
    spent = budget.spent
    cost = spent + given
    per_participant, per_completer = per_head(cost, participants), per_head(cost, completers)
    identified = [t.funder for t in totals if funder is None or t.funder.pk == funder.pk]

    money = (Column("Cash committed", "money"), Column("Cash received", "money"), Column("In kind", "money"),
             Column("Total", "money"))
    tables = [
        Table("funding-funder", "Cash and in kind by funder", "Funder", money,
              (*funder_lines, all_line) if len(funder_lines) > 1 else tuple(funder_lines),
              chart=ChartSpec("grouped", (0, 2), stacked=True)),
        Table("funding-budget", "Spend against budget", "Budget line",
              (Column("Budgeted", "money"), Column("Spent in the period", "money"), Column("Left at the period's end", "money")),
              tuple(Line(row.line.name, (row.line.amount_budgeted, row.spent, row.remaining)) for row in budget.rows),
              chart=ChartSpec("grouped", (0, 1))),
        Table("funding-cost", "What the period cost", "Figure", (Column("Pounds", "money"),), (
            Line("Cash spent", (spent,)),
            Line("Support in kind given", (given,)),
            Line("Cost of the period", (cost,)),
            Line("Cost per participant reached", (per_participant,)),
            Line("Cost per completer", (per_completer,)),
        ), note="Cost per participant and per completer divide the period's cost by the programme's published "
                "participants and completers; not shown when either is hidden or there are none yet."),
        Table("funding-identifiers", "Funders and their identifiers", "Funder",
              (Column("Charity number", "text"), Column("Company number", "text"), Column("Organisation identifier", "text")),
              tuple(Line(f.name, (f.charity_number or "–", f.company_number or "–", f.org_identifier or "–"))
                    for f in identified)),
    ]
    if transfers:
        tables.append(Table(
            "funding-transfers", "Transfers of value from commercial partners", "Funder",
            (Column("Recipient organisation", "text"), Column("Date", "text"), Column("Nature", "text"),
             Column("Value", "money")),
            tuple(Line(t.funder.name, (t.recipient, f"{t.date:%-d %B %Y}", t.nature, t.value)) for t in transfers),
        ))
    headlines = (
        Headline("Cash committed", committed, "money"),
        Headline("Cash received", received, "money"),
        Headline("Support in kind", given, "money"),
        Headline("Cash spent", spent, "money"),
        Headline("Cost per participant", per_participant, "money"),
        Headline("Cost per completer", per_completer, "money"),
    )
    return Funding(
        headlines=headlines,
        section=Section(
            "funding", "Funding and cost", "",
            "From the programme's ledger: cash by the date it was committed or received, support in kind "
            "by the date it was given (hours at a rate, or market value), spend by the date it was paid.",
            tuple(tables),
        ),
        funders=tuple(t.funder.name for t in totals),
    )

