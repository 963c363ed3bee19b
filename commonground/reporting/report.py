"""A report as data: sections of tables, each table able to draw its own chart.

The preview page, the PDF and the XLSX are three renderings of one `Report`, so they cannot
disagree: every figure lives in exactly one table cell here. A value of None was hidden by
disclosure control (shown as "not shown"); a string is a label or a note, never a number.
A report is stored with its pack as JSON (`to_json` / `from_json`), so a pack built once
is the same pack whenever it is opened again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from commonground.core import charts
from commonground.core.disclosure import HIDDEN_LABEL

Value = int | float | Decimal | str | None
Kind = Literal["count", "money", "decimal", "signed", "percent", "text", "date"]
ChartKind = Literal["bar", "column", "grouped", "change"]

FORMATS: dict[str, charts.Format] = {
    "count": charts.COUNT,
    "money": charts.Format(prefix="£"),
    "decimal": charts.Format(decimals=2),
    "signed": charts.Format(decimals=2, signed=True),
    "percent": charts.Format(suffix="%"),
}


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind = "count"


@dataclass(frozen=True)
class Line:
    label: str
    values: tuple[Value, ...]


@dataclass(frozen=True)
class ChartSpec:
    """How a table is drawn: `series` are the value columns drawn (0 is the first after the label);
    `target` a column drawn as each bar's target line; for "change", the columns are people,
    before, after, change, low, high in that order."""

    kind: ChartKind
    series: tuple[int, ...] = (0,)
    target: int | None = None
    stacked: bool = False  # grouped bars stacked into one with its total (cash and in kind by funder)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    label_heading: str
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    chart: ChartSpec | None = None
    note: str = ""

    @property
    def rows(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """Each line's label and its cells as (heading, text, hidden), for templates."""
        return [
            (line.label, [(c.heading, cell_text(v, c.kind), v is None) for c, v in zip(self.columns, line.values, strict=True)])
            for line in self.lines
        ]

    def text(self, line: Line, index: int) -> str:
        """A cell as people read it: "£12,400", "not shown", "+0.35"."""
        return cell_text(line.values[index], self.columns[index].kind)

    def drawn(self) -> charts.Chart | None:
        """The table's chart from `core.charts`, or None when the table has no chart."""
        if self.chart is None:
            return None
        spec = self.chart
        number = FORMATS.get(self.columns[spec.series[0]].kind, charts.COUNT)
        if spec.kind == "change":
            return charts.change_chart(
                key=self.key, title=self.title, label_heading=self.label_heading,
                changes=[
                    charts.Change(
                        line.label, _num(line.values[3]), low=_num(line.values[4]), high=_num(line.values[5]),
                        before=_num(line.values[1]), after=_num(line.values[2]),
                        people=_int(line.values[0]),
                    )
                    for line in self.lines
                ],
            )
        if spec.kind == "grouped":
            return charts.grouped_bar_chart(
                key=self.key, title=self.title, label_heading=self.label_heading,
                series=tuple(self.columns[i].heading for i in spec.series),
                groups=[charts.Group(line.label, tuple(_num(line.values[i]) for i in spec.series)) for line in self.lines],
                number=number, stacked=spec.stacked,
            )
        index = spec.series[0]
        bars = [
            charts.Bar(line.label, _num(line.values[index]),
                       target=None if spec.target is None else _num(line.values[spec.target]))
            for line in self.lines
        ]
        if spec.kind == "column":
            return charts.column_chart(key=self.key, title=self.title, columns=bars, label_heading=self.label_heading,
                                       value_heading=self.columns[index].heading, number=number)
        return charts.bar_chart(
            key=self.key, title=self.title, bars=bars, label_heading=self.label_heading,
            value_heading=self.columns[index].heading, number=number,
            target_heading="Target" if spec.target is None else self.columns[spec.target].heading,
        )


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    level: str  # the Kirkpatrick level(s) the section is evidence for, in words; "" for none
    intro: str
    tables: tuple[Table, ...] = ()
    paragraphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Headline:
    label: str
    value: Value
    kind: Kind = "count"

    @property
    def text(self) -> str:
        return cell_text(self.value, self.kind)


@dataclass(frozen=True)
class Report:
    title: str
    programme: str
    system: str
    funder: str  # "" for a pack for the programme board
    funders: tuple[str, ...]
    period: str
    cohorts: tuple[str, ...]  # empty: every cohort
    figures_computed_at: dt.datetime | None
    headlines: tuple[Headline, ...]
    sections: tuple[Section, ...] = field(default=())

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def table(self, key: str) -> Table:
        return next(t for s in self.sections for t in s.tables if t.key == key)


def cell_text(value: Value, kind: str) -> str:
    if value is None:
        return HIDDEN_LABEL
    if isinstance(value, str):
        return value
    return FORMATS.get(kind, charts.COUNT)(value)


def _num(value: Value) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value)


def _int(value: Value) -> int | None:
    return None if value is None or isinstance(value, str) else int(value)


# -- Stored as JSON with its pack ------------------------------------------------------------------


def _value_json(value: Value) -> Any:
    if isinstance(value, Decimal):
        return {"d": str(value)}
    return value


def _value_back(value: Any) -> Value:
    if isinstance(value, dict):
        return Decimal(value["d"])
    return value  # type: ignore[no-any-return]


def to_json(report: Report) -> dict[str, Any]:
    def table(t: Table) -> dict[str, Any]:
        return {
            "key": t.key, "title": t.title, "label_heading": t.label_heading, "note": t.note,
            "columns": [[c.heading, c.kind] for c in t.columns],
            "lines": [[line.label, [_value_json(v) for v in line.values]] for line in t.lines],
            "chart": None if t.chart is None else {
                "kind": t.chart.kind, "series": list(t.chart.series), "target": t.chart.target,
                "stacked": t.chart.stacked,
            },
        }

    return {
        "title": report.title, "programme": report.programme, "system": report.system,
        "funder": report.funder, "funders": list(report.funders), "period": report.period,
        "cohorts": list(report.cohorts),
        "figures_computed_at": report.figures_computed_at.isoformat() if report.figures_computed_at else None,
        "headlines": [[h.label, _value_json(h.value), h.kind] for h in report.headlines],
        "sections": [
            {"key": s.key, "title": s.title, "level": s.level, "intro": s.intro,
             "paragraphs": list(s.paragraphs), "tables": [table(t) for t in s.tables]}
            for s in report.sections
        ],
    }


def from_json(data: dict[str, Any]) -> Report:
    def table(t: dict[str, Any]) -> Table:
        chart = t["chart"]
        return Table(
            key=t["key"], title=t["title"], label_heading=t["label_heading"], note=t["note"],
            columns=tuple(Column(h, k) for h, k in t["columns"]),
            lines=tuple(Line(label, tuple(_value_back(v) for v in values)) for label, values in t["lines"]),
            chart=None if chart is None else ChartSpec(chart["kind"], tuple(chart["series"]), chart["target"], chart["stacked"]),
        )

    computed = data["figures_computed_at"]
    return Report(
        title=data["title"], programme=data["programme"], system=data["system"], funder=data["funder"],
        funders=tuple(data["funders"]), period=data["period"], cohorts=tuple(data["cohorts"]),
        figures_computed_at=dt.datetime.fromisoformat(computed) if computed else None,
        headlines=tuple(Headline(label, _value_back(v), kind) for label, v, kind in data["headlines"]),
        sections=tuple(
            Section(s["key"], s["title"], s["level"], s["intro"], tuple(table(t) for t in s["tables"]),
                    tuple(s["paragraphs"]))
            for s in data["sections"]
        ),
    )
