"""The alumni map: a system's places as labelled circles, drawn on the server. PURE Python, no Django.

No tiles and no addresses: a place is a circle whose area grows with the alumni it shows, its
name and count below it, and the circle is a link to the directory filtered by that place. Places
carry no coordinates, so they are laid out the same way every time: in the order given (by name),
two to a row, in the charts' fixed coordinate system (`chart_svg.WIDTH` units wide), which keeps
every text at `chart_svg.SMALL` units or more readable on a 375 px phone. A count that disclosure
control hides is drawn as a dashed outline with "not shown", never sized by the true count.

The drawing is a group of links, not an image: each link is named by the words drawn in it ("East
Surrey 12 alumni"), so keyboard and screen-reader users reach each place as they read it; the page's
table says the same.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from commonground.core import chart_svg as draw

COLUMNS = 2
CELL_W = draw.WIDTH / COLUMNS
CELL_H = 150
MAX_R = 46
MIN_R = 8
HIDDEN = "not shown"


@dataclass(frozen=True)
class MapPlace:
    name: str
    count: int | None  # None: hidden by disclosure control
    href: str

    @property
    def figure(self) -> str:
        """The count in words, drawn under the name ("12 alumni", "not shown")."""
        if self.count is None:
            return HIDDEN
        return f"{self.count} alumn{'us' if self.count == 1 else 'i'}"


def radius(count: int | None, largest: int) -> float:
    """Area in proportion to the count, the largest place at `MAX_R`; hidden and empty places smallest."""
    if not count or largest <= 0:
        return MIN_R
    return max(MIN_R, MAX_R * math.sqrt(count / largest))


def places_svg(places: Sequence[MapPlace], *, title: str, ident: str = "alumni-map") -> draw.Markup:
    """The places as linked circles, two to a row."""
    largest = max((p.count or 0 for p in places), default=0)
    parts = []
    for i, place in enumerate(places):
        cx = (i % COLUMNS) * CELL_W + CELL_W / 2
        top = (i // COLUMNS) * CELL_H
        cy = top + 8 + MAX_R
        r = radius(place.count, largest)
        if place.count is None:
            circle = (f'<circle cx="{draw.n(cx)}" cy="{draw.n(cy)}" r="{draw.n(r)}" fill="#ffffff" '
                      f'stroke="{draw.SECONDARY}" stroke-width="2" stroke-dasharray="4 3"/>')
        else:
            circle = (f'<circle cx="{draw.n(cx)}" cy="{draw.n(cy)}" r="{draw.n(r)}" fill="{draw.BLUE}" '
                      f'fill-opacity="0.85" stroke="{draw.DARK_BLUE}" stroke-width="2"/>')
        y = cy + MAX_R + draw.LINE
        label = []
        for line in draw.wrap(place.name, CELL_W - 2 * draw.PAD, draw.SMALL):
            label.append(draw.text(cx, y, line, draw.SMALL, anchor="middle", fill=draw.DARK_BLUE))
            y += draw.LINE - 2
        figure = HIDDEN if place.count is None else place.figure
        label.append(draw.text(cx, y, figure, draw.SMALL, anchor="middle", fill=draw.INK))
        parts.append(
            f'<a href="{escape(place.href)}" class="cg-alumni-map__place">{circle}{"".join(label)}</a>'
        )
    rows = max(1, math.ceil(len(places) / COLUMNS))
    height = rows * CELL_H
    return draw.Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cg-graph__svg" viewBox="0 0 {draw.WIDTH} {height}" '
        f'width="{draw.WIDTH}" height="{height}" role="group" aria-labelledby="{ident}-title" '
        f'font-family="{draw.FONT_FAMILY}" font-size="{draw.FONT}" fill="{draw.INK}">'
        f'<title id="{ident}-title">{escape(title)}</title>{"".join(parts)}</svg>'
    )
