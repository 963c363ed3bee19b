"""The report pack at 400 and at 20,000 participants: seconds and queries, the second size against the first.

Each size runs in a process of its own against its own seeded demo database (seeded once and
kept under var/). The issue's bar: the 20,000-person pack in under 60 s, with the same number of
queries as at 400. `figures_s` is the figures store's refresh (the task worker's work), timed apart.
"""

from __future__ import annotations

from typing import Any

from report_pack import run_sized

SIZES = (400, 20000)
LIMIT_S = 60.0


def _one(participants: int) -> dict[str, Any]:
    return run_sized("report_pack.py", participants)


def run() -> list[dict[str, Any]]:
    rows = [_one(n) for n in SIZES]
    small, large = rows
    return [
        {"bench": "report pack", "case": f"{row['participants']:,} participants", **row,
         "limit_s": LIMIT_S, "within": row["pack_s"] + row["figures_s"] < LIMIT_S,
         "queries_vs_400": round(row["queries"] / small["queries"], 3),
         "time_vs_400": round(row["pack_s"] / max(small["pack_s"], 0.01), 2)}
        for row in (small, large)
    ]
