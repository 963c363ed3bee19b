"""The drawing underneath `core.charts`: sizes, colours and the SVG elements every chart is made of.

PURE Python, no Django. Nothing here knows about figures or tables; `core.charts` lays charts out
with these pieces (see its docstring for what every chart promises). Coordinates are drawing units:
a chart is `WIDTH` units wide for a phone's column, or `WIDE` units for a screen with room to put
each label beside its bar.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from decimal import Decimal
from html import escape

WIDTH = 320  # drawing units; see "Readable on a phone" in core.charts
WIDE = 640  # the same chart laid out for a wide screen, labels beside their bars
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

Number = int | float | Decimal


class Markup(str):
    """Text that is already safe HTML: Django templates (and Jinja) print it as it is."""

    def __html__(self) -> str:
        return str(self)


def svg(ident: str, title: str, desc: str, height: float, parts: list[str], defs: str, *, width: int = WIDTH,
        css: str = "cg-graph__svg") -> Markup:
    h = n(math.ceil(height))
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {h}" '
        f'width="{width}" height="{h}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'focusable="false" font-family="{FONT_FAMILY}" font-size="{FONT}" fill="{INK}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{defs}{''.join(parts)}</svg>"
    )


def defs(ident: str, count: int) -> str:
    if count < 2:
        return ""
    return (
        f'<defs><pattern id="{ident}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{DARK_BLUE}"/></pattern></defs>'
    )


def fill(series: int, ident: str) -> tuple[str, str]:
    """(fill, outline) of a series: solid blue, dark blue hatching, or light grey outlined."""
    return ((BLUE, BLUE), (f"url(#{ident}-hatch)", DARK_BLUE), ("#d8dde0", INK))[series]


def swatch(series: int, ident: str) -> str:
    paint, outline = fill(series, ident)
    return f'<rect x="0" y="0" width="18" height="{SMALL}" fill="{paint}" stroke="{outline}" stroke-width="1.5"/>'


def target_mark() -> str:
    return f'<line x1="9" x2="9" y1="-2" y2="{SMALL + 2}" stroke="{INK}" stroke-width="3"/>'


def limit_mark() -> str:
    """A limit (a most) is dashed, so it differs from a target by its shape, not its colour."""
    return f'<line x1="9" x2="9" y1="-2" y2="{SMALL + 2}" stroke="{INK}" stroke-width="3" stroke-dasharray="3 2"/>'


def legend(parts: list[str], y: float, entries: list[tuple[str, str]], *, width: int = WIDTH) -> float:
    """Keys side by side while they fit, else one a line; returns the y below them."""
    x = float(PAD)
    for mark, name in entries:
        span = 24 + text_width([name], SMALL)
        if x > PAD and x + span > width - PAD:
            x, y = float(PAD), y + LINE
        parts.append(f'<g class="cg-graph__key" transform="translate({n(x)} {n(y + 2)})">{mark}'
                     f"{text(24, SMALL - 2, name, SMALL)}</g>")
        x += span + 16
    return y + LINE + 8


def label(parts: list[str], words: str, y: float) -> float:
    """A label on its own lines above its item (the phone layout); returns the y below it."""
    for line in wrap(words, WIDTH - 2 * PAD, FONT):
        parts.append(text(PAD, y + FONT - 1, line, FONT, cls="cg-graph__label"))
        y += LINE
    return y + 2


def rect(x: float, y: float, w: float, h: float, paint: tuple[str, str], value: float, *, series: int = 0) -> str:
    inside, outline = paint
    edge = f' stroke="{outline}" stroke-width="1.5"' if inside != outline else ""
    return (f'<rect class="cg-graph__bar" x="{n(x)}" y="{n(y)}" width="{n(w)}" height="{n(h)}" fill="{inside}"'
            f'{edge} data-value="{n(value)}" data-series="{series}"/>')


def mark_line(x: float, top: float, bottom: float, value: float, *, dashed: bool = False) -> str:
    """A target (solid) or a limit (dashed) across a bar."""
    kind, dash = ("limit", ' stroke-dasharray="3 2"') if dashed else ("target", "")
    return (f'<line class="cg-graph__{kind}" x1="{n(x)}" x2="{n(x)}" y1="{n(top)}" y2="{n(bottom)}" stroke="{INK}" '
            f'stroke-width="3"{dash} data-value="{n(value)}"/>')


def gap_text(x: float, y: float, gap: str) -> str:
    return (f'<text class="cg-graph__gap" x="{n(x)}" y="{n(y + BAR - 3)}" font-size="{SMALL}" '
            f'font-style="italic" fill="{SECONDARY}">{escape(gap)}</text>')


def text(x: float, y: float, words: str, size: int, *, anchor: str = "start", fill: str = INK, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    end = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text{klass} x="{n(x)}" y="{n(y)}" font-size="{size}" fill="{fill}"{end}>{escape(words)}</text>'


def largest(values: Sequence[Number | None]) -> float:
    """The value the longest bar stands for (1 when nothing is shown, so scales stay finite)."""
    return max([float(v) for v in values if v is not None] + [0.0]) or 1.0


def nice_top(value: float) -> float:
    step = 10.0 ** math.floor(math.log10(value))
    return next(step * m for m in (1, 2, 2.5, 5, 10) if step * m >= value)


def nice_range(low: float, high: float) -> tuple[float, float, float]:
    """Round ends and a tick step covering [low, high] in about four steps."""
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    raw = (high - low) / 4
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(magnitude * m for m in (1, 2, 2.5, 5, 10) if magnitude * m >= raw)
    return math.floor(low / step - 1e-9) * step, math.ceil(high / step + 1e-9) * step, step


def decimals(step: float) -> int:
    """Decimals enough to write every multiple of `step` exactly (0.25 needs 2, 0.5 needs 1)."""
    return next(d for d in range(6) if abs(round(step, d) - step) < 1e-9)


def text_width(texts: Sequence[str], size: int) -> float:
    return max((len(t) for t in texts), default=0) * size * EM


def wrap(words: str, width: float, size: int) -> list[str]:
    """The label on at most two lines of `width`, the rest cut with an ellipsis (the table has it whole)."""
    chars = max(4, int(width / (size * EM)))
    lines = textwrap.wrap(words, chars, break_long_words=True) or [""]
    if len(lines) > 2:
        lines = [lines[0], clip(" ".join(lines[1:]), width, size)]
    return lines


def clip(words: str, width: float, size: int = SMALL) -> str:
    chars = max(1, int(width / (size * EM)))
    return words if len(words) <= chars else words[: chars - 1].rstrip() + "…"


def ident(key: str) -> str:
    return "chart-" + (re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") or "figures")


def n(value: float) -> str:
    """A coordinate with at most two decimals, written the same way every time."""
    words = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if words in ("-0", "") else words
