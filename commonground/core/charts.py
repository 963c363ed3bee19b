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
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from commonground.core.disclosure import HIDDEN_LABEL

WIDTH = 320  # drawing units; see "Readable on a phone"
PAD = 4
FONT = 14  # labels
SMALL = 13  # figures, ticks, legends and gaps: the smallest text drawn
LINE = 18  # the height of one line of label text
BAR = 16  # the thickness of a bar
GAP = 12  # space after each item
EM = 0.6  # a generous average character width, in ems, for laying text out without a browser

INK = "#212b32"  # NHS.UK text colour
SECONDARY = "#4c6272"  # NHS.UK secondary text: 6.3:1 on white
BLUE = "#005eb8"  # 6.2:1 on white
DARK_BLUE = "#003087"
GRID = "#aeb7bd"
FONT_FAMILY = "Frutiger W01, Arial, sans-serif"
NO_FIGURES = "No figures yet."

Number = int | float | Decimal


class Markup(str):
    """Text that is already safe HTML: Django templates (and Jinja) print it as it is."""

    def __html__(self) -> str:
        return str(self)


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
    """One labelled value; None: hidden (drawn as a gap saying `gap`)."""

    label: str
    value: Number | None
    target: Number | None = None
    gap: str = HIDDEN_LABEL


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
    """A chart's markup and the table of its figures; `markup` is the SVG, or a "no figures" note."""

    key: str
    title: str
    markup: Markup
    header: tuple[str, ...]
    rows: tuple[Row, ...] = ()

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
) -> Chart:
    """Horizontal bars, one per label, each with its figure and an optional target mark."""
    has_target = any(b.target is not None for b in bars)
    header = (label_heading, value_heading, *((target_heading,) if has_target else ()))
    rows = tuple(
        Row(b.label, (_cell(b.value, b.gap, number),
                      *((Cell("–" if b.target is None else number(b.target)),) if has_target else ())))
        for b in bars
    )
    if not bars:
        return _empty(key, title, header)
    for b in bars:
        _non_negative(b.value, b.target)
    ident = _ident(key)
    texts = [_bar_text(b, number) for b in bars]
    plot = WIDTH - 2 * PAD - _text_width(texts, SMALL) - 8
    top = _largest([b.value for b in bars] + [b.target for b in bars])
    parts: list[str] = []
    y = float(PAD)
    if has_target:
        y = _legend(parts, y, [(_swatch(0, ident), value_heading), (_target_mark(), target_heading)])
    for b, text in zip(bars, texts, strict=True):
        y = _label(parts, b.label, y)
        parts.append('<g class="cg-graph__item">')
        if b.value is None:
            parts.append(_gap_text(PAD, y, b.gap))
        else:
            parts.append(_rect(PAD, y, plot * float(b.value) / top, BAR, _fill(0, ident), float(b.value)))
        if b.target is not None:
            x = PAD + plot * float(b.target) / top
            parts.append(f'<line class="cg-graph__target" x1="{_n(x)}" x2="{_n(x)}" y1="{_n(y - 3)}" '
                         f'y2="{_n(y + BAR + 3)}" stroke="{INK}" stroke-width="3" data-value="{_n(float(b.target))}"/>')
        if text:
            parts.append(_text(WIDTH - PAD, y + BAR - 3, text, SMALL, anchor="end"))
        parts.append("</g>")
        y += BAR + GAP
    desc = description or _count_desc("Horizontal bars", bars, "with a line at each target" if has_target else "")
    return Chart(key, title, _svg(ident, title, desc, y, parts, ""), header, rows)


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
    ident = _ident(key)
    top = float(maximum) if maximum is not None else _nice_top(_largest([c.value for c in columns]))
    left, height, base = PAD + _text_width([number(top)], SMALL) + 4, 160.0, PAD + SMALL + 160.0
    slot = (WIDTH - PAD - left) / len(columns)
    parts: list[str] = []
    for fraction in (0.0, 0.5, 1.0):
        y = base - height * fraction
        parts.append(f'<line x1="{_n(left)}" x2="{WIDTH - PAD}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(_text(left - 4, y + 4, number(top * fraction), SMALL, anchor="end", fill=SECONDARY))
    values = [number(c.value) if c.value is not None else "" for c in columns]
    fits = _text_width(values, SMALL) <= slot
    every = max(1, math.ceil((_text_width([c.label for c in columns], SMALL) + 4) / slot))
    for i, c in enumerate(columns):
        middle = left + slot * (i + 0.5)
        parts.append('<g class="cg-graph__item">')
        if c.value is None:
            parts.append(f'<text x="{_n(middle + 4)}" y="{_n(base - 4)}" font-size="{SMALL}" fill="{SECONDARY}" '
                         f'font-style="italic" class="cg-graph__gap" transform="rotate(-90 {_n(middle + 4)} '
                         f'{_n(base - 4)})">{escape(c.gap)}</text>')
        else:
            h = height * min(float(c.value), top) / top
            parts.append(_rect(middle - slot * 0.35, base - h, slot * 0.7, h, _fill(0, ident), float(c.value)))
            if fits:
                parts.append(_text(middle, base - h - 4, values[i], SMALL, anchor="middle"))
        if i % every == 0:
            parts.append(_text(middle, base + SMALL + 4, _clip(c.label, slot * every), SMALL, anchor="middle"))
        parts.append("</g>")
    desc = description or _count_desc("Columns in time order", columns, "")
    return Chart(key, title, _svg(ident, title, desc, base + SMALL + 10, parts, ""), header, rows)


def change_chart(
    *, key: str, title: str, changes: Sequence[Change], label_heading: str, description: str = "",
    number: Format = Format(decimals=2),
) -> Chart:
    """Mean change per item as a point with its interval as whiskers, against a line at no change."""
    signed = Format(number.decimals, number.prefix, number.suffix, signed=True)
    header = (label_heading, "People", "Before", "After", "Change", "95% interval")
    rows = tuple(_change_row(c, number, signed) for c in changes)
    if not changes:
        return _empty(key, title, header)
    ident = _ident(key)
    ends = [v for c in changes if c.change is not None for v in (c.change, c.low, c.high) if v is not None]
    low, high, step = _nice_range(min([0.0, *ends]), max([0.0, *ends]))
    left, right = PAD + 20, WIDTH - PAD - 20

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    zero = x(0.0)
    parts: list[str] = []
    point = f'<circle cx="9" cy="6" r="6" fill="{BLUE}"/>'
    whisker = f'<path d="M1 6H17M1 0V12M17 0V12" stroke="{INK}" stroke-width="2" fill="none"/>'
    y = _legend(parts, float(PAD), [(point, "mean change"), (whisker, "95% interval")])
    for c in changes:
        y = _label(parts, c.label, y)
        parts.append('<g class="cg-graph__item">')
        if c.change is None:
            parts.append(_gap_text(PAD, y, c.gap))
        else:
            detail = f"{_maybe(c.before, number)} → {_maybe(c.after, number)}: {signed(c.change)}"
            if c.low is not None and c.high is not None:
                detail += f" ({number(c.low)} to {number(c.high)})"
            parts.append(_text(PAD, y + SMALL - 1, detail, SMALL))
            y += LINE
            middle = y + BAR / 2
            # No change, drawn only where the points are, so that it never runs through text.
            parts.append(f'<line class="cg-graph__zero" x1="{_n(zero)}" x2="{_n(zero)}" y1="{_n(y - 2)}" '
                         f'y2="{_n(y + BAR + 2)}" stroke="{SECONDARY}" stroke-width="1.5" stroke-dasharray="3 2"/>')
            if c.low is not None and c.high is not None:
                parts.append(f'<path class="cg-graph__interval" d="M{_n(x(c.low))} {_n(middle)}H{_n(x(c.high))}'
                             f'M{_n(x(c.low))} {_n(middle - 6)}V{_n(middle + 6)}M{_n(x(c.high))} {_n(middle - 6)}'
                             f'V{_n(middle + 6)}" stroke="{INK}" stroke-width="2" fill="none" '
                             f'data-low="{_n(c.low)}" data-high="{_n(c.high)}"/>')
            parts.append(f'<circle class="cg-graph__point" cx="{_n(x(c.change))}" cy="{_n(middle)}" r="6" '
                         f'fill="{BLUE}" stroke="#ffffff" stroke-width="1.5" data-value="{_n(c.change)}"/>')
        parts.append("</g>")
        y += BAR + GAP
    tick_text = Format(_decimals(step), number.prefix, number.suffix, signed=True)
    parts.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="{SECONDARY}"/>')
    for i in range(round((high - low) / step) + 1):
        tick = low + step * i
        parts.append(f'<line x1="{_n(x(tick))}" x2="{_n(x(tick))}" y1="{_n(y)}" y2="{_n(y + 5)}" stroke="{SECONDARY}"/>')
        parts.append(_text(x(tick), y + 5 + SMALL, "0" if abs(tick) < step / 1e6 else tick_text(tick), SMALL,
                           anchor="middle", fill=SECONDARY))
    y += 5 + SMALL + 4
    parts.append(_text(WIDTH / 2, y + SMALL, "change (none at the dashed line)", SMALL, anchor="middle",
                       fill=SECONDARY))
    y += LINE + PAD
    desc = description or _count_desc(
        "A point for each mean change with its 95% interval as a line", changes, "", hidden=lambda c: c.change is None
    )
    return Chart(key, title, _svg(ident, title, desc, y, parts, ""), header, rows)


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
    ident = _ident(key)
    if stacked:
        texts = [number(t) if (t := _total(g.values)) is not None else "" for g in groups]
        top = _largest([_total(g.values) for g in groups])
    else:
        texts = [f"{s}: {number(v) if v is not None else ''}" for g in groups for s, v in zip(series, g.values, strict=True)]
        top = _largest([v for g in groups for v in g.values])
    plot = WIDTH - 2 * PAD - _text_width(texts, SMALL) - 8
    parts: list[str] = []
    y = _legend(parts, PAD, [(_swatch(i, ident), name) for i, name in enumerate(series)])
    for g in groups:
        y = _label(parts, g.label, y)
        parts.append('<g class="cg-graph__item">')
        if stacked:
            total = _total(g.values)
            if total is None:
                parts.append(_gap_text(PAD, y, g.gap))
            else:
                x = float(PAD)
                for i, v in enumerate(g.values):
                    assert v is not None
                    w = plot * float(v) / top
                    parts.append(_rect(x, y, w, BAR, _fill(i, ident), float(v), series=i))
                    x += w
                parts.append(_text(WIDTH - PAD, y + BAR - 3, number(total), SMALL, anchor="end"))
            y += BAR + 4
            detail = " · ".join(f"{s} {number(v) if v is not None else g.gap}" for s, v in zip(series, g.values, strict=True))
            parts.append(_text(PAD, y + SMALL - 1, detail, SMALL, fill=SECONDARY))
            y += LINE
        else:
            for i, (name, v) in enumerate(zip(series, g.values, strict=True)):
                if v is None:
                    parts.append(_gap_text(PAD, y, g.gap))
                    parts.append(_text(WIDTH - PAD, y + BAR - 3, name, SMALL, anchor="end"))
                else:
                    parts.append(_rect(PAD, y, plot * float(v) / top, BAR, _fill(i, ident), float(v), series=i))
                    parts.append(_text(WIDTH - PAD, y + BAR - 3, f"{name}: {number(v)}", SMALL, anchor="end"))
                y += BAR + 4
        parts.append("</g>")
        y += GAP - 4
    kind = "Stacked bars, one per row, with its parts and total" if stacked else f"{len(series)} bars per row"
    desc = description or _count_desc(kind, groups, "", hidden=lambda g: any(v is None for v in g.values))
    return Chart(key, title, _svg(ident, title, desc, y + PAD, parts, _defs(ident, len(series))), header, rows)


# Drawing ------------------------------------------------------------------------------------


def _svg(ident: str, title: str, desc: str, height: float, parts: list[str], defs: str) -> Markup:
    h = _n(math.ceil(height))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cg-graph__svg" viewBox="0 0 {WIDTH} {h}" '
        f'width="{WIDTH}" height="{h}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'focusable="false" font-family="{FONT_FAMILY}" font-size="{FONT}" fill="{INK}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{defs}{''.join(parts)}</svg>"
    )


def _empty(key: str, title: str, header: tuple[str, ...]) -> Chart:
    return Chart(key, title, Markup(f'<p class="cg-graph__empty">{escape(title)}: {escape(NO_FIGURES.lower())}</p>'), header)


def _defs(ident: str, count: int) -> str:
    if count < 2:
        return ""
    return (
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{DARK_BLUE}"/></pattern></defs>'
    )


def _fill(series: int, ident: str) -> tuple[str, str]:
    """(fill, outline) of a series: solid blue, dark blue hatching, or light grey outlined."""
    return ((BLUE, BLUE), (f"url(#{ident}-hatch)", DARK_BLUE), ("#d8dde0", INK))[series]


def _swatch(series: int, ident: str) -> str:
    fill, outline = _fill(series, ident)
    return f'<rect x="0" y="0" width="18" height="{SMALL}" fill="{fill}" stroke="{outline}" stroke-width="1.5"/>'


def _target_mark() -> str:
    return f'<line x1="9" x2="9" y1="-2" y2="{SMALL + 2}" stroke="{INK}" stroke-width="3"/>'


def _legend(parts: list[str], y: float, entries: list[tuple[str, str]]) -> float:
    """Keys side by side while they fit, else one a line; returns the y below them."""
    x = float(PAD)
    for mark, name in entries:
        width = 24 + _text_width([name], SMALL)
        if x > PAD and x + width > WIDTH - PAD:
            x, y = float(PAD), y + LINE
        parts.append(f'<g class="cg-graph__key" transform="translate({_n(x)} {_n(y + 2)})">{mark}'
                     f"{_text(24, SMALL - 2, name, SMALL)}</g>")
        x += width + 16
    return y + LINE + 8


def _label(parts: list[str], label: str, y: float) -> float:
    for line in _wrap(label, WIDTH - 2 * PAD, FONT):
        parts.append(_text(PAD, y + FONT - 1, line, FONT, cls="cg-graph__label"))
        y += LINE
    return y + 2


def _rect(x: float, y: float, w: float, h: float, paint: tuple[str, str], value: float, *, series: int = 0) -> str:
    fill, outline = paint
    edge = f' stroke="{outline}" stroke-width="1.5"' if fill != outline else ""
    return (f'<rect class="cg-graph__bar" x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"'
            f'{edge} data-value="{_n(value)}" data-series="{series}"/>')


def _gap_text(x: float, y: float, gap: str) -> str:
    return (f'<text class="cg-graph__gap" x="{_n(x)}" y="{_n(y + BAR - 3)}" font-size="{SMALL}" '
            f'font-style="italic" fill="{SECONDARY}">{escape(gap)}</text>')


def _text(x: float, y: float, text: str, size: int, *, anchor: str = "start", fill: str = INK, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    end = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text{klass} x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"{end}>{escape(text)}</text>'


# Figures and layout -------------------------------------------------------------------------


def _cell(value: Number | None, gap: str, number: Format) -> Cell:
    return Cell(gap, hidden=True) if value is None else Cell(number(value))


def _change_row(c: Change, number: Format, signed: Format) -> Row:
    people = Cell(HIDDEN_LABEL, hidden=True) if c.people is None else Cell(COUNT(c.people))
    if c.change is None:
        return Row(c.label, (people, *(Cell(c.gap, hidden=True) for _ in range(4))))
    interval = "–" if c.low is None or c.high is None else f"{number(c.low)} to {number(c.high)}"
    return Row(c.label, (people, Cell(_maybe(c.before, number)), Cell(_maybe(c.after, number)),
                         Cell(signed(c.change)), Cell(interval)))


def _maybe(value: float | None, number: Format) -> str:
    return "–" if value is None else number(value)


def _bar_text(b: Bar, number: Format) -> str:
    if b.value is None:
        return ""
    return number(b.value) if b.target is None else f"{number(b.value)} of {number(b.target)}"


def _total(values: tuple[Number | None, ...]) -> Number | None:
    if any(v is None for v in values):
        return None
    return sum((Decimal(str(v)) for v in values if v is not None), Decimal(0))


def _largest(values: Sequence[Number | None]) -> float:
    """The value the longest bar stands for (1 when nothing is shown, so scales stay finite)."""
    return max([float(v) for v in values if v is not None] + [0.0]) or 1.0


def _non_negative(*values: Number | None) -> None:
    if any(v is not None and v < 0 for v in values):
        raise ValueError("A bar chart draws figures of zero or more.")


def _nice_top(value: float) -> float:
    step = 10.0 ** math.floor(math.log10(value))
    return next(step * m for m in (1, 2, 2.5, 5, 10) if step * m >= value)


def _nice_range(low: float, high: float) -> tuple[float, float, float]:
    """Round ends and a tick step covering [low, high] in about four steps."""
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    raw = (high - low) / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(magnitude * m for m in (1, 2, 2.5, 5, 10) if magnitude * m >= raw)
    return math.floor(low / step - 1e-9) * step, math.ceil(high / step + 1e-9) * step, step


def _decimals(step: float) -> int:
    """Decimals enough to write every multiple of `step` exactly (0.25 needs 2, 0.5 needs 1)."""
    return next(d for d in range(6) if abs(round(step, d) - step) < 1e-9)


def _text_width(texts: Sequence[str], size: int) -> float:
    return max((len(t) for t in texts), default=0) * size * EM


def _wrap(label: str, width: float, size: int) -> list[str]:
    """The label on at most two lines of `width`, the rest cut with an ellipsis (the table has it whole)."""
    chars = max(4, int(width / (size * EM)))
    lines = textwrap.wrap(label, chars, break_long_words=True) or [""]
    if len(lines) > 2:
        lines = [lines[0], _clip(" ".join(lines[1:]), width, size)]
    return lines


def _clip(text: str, width: float, size: int = SMALL) -> str:
    chars = max(1, int(width / (size * EM)))
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _count_desc[T](kind: str, items: Sequence[T], extra: str, hidden: Callable[[T], bool] | None = None) -> str:
    gaps = sum(1 for item in items if (hidden(item) if hidden else getattr(item, "value", 0) is None))
    said = f"{kind}{', ' + extra if extra else ''}, for {len(items)} {'row' if len(items) == 1 else 'rows'}"
    if gaps:
        said += f"; {gaps} {'is' if gaps == 1 else 'are'} {HIDDEN_LABEL}"
    return f"{said}. The table with this chart gives every figure."


def _ident(key: str) -> str:
    return "chart-" + (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "figures")


def _n(value: float) -> str:
    """A coordinate with at most two decimals, written the same way every time."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
