"""The figure pages at 400 and at 20,000 participants, read from the figures store: each page's
median time and queries, the second size against the first.

Each size runs in a process of its own (bench/figure_pages.py) against the report pack's seeded
database. Before the store, the attendance and relationship figures took about 9.5 s and 9.3 s
a request at 20,000 people (120–150 ms at 400); the bar here is a page at 20,000 within twice
its time at 400, with the same number of queries. `figures_s` is the worker's refresh of the
store, which is work done once per change, not per request.
"""

from __future__ import annotations

from typing import Any

from figure_pages import PAGES
from report_pack import run_sized

SIZES = (400, 20000)
WITHIN = 2.0


def _one(participants: int) -> dict[str, Any]:
    return run_sized("figure_pages.py", participants)


def run() -> list[dict[str, Any]]:
    small, large = (_one(n) for n in SIZES)
    rows = []
    for page in PAGES:
        ms_small, ms_large = small[f"{page} ms"], large[f"{page} ms"]
        rows.append({
            "bench": "figure page", "case": page,
            "ms_400": ms_small, "ms_20000": ms_large, "time_vs_400": round(ms_large / max(ms_small, 0.1), 2),
            "queries_400": small[f"{page} queries"], "queries_20000": large[f"{page} queries"],
            "within": ms_large <= WITHIN * ms_small and small[f"{page} queries"] == large[f"{page} queries"],
        })
    rows.append({"bench": "figure page", "case": "store refresh (worker)", "ms_400": 1000 * small["figures_s"],
                 "ms_20000": 1000 * large["figures_s"],
                 "time_vs_400": round(large["figures_s"] / max(small["figures_s"], 0.001), 2),
                 "queries_400": "", "queries_20000": "", "within": ""})
    return rows
