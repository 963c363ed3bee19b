"""A report's two files: the PDF (the preview page's sections, laid out for A4) and the XLSX
(one sheet per section with the same numbers, each chart a native Excel chart over its cells)."""

from __future__ import annotations

import re

from commonground.core import exports
from commonground.core import pdf as pdf_file
from commonground.reporting.report import Report, Section, Table

NUMBER_FORMATS = {
    "count": "#,##0",
    "money": '"£"#,##0',
    "decimal": "0.00",
    "signed": "+0.00;-0.00;0.00",
    "percent": '0.0"%"',
    "text": "",
    "date": "",
}


def _sheet_table(table: Table) -> exports.SheetTable:
    chart = None
    if table.chart is not None and table.chart.kind != "change":
        chart = exports.SheetChart(
            kind="bar" if table.chart.kind in ("bar", "grouped") else "col",
            series=table.chart.series, title=table.title, stacked=table.chart.stacked,
        )
    elif table.chart is not None:  # a change with its interval: the change itself, as bars
        chart = exports.SheetChart(kind="bar", series=(3,), title=table.title)
    return exports.SheetTable(
        title=table.title,
        header=(table.label_heading, *(c.heading for c in table.columns)),
        rows=[(line.label, *line.values) for line in table.lines],
        formats=[NUMBER_FORMATS[c.kind] for c in table.columns],
        chart=chart,
    )


def _sheet(section: Section, number: int) -> exports.ChartSheet:
    lines = [section.title]
    if section.level:
        lines.append(section.level)
    lines.append(section.intro)
    lines.extend(section.paragraphs)
    if any(table.lines for table in section.tables):
        lines.append("An empty figure cell marked “not shown” is hidden: fewer than 5 people, or it would give one away.")
    return exports.ChartSheet(
        title=f"{number} {section.title}", lines=lines,
        tables=[_sheet_table(t) for t in section.tables if t.lines],
    )


def section_sheets(report: Report) -> list[exports.ChartSheet]:
    """A sheet for each section of the report, numbered as on the page."""
    return [_sheet(s, n) for n, s in enumerate(report.sections, start=1)]


def xlsx(report: Report) -> bytes:
    summary = exports.ChartSheet(
        title="Summary",
        lines=[
            report.title,
            f"Programme: {report.programme} ({report.system})",
            f"For: {report.funder or 'the programme board'}",
            f"Period: {report.period}",
            f"Cohorts: {', '.join(report.cohorts) if report.cohorts else 'all'}",
            f"Funders: {', '.join(report.funders) if report.funders else 'none recorded'}",
            "Figures computed at: "
            + (f"{report.figures_computed_at:%H:%M on %-d %B %Y}" if report.figures_computed_at else "not known"),
        ],
        tables=[
            exports.SheetTable(
                title=title, header=("Figure", "Value"),
                rows=[(h.label, h.value) for h in report.headlines if (h.kind == "money") == money],
                formats=[NUMBER_FORMATS["money" if money else "count"]],
            )
            for title, money in (("At a glance: people", False), ("At a glance: money", True))
            if any((h.kind == "money") == money for h in report.headlines)
        ],
    )
    return exports.workbook_with_charts([summary, *section_sheets(report)])


def file_stem(report: Report) -> str:
    """An ASCII file name stem: the programme and the funder, lower case, hyphens."""
    words = f"{report.programme} report {report.funder}".strip()
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return slug[:80] or "report"


def pdf(report: Report) -> bytes:
    contents = [pdf_file.Section("at-a-glance", "At a glance")] + [
        pdf_file.Section(f"section-{s.key}", f"{n}. {s.title}") for n, s in enumerate(report.sections, start=1)
    ]
    return pdf_file.render_pdf("pdf/report.html", {"report": report, "contents": contents})
