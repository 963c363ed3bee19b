"""Network analysis at programme scale: 20,000 people and 1,000,000 ties, and how time grows.

Each size runs in its own process so its peak memory is its own. The synthetic programme has
organisations of about 200 people, 16 sectors and 10 places; 80% of each person's ties are
inside their own organisation (as baseline surveys find), and a second round adds about 25% new
ties, most of them across boundaries, as a programme hopes to.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TIES_PER_PERSON = 48  # about 100 ties each; with the second round, just over 1,000,000 ties at 20,000 people
SIZES = [2_000, 5_000, 10_000, 20_000]
BETWEENNESS_SAMPLE = 400


def synthetic_programme(n: int, seed: int = 7) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Return (start ties, end ties, attributes) for n people."""
    rng = np.random.default_rng(seed)
    organisations = max(1, n // 200)
    org = np.sort(rng.integers(0, organisations, size=n))
    org_start = np.searchsorted(org, np.arange(organisations))
    org_size = np.bincount(org, minlength=organisations)
    sector = rng.integers(0, 16, size=organisations)[org]
    place = rng.integers(0, 10, size=organisations)[org]

    def ties(count: int, inside_share: float) -> np.ndarray:
        a = rng.integers(0, n, size=count)
        inside = rng.random(count) < inside_share
        b = rng.integers(0, n, size=count)
        own = org[a[inside]]
        b[inside] = org_start[own] + (rng.random(inside.sum()) * org_size[own]).astype(np.int64)
        return np.stack([a, b], axis=1)

    start = ties(n * TIES_PER_PERSON, 0.8)
    end = np.concatenate([start, ties(n * TIES_PER_PERSON // 4, 0.2)])
    return start, end, {"organisation": org, "sector": sector, "place": place}


def analyse(n: int) -> dict[str, object]:
    """Run the whole analysis once and time each part."""
    from commonground.network import analysis as na

    start_ties, end_ties, attributes = synthetic_programme(n)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    total_start = clock
    start = na.build_network(n, start_ties)
    end = na.build_network(n, end_ties)
    lap("build")
    figures: dict[str, object] = {"density": na.density(end)}
    for name, codes in attributes.items():
        figures[f"ei_{name}"] = na.ei_index(end, codes).index
        na.ei_index_per_person(end, codes)
        na.ei_index_by_group(end, codes)
    lap("e-i")
    fresh = na.new_ties(start, end)
    figures["new_ties"] = fresh.tie_count
    figures["new_crossing_organisation"] = na.crossing_ties(fresh, attributes["organisation"])
    lap("new ties")
    na.brokerage(end)
    lap("constraint")
    na.two_step_reach(end)
    lap("2-step reach")
    na.betweenness(end, sample=BETWEENNESS_SAMPLE, seed=1)
    lap("betweenness")
    return {
        "people": n,
        "ties": end.tie_count,
        "seconds": time.perf_counter() - total_start,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "timings": timings,
        "figures": figures,
    }


def betweenness_error(n: int = 2_000) -> dict[str, object]:
    """Sampled against exact betweenness on the smallest case."""
    from commonground.network import analysis as na

    _, end_ties, _ = synthetic_programme(n)
    network = na.build_network(n, end_ties)
    began = time.perf_counter()
    exact = na.betweenness(network)
    exact_seconds = time.perf_counter() - began
    estimate = na.betweenness(network, sample=BETWEENNESS_SAMPLE, seed=1)
    error = np.abs(estimate - exact)
    top = np.argsort(-exact)[: n // 100]
    return {
        "people": n,
        "sample": BETWEENNESS_SAMPLE,
        "exact_seconds": exact_seconds,
        "mean_relative_error": float(error.mean() / exact.mean()),
        "top_1pct_relative_error": float((error[top] / exact[top]).mean()),
        "top_1pct_overlap": len(set(top) & set(np.argsort(-estimate)[: n // 100])) / len(top),
    }


def _in_subprocess(arg: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, __file__, arg], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def run() -> list[dict[str, object]]:
    """Rows for bench/run.py."""
    _in_subprocess("warm")  # compile (and cache) the kernels once, outside the timings
    rows: list[dict[str, object]] = []
    base: dict[str, object] | None = None
    for n in SIZES:
        case = _in_subprocess(str(n))
        if base is None:
            base = case
        seconds_per_tie = float(case["seconds"]) / float(case["ties"])  # type: ignore[arg-type]
        base_per_tie = float(base["seconds"]) / float(base["ties"])  # type: ignore[arg-type]
        rows.append(
            {
                "bench": "network",
                "case": f"{n:,} people",
                "ties": case["ties"],
                "seconds": round(float(case["seconds"]), 2),  # type: ignore[arg-type]
                "peak_mib": round(float(case["peak_mib"])),  # type: ignore[arg-type]
                "time_per_tie_vs_2000": round(seconds_per_tie / base_per_tie, 2),
                "detail": {k: round(v, 2) for k, v in case["timings"].items()},  # type: ignore[union-attr]
            }
        )
    error = _in_subprocess("error")
    rows.append({"bench": "network", "case": "betweenness sample vs exact", **error})
    return rows


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    if what == "warm":
        analyse(500)
        print(json.dumps({"warm": True}))
    elif what == "error":
        print(json.dumps(betweenness_error()))
    elif what:
        # A number of people in plain digits: isdigit() would pass "²", which int() refuses.
        if not (what.isascii() and what.isdecimal()):
            sys.exit(f"bench_network: expected warm, error or a number of people, not {what!r}")
        print(json.dumps(analyse(int(what)), default=float))
    else:
        for row in run():
            print(json.dumps(row, default=float))
