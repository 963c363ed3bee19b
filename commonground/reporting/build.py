"""One report from a programme's published figures and its ledger: what a pack is built from."""

from __future__ import annotations

from commonground.programmes.models import Funder, Programme
from commonground.reporting import evidence, money
from commonground.reporting.evidence import Choice
from commonground.reporting.report import Headline, Report
from commonground.reporting.sources import Sources, gather


def build_report(
    programme: Programme, *, choice: Choice, funder: Funder | None = None, did_not_work: str = "",
    lessons: str = "", sources: Sources | None = None, board: bool = False,
) -> Report:
    """The report as data. `sources` may be read once and shared by several reports."""
    s = sources or gather(programme)
    reached = evidence.people(s, choice)
    completers, on_track = evidence.completed(s, choice)
    funding = money.funding(programme, choice=choice, funder=funder, participants=s.reach.total,
                            completers=s.completion.totals.completed if s.completion.totals else None)
    headlines = (
        Headline("Participants reached", reached),
        Headline("Organisations taking part", s.organisations),
        Headline("Completed the programme", completers),
        Headline("On track to complete", on_track),
        *funding.headlines,
    )
    sections = (
        evidence.reach_section(s, choice),
        evidence.attendance_section(s, choice),
        evidence.feedback_section(s, choice),
        evidence.change_section(s, choice, level=2),
        evidence.change_section(s, choice, level=3),
        evidence.results_section(s, choice),
        funding.section,
        evidence.lessons_section(did_not_work, lessons),
    )
    audience = "the programme board" if board or funder is None else funder.name
    return Report(
        title=f"{programme.title}: report for {audience}",
        programme=programme.title,
        system=programme.system.name,
        funder=funder.name if funder else "",
        funders=funding.funders,
        period=_period_words(choice),
        cohorts=tuple(sorted(choice.cohorts)),
        figures_computed_at=s.computed_at,
        headlines=headlines,
        sections=sections,
    )


def _period_words(choice: Choice) -> str:
    start, end = choice.period_from, choice.period_to
    if start and end:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    if start:
        return f"from {start:%-d %B %Y}"
    if end:
        return f"up to {end:%-d %B %Y}"
    return "the whole programme to date"
