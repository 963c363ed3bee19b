"""A person's own network as a picture drawn on the server: PURE Python, no Django.

You are in the middle, your colleagues on rings around you, one ring for each way of knowing them:
innermost those you knew at the start and know now, then those you knew at the start but have not
marked since, then those you know now and did not then, and outermost those the programme brought
you together with whom neither of you has marked. Each ring is drawn as its own kind of line (solid,
dotted, thick blue, dashed), which the key at the top explains, so no meaning rests on colour; its
dots are in sector order, so a sector's dots sit together, coloured as on the programme's map
(`SECTOR_COLOURS`). Rings rather than a line out to each colleague: forty lines from the middle
would run through each other's dots.

Readable at any size: the drawing has the charts' fixed coordinate system (`charts.WIDTH` units
wide, shown at most 28rem wide by `.cg-graph__svg`), so at the narrowest phone (about 343 CSS px of
column) a unit is a little over a pixel and every text, drawn at `charts.SMALL` units or more, is
over 13 px; it grows no further than about 18 px on a large screen. Forty names round a ring
cannot be read on a phone, so no colleague's name is drawn as text: each dot names its colleague in
a `<title>` (shown as the pointer rests on it) and the page lists everyone the picture draws beside
it, ring by ring.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from commonground.core import charts

# The map's colours (js/network-picture.js SECTOR_COLOURS and .cg-swatch--* in css/commonground.css).
SECTOR_COLOURS = {
    "nhs_acute": "#0072B2", "community_health": "#56B4E9", "mental_health": "#009E73", "primary_care": "#004D40",
    "ambulance": "#D55E00", "adult_social_care": "#E69F00", "childrens_services": "#F0E442",
    "public_health": "#CC79A7", "district_council": "#8C510A", "housing": "#66C2A5",
    "voluntary_community": "#7B3294", "faith": "#C2A5CF", "police": "#1B1B1B", "fire": "#B2182B",
    "education": "#4D4D4D", "other": "#9E9E9E",
}
OTHER = "#9E9E9E"

KNOWN, LAPSED, NEW, MET = "known", "lapsed", "new", "met"
KINDS = (KNOWN, LAPSED, NEW, MET)


@dataclass(frozen=True)
class Ring:
    """How a ring's line is drawn (the key shows a piece of it beside its words)."""

    colour: str
    width: float
    dashes: str  # an SVG stroke-dasharray, "" for solid


RINGS = {  # innermost first
    KNOWN: Ring(charts.SECONDARY, 1.5, ""),
    LAPSED: Ring(charts.SECONDARY, 1.5, "1.5 3"),
    NEW: Ring(charts.BLUE, 3, ""),
    MET: Ring(charts.SECONDARY, 1.5, "6 4"),
}


def kind_of(*, knew_at_start: bool, know_now: bool) -> str:
    """Which ring a colleague is drawn in: known then and now, known then only, new, or only met."""
    if knew_at_start:
        return KNOWN if know_now else LAPSED
    return NEW if know_now else MET


def kind_labels(*, later_round: bool) -> dict[str, str]:
    """What each kind is called, in the key and in the page's list (one round: no "then and now")."""
    return {
        KNOWN: "Knew at the start, know now" if later_round else "You know",
        LAPSED: "Knew at the start, not marked now",
        NEW: "New since the start",
        MET: "Met through the programme, not marked",
    }


@dataclass(frozen=True)
class Dot:
    """One colleague in the picture."""

    name: str
    sector: str  # a sector code, "other" when not known
    sector_label: str
    kind: str  # one of KINDS


def sectors_in(dots: Sequence[Dot]) -> list[tuple[str, str]]:
    """The sectors the picture colours (code and label), in the order of its key."""
    order = list(SECTOR_COLOURS)
    found = {d.sector: d.sector_label for d in dots}
    return sorted(found.items(), key=lambda item: order.index(item[0]) if item[0] in order else len(order))


W = charts.WIDTH
PAD = charts.PAD
KEY_TEXT = charts.SMALL
KEY_LINE = charts.LINE
ME = 17  # the radius of your own dot
OUTER = W / 2 - PAD - 8  # the outer ring's radius, leaving room for its dots
INNER = ME + 28  # the closest a ring comes to your dot


def my_network_svg(dots: Sequence[Dot], *, labels: dict[str, str], title: str = "Your network") -> charts.Markup:
    """The picture as SVG markup, or "" when there is nobody to draw."""
    if not dots:
        return charts.Markup("")
    ident = "my-network"
    order = {code: i for i, code in enumerate(SECTOR_COLOURS)}
    rings = {kind: sorted((d for d in dots if d.kind == kind), key=lambda d: (order.get(d.sector, len(order)), d.name))
             for kind in KINDS}
    drawn = [kind for kind in KINDS if rings[kind]]
    parts: list[str] = []
    y = _key(parts, [(kind, f"{labels[kind]} ({len(rings[kind])})") for kind in drawn])
    cx, cy = W / 2, y + OUTER + 10
    circles: list[str] = []
    for i, kind in enumerate(drawn):
        ring, style = rings[kind], RINGS[kind]
        radius = OUTER if len(drawn) == 1 else INNER + (OUTER - INNER) * i / (len(drawn) - 1)
        dash = f' stroke-dasharray="{style.dashes}"' if style.dashes else ""
        parts.append(f'<circle class="cg-my-network__ring" cx="{_n(cx)}" cy="{_n(cy)}" r="{_n(radius)}" fill="none" '
                     f'stroke="{style.colour}" stroke-width="{_n(style.width)}"{dash} data-kind="{kind}"/>')
        step = 2 * math.pi / len(ring)
        size = max(2.5, min(6.0, radius * step * 0.4))  # dots shrink rather than overlap on a crowded ring
        turn = step / 2 * (i % 2)  # neighbouring rings' dots out of line with each other
        for j, dot in enumerate(ring):
            angle = -math.pi / 2 + turn + step * j
            x, y2 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
            circles.append(f'<circle class="cg-my-network__dot" cx="{_n(x)}" cy="{_n(y2)}" r="{_n(size)}" '
                           f'fill="{SECTOR_COLOURS.get(dot.sector, OTHER)}" stroke="{charts.INK}" stroke-width="1" '
                           f'data-kind="{kind}"><title>{escape(dot.name)}, {escape(dot.sector_label)}: '
                           f"{escape(labels[kind])}</title></circle>")
    parts += circles
    parts.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="{ME}" fill="{charts.INK}"/>')
    parts.append(f'<text class="cg-my-network__label" x="{_n(cx)}" y="{_n(cy + 5)}" font-size="{charts.FONT}" '
                 f'font-weight="bold" fill="#ffffff" text-anchor="middle">You</text>')
    height = math.ceil(cy + OUTER + 10 + PAD)
    said = "; ".join(f"{len(rings[kind])} {labels[kind].lower()}" for kind in drawn)
    desc = (f"You in the middle and {len(dots)} colleague{'s' if len(dots) != 1 else ''} on rings around you, "
            f"innermost first, each a dot coloured by their sector: {said}. The list with this picture names each of them.")
    return charts.Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cg-graph__svg cg-my-network" viewBox="0 0 {W} {height}" '
        f'width="{W}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'focusable="false" font-family="{charts.FONT_FAMILY}" font-size="{charts.FONT}" fill="{charts.INK}">'
        f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(desc)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def _key(parts: list[str], entries: list[tuple[str, str]]) -> float:
    """One line of the key per kind drawn: a sample of its line, then its words (wrapped)."""
    y = float(PAD)
    chars = int((W - 2 * PAD - 34) / (KEY_TEXT * charts.EM))
    for kind, words in entries:
        line = RINGS[kind]
        dash = f' stroke-dasharray="{line.dashes}"' if line.dashes else ""
        middle = y + KEY_TEXT / 2 + 1
        parts.append(f'<line x1="{PAD}" x2="{PAD + 26}" y1="{_n(middle)}" y2="{_n(middle)}" stroke="{line.colour}" '
                     f'stroke-width="{_n(line.width)}"{dash}/>')
        for text in _wrap(words, chars):
            parts.append(f'<text class="cg-my-network__label" x="{PAD + 34}" y="{_n(y + KEY_TEXT - 1)}" '
                         f'font-size="{KEY_TEXT}">{escape(text)}</text>')
            y += KEY_LINE
        y += 4
    return y + 4


def _wrap(text: str, chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
