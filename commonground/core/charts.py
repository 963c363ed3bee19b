"""Charts of published figures, drawn on the server as accessible SVG: PURE Python, no Django.

Every chart takes plain data (labels, values, optional targets and intervals) that has already
been through disclosure control, and returns a `Chart`: the SVG markup and the table of the same
figures, built in one call from the same data, so the picture and the numbers cannot disagree.
Pages show both (`charts/chart.html`); a PDF or a spreadsheet can take the same `Chart`.

Specification
-------------

- **Accessible.** The SVG has `role="img"`, a `<title>` and a `<desc>` whose ids its
  `aria-labelledby` names; the figures are always also in the chart's `table`, which the page
  shows beside or below it. Nothing depends on colour alone: every bar or point carries its
  figure as text, series differ by pattern as well as colour, and a target is a dark line.
- **Content-Security-Policy.** No `style` attribute and no `<style>` element: only SVG
  presentation attributes (which work in a PDF and a standalone file too) and classes that the
  site's stylesheet may refine.
- **Readable on a phone.** The drawing is `WIDTH` (320) units wide and every text is at least
  13 units, so at the narrowest phone layout (about 288 CSS pixels of column) text stays above
  11 pixels; the stylesheet caps the width on larger screens so text does not grow past body text.
- **Compact on a wide screen.** Bars and changes asked for `wide=True` are also drawn `WIDE` (640)
  units wide with each label beside its item rather than above it, as `Chart.wide`: a second
  picture of the same figures (its own ids) that `charts/chart.html` shows instead of the phone's
  from the tablet breakpoint up, so a long breakdown takes half the height on a desktop.
- **Targets and limits.** A bar's `target` (places offered, a quota's minimum) is a solid dark
  line and its `limit` (a quota's maximum) a dashed one; both are columns of the table.
- **Hidden figures.** A value of `None` was hidden by disclosure control. It is drawn as a gap
  labelled with `HIDDEN_LABEL` ("not shown"), never as a bar of any length and never as zero; a
  stacked bar with any hidden part is a gap whole, since its other parts would be placed by it.
  Zero is a real figure and is drawn as a bar of no length with its "0".
- **Escaped.** Every label is escaped for XML and HTML, quotes included.
- **Deterministic.** The same data gives the same bytes: no randomness, no clock, fixed rounding.
- **Empty.** No items gives no SVG at all: `markup` is a paragraph naming the chart and saying
  there are no figures yet, and the table has no rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from commonground.core import chart_svg as draw
from commonground.core.chart_svg import (
    BAR,
    BLUE,
    DARK_BLUE,
    EM,
    FONT,
    FONT_FAMILY,
    GAP,
    GRID,
    INK,
    LINE,
    PAD,
    SECONDARY,
    SMALL,
    WIDE,
    WIDTH,
    Markup,
    Number,
)
from commonground.core.disclosure import HIDDEN_LABEL

# Re-exported: callers and the report's PDF name these through `charts`.
__all__ = [
    "BAR", "BLUE", "COUNT", "DARK_BLUE", "EM", "FONT", "FONT_FAMILY", "GAP", "GRID", "INK", "LINE", "NO_FIGURES", "PAD",
    "SECONDARY", "SMALL", "WIDE", "WIDTH", "Bar", "Cell", "Change", "Chart", "Format", "Group", "Markup", "Row",
    "bar_chart", "change_chart", "column_chart", "grouped_bar_chart",
]

NO_FIGURES = "No figures yet."


@dataclass(frozen=True)
class Format:
    """How a figure is written: `Format(decimals=2, signed=True)` gives "+0.35"."""

    decimals: int = 0
    prefix: str = ""
    suffix: str = ""
    signed: bool = False

    def __call__(self, value: Number) -> str:
        number = float(value)
        sign = "-" if number < 0 else ("+" if self.signed and number > 0 else "")
        return f"{sign}{self.prefix}{abs(number):,.{self.decimals}f}{self.suffix}"


COUNT = Format()


@dataclass(frozen=True)
class Bar:
    """One labelled value; None: hidden (drawn as a gap saying `gap`). A `target` is a solid mark
    (places offered, a quota's minimum), a `limit` a dashed one (a quota's maximum)."""

    label: str
    value: Number | None
    target: Number | None = None
    gap: str = HIDDEN_LABEL
    limit: Number | None = None


@dataclass(frozen=True)
class Change:
    """A mean before and after, its change and the change's interval; `change` None: a gap."""

    label: str
    change: float | None
    low: float | None = None
    high: float | None = None
    before: float | None = None
    after: float | None = None
    people: int | None = None
    gap: str = HIDDEN_LABEL


@dataclass(frozen=True)
class Group:
    """One label with a value per series (in the order the chart names its series)."""

    label: str
    values: tuple[Number | None, ...]
    gap: str = HIDDEN_LABEL


@dataclass(frozen=True)
class Cell:
    text: str
    hidden: bool = False  # shown as a hidden figure (the page styles it so)


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Chart:
    """A chart's markup and the table of its figures; `markup` is the SVG, or a "no figures" note;
    `wide`, when asked for, the same figures laid out for a wide screen."""

    key: str
    title: str
    markup: Markup
    header: tuple[str, ...]
    rows: tuple[Row, ...] = ()
    wide: Markup | None = None

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def table(self) -> list[tuple[str, list[tuple[str, Cell]]]]:
        """Each row's label and its cells, each with its column's heading (for tables that stack on a phone)."""
        return [(row.label, list(zip(self.header[1:], row.cells, strict=True))) for row in self.rows]


# Series styles: solid, hatched, light with an outline; each has its own pattern or fill.
SERIES_STYLES = 3


def bar_chart(
    *, key: str, title: str, bars: Sequence[Bar], label_heading: str, value_heading: str,
    target_heading: str = "Target", description: str = "", number: Format = COUNT,
    limit_heading: str = "Limit", wide: bool = False, of_target: bool = True,
) -> Chart:
    """Horizontal bars, one per label, each with its figure ("80 of 100" against a target, unless
    not `of_target`), an optional target mark and an optional limit mark; `wide` also draws them
    with each label beside its bar (`Chart.wide`)."""
    has_target = any(b.target is not None for b in bars)
    has_limit = any(b.limit is not None for b in bars)
    header = (label_heading, value_heading, *((target_heading,) if has_target else ()),
              *((limit_heading,) if has_limit else ()))
    rows = tuple(
        Row(b.label, (_cell(b.value, b.gap, number),
                      *((_mark_cell(b.target, number),) if has_target else ()),
                      *((_mark_cell(b.limit, number),) if has_limit else ())))
        for b in bars
    )
    if not bars:
        return _empty(key, title, header)
    for b in bars:
        _non_negative(b.value, b.target, b.limit)
    keys = [(draw.swatch(0, draw.ident(key)), value_heading)]
    keys += [(draw.target_mark(), target_heading)] if has_target else []
    keys += [(draw.limit_mark(), limit_heading)] if has_limit else []
    marks = " and ".join(m for m, shown in (("a line at each target", has_target),
                                            ("a dashed line at each limit", has_limit)) if shown)
    desc = description or _count_desc("Horizontal bars", bars, f"with {marks}" if marks else "")
    texts = [_bar_text(b, number, of_target) for b in bars]
    top = draw.largest([v for b in bars for v in (b.value, b.target, b.limit)])
    narrow = _bars(key, title, desc, bars, texts, top, keys if len(keys) > 1 else [], wide=False)
    return Chart(key, title, narrow, header, rows,
                 _bars(key, title, desc, bars, texts, top, keys if len(keys) > 1 else [], wide=True) if wide else None)


def _bars(key: str, title: str, desc: str, bars: Sequence[Bar], texts: list[str], top: float,
          keys: list[tuple[str, str]], *, wide: bool) -> Markup:
    """The bars drawn for a phone (each label above its bar) or a wide screen (beside it)."""
    ident = draw.ident(key) + ("-wide" if wide else "")
    width = WIDE if wide else WIDTH
    label_width = min(draw.text_width([b.label for b in bars], FONT), width * 0.4) if wide else 0.0
    left = PAD + label_width + (12 if wide else 0)
    plot = width - PAD - left - draw.text_width(texts, SMALL) - 8
    parts: list[str] = []
    y = draw.legend(parts, float(PAD), keys, width=width) if keys else float(PAD)
    for b, words in zip(bars, texts, strict=True):
        if wide:
            lines = draw.wrap(b.label, label_width, FONT)
            height = max(LINE * len(lines), BAR + 6)
            for i, line in enumerate(lines):
                parts.append(draw.text(PAD, y + (height - LINE * len(lines)) / 2 + LINE * i + FONT - 1, line, FONT,
                                       cls="cg-graph__label"))
            top_of_bar, step = y + (height - BAR) / 2, float(height + 6)
        else:
            top_of_bar = draw.label(parts, b.label, y)
            step = top_of_bar - y + BAR + GAP
        parts.append('<g class="cg-graph__item">')
        if b.value is None:
            parts.append(draw.gap_text(left, top_of_bar, b.gap))
        else:
            parts.append(draw.rect(left, top_of_bar, plot * float(b.value) / top, BAR, draw.fill(0, ident), float(b.value)))
        for mark, dashed in ((b.target, False), (b.limit, True)):
            if mark is not None:
                parts.append(draw.mark_line(left + plot * float(mark) / top, top_of_bar - 3, top_of_bar + BAR + 3,
                                            float(mark), dashed=dashed))
        if words:
            parts.append(draw.text(width - PAD, top_of_bar + BAR - 3, words, SMALL, anchor="end"))
        parts.append("</g>")
        y += step
    return draw.svg(ident, title, desc, y, parts, "", width=width,
                    css="cg-graph__svg cg-graph__svg--wide" if wide else "cg-graph__svg")


def column_chart(
    *, key: str, title: str, columns: Sequence[Bar], label_heading: str, value_heading: str,
    description: str = "", number: Format = COUNT, maximum: Number | None = None,
) -> Chart:
    """Columns over time (attendance session by session), with gaps where a figure is hidden.

    Fits about 20 columns at phone width; `maximum` fixes the top of the scale (100 for rates).
    Columns carry no targets."""
    if any(c.target is not None for c in columns):
        raise ValueError("A column chart draws no targets: use bar_chart for figures against targets.")
    header = (label_heading, value_heading)
    rows = tuple(Row(c.label, (_cell(c.value, c.gap, number),)) for c in columns)
    if not columns:
        return _empty(key, title, header)
    for c in columns:
        _non_negative(c.value)
    ident = draw.ident(key)
    top = float(maximum) if maximum is not None else draw.nice_top(draw.largest([c.value for c in columns]))
    left, height, base = PAD + draw.text_width([number(top)], SMALL) + 4, 160.0, PAD + SMALL + 160.0
    slot = (WIDTH - PAD - left) / len(columns)
    parts: list[str] = []
    for fraction in (0.0, 0.5, 1.0):
        y = base - height * fraction
        parts.append(f'<line x1="{draw.n(left)}" x2="{WIDTH - PAD}" y1="{draw.n(y)}" y2="{draw.n(y)}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(draw.text(left - 4, y + 4, number(top * fraction), SMALL, anchor="end", fill=SECONDARY))
    values = [number(c.value) if c.value is not None else "" for c in columns]
    fits = draw.text_width(values, SMALL) <= slot
    every = max(1, math.ceil((draw.text_width([c.label for c in columns], SMALL) + 4) / slot))
    for i, c in enumerate(columns):
        middle = left + slot * (i + 0.5)
        parts.append('<g class="cg-graph__item">')
        if c.value is None:
            parts.append(f'<text x="{draw.n(middle + 4)}" y="{draw.n(base - 4)}" font-size="{SMALL}" fill="{SECONDARY}" '
                         f'font-style="italic" class="cg-graph__gap" transform="rotate(-90 {draw.n(middle + 4)} '
                         f'{draw.n(base - 4)})">{escape(c.gap)}</text>')
        else:
            h = height * min(float(c.value), top) / top
            parts.append(draw.rect(middle - slot * 0.35, base - h, slot * 0.7, h, draw.fill(0, ident), float(c.value)))
            if fits:
                parts.append(draw.text(middle, base - h - 4, values[i], SMALL, anchor="middle"))
        if i % every == 0:
            parts.append(draw.text(middle, base + SMALL + 4, draw.clip(c.label, slot * every), SMALL, anchor="middle"))
        parts.append("</g>")
    desc = description or _count_desc("Columns in time order", columns, "")
    return Chart(key, title, draw.svg(ident, title, desc, base + SMALL + 10, parts, ""), header, rows)


def change_chart(
    *, key: str, title: str, changes: Sequence[Change], label_heading: str, description: str = "",
    number: Format = Format(decimals=2), wide: bool = False,
) -> Chart:
    """Mean change per item as a point with its interval as whiskers, against a line at no change;
    `wide` also draws each item's label and figures beside its point (`Chart.wide`)."""
    signed = Format(number.decimals, number.prefix, number.suffix, signed=True)
    header = (label_heading, "People", "Before", "After", "Change", "95% interval")
    rows = tuple(_change_row(c, number, signed) for c in changes)
    if not changes:
        return _empty(key, title, header)
    ident = draw.ident(key)
    ends = [v for c in changes if c.change is not None for v in (c.change, c.low, c.high) if v is not None]
    low, high, step = draw.nice_range(min([0.0, *ends]), max([0.0, *ends]))
    left, right = PAD + 20, WIDTH - PAD - 20

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    zero = x(0.0)
    parts: list[str] = []
    point = f'<circle cx="9" cy="6" r="6" fill="{BLUE}"/>'
    whisker = f'<path d="M1 6H17M1 0V12M17 0V12" stroke="{INK}" stroke-width="2" fill="none"/>'
    y = draw.legend(parts, float(PAD), [(point, "mean change"), (whisker, "95% interval")])
    for c in changes:
        y = draw.label(parts, c.label, y)
        parts.append('<g class="cg-graph__item">')
        if c.change is None:
            parts.append(draw.gap_text(PAD, y, c.gap))
        else:
            parts.append(draw.text(PAD, y + SMALL - 1, _change_detail(c, number, signed), SMALL))
            y += LINE
            middle = y + BAR / 2
            # No change, drawn only where the points are, so that it never runs through text.
            parts.append(f'<line class="cg-graph__zero" x1="{draw.n(zero)}" x2="{draw.n(zero)}" y1="{draw.n(y - 2)}" '
                         f'y2="{draw.n(y + BAR + 2)}" stroke="{SECONDARY}" stroke-width="1.5" stroke-dasharray="3 2"/>')
            if c.low is not None and c.high is not None:
                parts.append(f'<path class="cg-graph__interval" d="M{draw.n(x(c.low))} {draw.n(middle)}H{draw.n(x(c.high))}'
                             f'M{draw.n(x(c.low))} {draw.n(middle - 6)}V{draw.n(middle + 6)}M{draw.n(x(c.high))} {draw.n(middle - 6)}'
                             f'V{draw.n(middle + 6)}" stroke="{INK}" stroke-width="2" fill="none" '
                             f'data-low="{draw.n(c.low)}" data-high="{draw.n(c.high)}"/>')
            parts.append(f'<circle class="cg-graph__point" cx="{draw.n(x(c.change))}" cy="{draw.n(middle)}" r="6" '
                         f'fill="{BLUE}" stroke="#ffffff" stroke-width="1.5" data-value="{draw.n(c.change)}"/>')
        parts.append("</g>")
        y += BAR + GAP
    tick_text = Format(draw.decimals(step), number.prefix, number.suffix, signed=True)
    parts.append(f'<line x1="{draw.n(left)}" x2="{draw.n(right)}" y1="{draw.n(y)}" y2="{draw.n(y)}" stroke="{SECONDARY}"/>')
    for i in range(round((high - low) / step) + 1):
        tick = low + step * i
        parts.append(f'<line x1="{draw.n(x(tick))}" x2="{draw.n(x(tick))}" y1="{draw.n(y)}" y2="{draw.n(y + 5)}" stroke="{SECONDARY}"/>')
        parts.append(draw.text(x(tick), y + 5 + SMALL, "0" if abs(tick) < step / 1e6 else tick_text(tick), SMALL,
                           anchor="middle", fill=SECONDARY))
    y += 5 + SMALL + 4
    parts.append(draw.text(WIDTH / 2, y + SMALL, "change (none at the dashed line)", SMALL, anchor="middle",
                       fill=SECONDARY))
    y += LINE + PAD
    desc = description or _count_desc(
        "A point for each mean change with its 95% interval as a line", changes, "", hidden=lambda c: c.change is None
    )
    return Chart(key, title, draw.svg(ident, title, desc, y, parts, ""), header, rows,
                 _changes_wide(key, title, desc, changes, number, signed, (low, high, step)) if wide else None)


def _changes_wide(key: str, title: str, desc: str, changes: Sequence[Change], number: Format, signed: Format,
                  scale: tuple[float, float, float]) -> Markup:
    """The change chart for a wide screen: each label over its figures on the left, its point and
    interval on one scale to the right, one dashed line at no change through them all."""
    ident = draw.ident(key) + "-wide"
    low, high, step = scale
    details = [_change_detail(c, number, signed) if c.change is not None else c.gap for c in changes]
    label_width = min(max(draw.text_width([c.label for c in changes], FONT), draw.text_width(details, SMALL)), WIDE * 0.5)
    left, right = PAD + label_width + 28, WIDE - PAD - 20

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    parts: list[str] = []
    point = f'<circle cx="9" cy="6" r="6" fill="{BLUE}"/>'
    whisker = f'<path d="M1 6H17M1 0V12M17 0V12" stroke="{INK}" stroke-width="2" fill="none"/>'
    y = first = draw.legend(parts, float(PAD), [(point, "mean change"), (whisker, "95% interval")], width=WIDE)
    for c, detail in zip(changes, details, strict=True):
        parts.append(draw.text(PAD, y + FONT - 1, draw.clip(c.label, label_width, FONT), FONT, cls="cg-graph__label"))
        parts.append('<g class="cg-graph__item">')
        if c.change is None:
            parts.append(draw.gap_text(PAD, y + LINE, c.gap))
        else:
            parts.append(draw.text(PAD, y + LINE + SMALL - 1, detail, SMALL, fill=SECONDARY))
            middle = y + LINE
            if c.low is not None and c.high is not None:
                parts.append(f'<path class="cg-graph__interval" d="M{draw.n(x(c.low))} {draw.n(middle)}H{draw.n(x(c.high))}'
                             f'M{draw.n(x(c.low))} {draw.n(middle - 6)}V{draw.n(middle + 6)}M{draw.n(x(c.high))} '
                             f'{draw.n(middle - 6)}V{draw.n(middle + 6)}" stroke="{INK}" stroke-width="2" fill="none" '
                             f'data-low="{draw.n(c.low)}" data-high="{draw.n(c.high)}"/>')
            parts.append(f'<circle class="cg-graph__point" cx="{draw.n(x(c.change))}" cy="{draw.n(middle)}" r="6" '
                         f'fill="{BLUE}" stroke="#ffffff" stroke-width="1.5" data-value="{draw.n(c.change)}"/>')
        parts.append("</g>")
        y += 2 * LINE + 8
    # No change: one dashed line through every row, behind the points (nothing else is drawn there).
    parts.insert(0, f'<line class="cg-graph__zero" x1="{draw.n(x(0.0))}" x2="{draw.n(x(0.0))}" y1="{draw.n(first - 4)}" '
                    f'y2="{draw.n(y)}" stroke="{SECONDARY}" stroke-width="1.5" stroke-dasharray="3 2"/>')
    tick_text = Format(draw.decimals(step), number.prefix, number.suffix, signed=True)
    parts.append(f'<line x1="{draw.n(left)}" x2="{draw.n(right)}" y1="{draw.n(y)}" y2="{draw.n(y)}" stroke="{SECONDARY}"/>')
    for i in range(round((high - low) / step) + 1):
        tick = low + step * i
        parts.append(f'<line x1="{draw.n(x(tick))}" x2="{draw.n(x(tick))}" y1="{draw.n(y)}" y2="{draw.n(y + 5)}" '
                     f'stroke="{SECONDARY}"/>')
        parts.append(draw.text(x(tick), y + 5 + SMALL, "0" if abs(tick) < step / 1e6 else tick_text(tick), SMALL,
                               anchor="middle", fill=SECONDARY))
    y += 5 + SMALL + 4
    parts.append(draw.text((left + right) / 2, y + SMALL, "change (none at the dashed line)", SMALL, anchor="middle",
                           fill=SECONDARY))
    return draw.svg(ident, title, desc, y + LINE + PAD, parts, "", width=WIDE, css="cg-graph__svg cg-graph__svg--wide")


def grouped_bar_chart(
    *, key: str, title: str, series: Sequence[str], groups: Sequence[Group], label_heading: str,
    stacked: bool = False, description: str = "", number: Format = COUNT,
) -> Chart:
    """Bars per group, one per series side by side (ties before and after) or `stacked` into one
    bar with its total (cash and in kind by funder). Series differ by pattern as well as colour."""
    if not 1 <= len(series) <= SERIES_STYLES:
        raise ValueError(f"A grouped chart draws 1 to {SERIES_STYLES} series, not {len(series)}.")
    if any(len(g.values) != len(series) for g in groups):
        raise ValueError("Every group needs one value per series.")
    header = (label_heading, *series, *(("Total",) if stacked else ()))
    rows = tuple(
        Row(g.label, tuple(_cell(v, g.gap, number) for v in g.values)
            + ((_cell(_total(g.values), g.gap, number),) if stacked else ()))
        for g in groups
    )
    if not groups:
        return _empty(key, title, header)
    for g in groups:
        _non_negative(*g.values)
    ident = draw.ident(key)
    if stacked:
        texts = [number(t) if (t := _total(g.values)) is not None else "" for g in groups]
        top = draw.largest([_total(g.values) for g in groups])
    else:
        texts = [f"{s}: {number(v) if v is not None else ''}" for g in groups for s, v in zip(series, g.values, strict=True)]
        top = draw.largest([v for g in groups for v in g.values])
    plot = WIDTH - 2 * PAD - draw.text_width(texts, SMALL) - 8
    parts: list[str] = []
    y = draw.legend(parts, PAD, [(draw.swatch(i, ident), name) for i, name in enumerate(series)])
    for g in groups:
        y = draw.label(parts, g.label, y)
        parts.append('<g class="cg-graph__item">')
        if stacked:
            total = _total(g.values)
            if total is None:
                parts.append(draw.gap_text(PAD, y, g.gap))
            else:
                x = float(PAD)
                for i, v in enumerate(g.values):
                    assert v is not None
                    w = plot * float(v) / top
                    parts.append(draw.rect(x, y, w, BAR, draw.fill(i, ident), float(v), series=i))
                    x += w
                parts.append(draw.text(WIDTH - PAD, y + BAR - 3, number(total), SMALL, anchor="end"))
            y += BAR + 4
            detail = " · ".join(f"{s} {number(v) if v is not None else g.gap}" for s, v in zip(series, g.values, strict=True))
            parts.append(draw.text(PAD, y + SMALL - 1, detail, SMALL, fill=SECONDARY))
            y += LINE
        else:
            for i, (name, v) in enumerate(zip(series, g.values, strict=True)):
                if v is None:
                    parts.append(draw.gap_text(PAD, y, g.gap))
                    parts.append(draw.text(WIDTH - PAD, y + BAR - 3, name, SMALL, anchor="end"))
                else:
                    parts.append(draw.rect(PAD, y, plot * float(v) / top, BAR, draw.fill(i, ident), float(v), series=i))
                    parts.append(draw.text(WIDTH - PAD, y + BAR - 3, f"{name}: {number(v)}", SMALL, anchor="end"))
                y += BAR + 4
        parts.append("</g>")
        y += GAP - 4
    kind = "Stacked bars, one per row, with its parts and total" if stacked else f"{len(series)} bars per row"
    desc = description or _count_desc(kind, groups, "", hidden=lambda g: any(v is None for v in g.values))
    return Chart(key, title, draw.svg(ident, title, desc, y + PAD, parts, draw.defs(ident, len(series))), header, rows)


# Drawing ------------------------------------------------------------------------------------


def _empty(key: str, title: str, header: tuple[str, ...]) -> Chart:
    return Chart(key, title, Markup(f'<p class="cg-graph__empty">{escape(title)}: {escape(NO_FIGURES.lower())}</p>'), header)


# Figures and layout -------------------------------------------------------------------------


def _cell(value: Number | None, gap: str, number: Format) -> Cell:
    return Cell(gap, hidden=True) if value is None else Cell(number(value))


def _mark_cell(value: Number | None, number: Format) -> Cell:
    return Cell("–" if value is None else number(value))


def _change_row(c: Change, number: Format, signed: Format) -> Row:
    people = Cell(HIDDEN_LABEL, hidden=True) if c.people is None else Cell(COUNT(c.people))
    if c.change is None:
        return Row(c.label, (people, *(Cell(c.gap, hidden=True) for _ in range(4))))
    interval = "–" if c.low is None or c.high is None else f"{number(c.low)} to {number(c.high)}"
    return Row(c.label, (people, Cell(_maybe(c.before, number)), Cell(_maybe(c.after, number)),
                         Cell(signed(c.change)), Cell(interval)))


def _change_detail(c: Change, number: Format, signed: Format) -> str:
    """"3.39 → 3.65: +0.26 (0.20 to 0.32)": before, after, the change and its interval."""
    assert c.change is not None
    detail = f"{_maybe(c.before, number)} → {_maybe(c.after, number)}: {signed(c.change)}"
    if c.low is not None and c.high is not None:
        detail += f" ({number(c.low)} to {number(c.high)})"
    return detail


def _maybe(value: float | None, number: Format) -> str:
    return "–" if value is None else number(value)


def _bar_text(b: Bar, number: Format, of_target: bool = True) -> str:
    if b.value is None:
        return ""
    return number(b.value) if b.target is None or not of_target else f"{number(b.value)} of {number(b.target)}"


def _total(values: tuple[Number | None, ...]) -> Number | None:
    if any(v is None for v in values):
        return None
    return sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))


def _non_negative(*values: Number | None) -> None:
    if any(v is not None and v < 0 for v in values):
        raise ValueError("A bar chart draws figures of zero or more.")


def _count_desc[T](kind: str, items: Sequence[T], extra: str, hidden: Callable[[T], bool] | None = None) -> str:
    gaps = sum(1 for item in items if (hidden(item) if hidden else getattr(item, "value", 0) is None))
    said = f"{kind}{', ' + extra if extra else ''}, for {len(items)} {'row' if len(items) == 1 else 'rows'}"
    if gaps:
        said += f"; {gaps} {'is' if gaps == 1 else 'are'} {HIDDEN_LABEL}"
    return f"{said}. The table with this chart gives every figure."
