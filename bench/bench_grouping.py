"""Grouping engine benchmarks: MDGPLIB, a realistic programme, scale, and rotations.

Filters: BENCH_GROUPING_ONLY=mdgplib|realistic|scale|single|rotation runs one part;
BENCH_MDGP_ONLY=_ds_,RanReal_n120 runs the MDGPLIB instances whose names contain any of these.
"""

from __future__ import annotations

import os
import re
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonground.grouping.engine import (  # noqa: E402
    GroupingProblem,
    Intent,
    Person,
    read_instance,
    solve,
    solve_mdgp,
    warm_up,
)
from commonground.grouping.engine.bounds import encounter_bound  # noqa: E402
from commonground.grouping.engine.exact import mdgp_exact  # noqa: E402
from commonground.grouping.engine.mdgp import exhaustive  # noqa: E402
from commonground.grouping.engine.rotation import encounter_summary  # noqa: E402

Row = dict[str, Any]
Emit = Callable[[Row], None] | None

# Time limits by size, as the issue sets them (n <= 60: 1 s).
LIMITS = {10: 1.0, 12: 1.0, 30: 1.0, 60: 1.0, 120: 10.0, 240: 30.0, 480: 60.0}
# Equal-time rows at or under this limit also run seeds 2..SPREAD_SEEDS and report the spread.
SPREAD_LIMIT = 3.0
SPREAD_SEEDS = int(os.environ.get("BENCH_MDGP_SEEDS", "5"))


def mdgplib_dir() -> Path:
    """``../shared/bench/mdgplib`` from the repo root, or ``$MDGPLIB_DIR``."""
    env = os.environ.get("MDGPLIB_DIR")
    return Path(env) if env else (ROOT.parent / "shared" / "bench" / "mdgplib").resolve()


def reference_values(path: Path) -> dict[tuple[str, float], float]:
    """{(instance, limit seconds): value to beat} from REFERENCE.md's table."""
    out: dict[tuple[str, float], float] = {}
    if not path.exists():
        return out
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 7 or not cells[0].startswith(("Ran", "Geo")):
            continue
        m = re.match(r"([\d.]+)\s*s", cells[3])
        v = re.match(r"[\d,]+(\.\d+)?", cells[6].replace(" ", ""))
        if m and v:
            out[(cells[0], float(m.group(1)))] = float(v.group(0).replace(",", ""))
    return out


def _best_ref(refs: dict[tuple[str, float], float], name: str, limit: float) -> tuple[float, float]:
    """Reference at the largest listed limit not above ours (value, its limit)."""
    cands = [(lim, v) for (inst, lim), v in refs.items() if inst == name and lim <= limit + 1e-9]
    if not cands:
        return float("nan"), float("nan")
    lim, v = max(cands)
    return v, lim


def instance_files(base: Path) -> list[Path]:
    """The instances by size then name, those named in BENCH_MDGP_ONLY (e.g. "_ds_,RanReal_n240") when set."""
    pick = os.environ.get("BENCH_MDGP_ONLY", "")
    files = sorted(base.glob("*/*.txt"), key=lambda p: (int(re.findall(r"n(\d+)", p.stem)[0]), p.stem))
    return [p for p in files if not pick or any(part in p.stem for part in pick.split(","))]


def bench_mdgplib(emit: Emit) -> list[Row]:
    """Every instance at the issue's time limit; ratio to the reference at equal time."""
    base = mdgplib_dir()
    rows: list[Row] = []
    if not base.exists():
        print(f"SKIP mdgplib: {base} not found (set MDGPLIB_DIR)", flush=True)
        return rows
    refs = reference_values(base / "REFERENCE.md")
    for path in instance_files(base):
        inst = read_instance(path)
        limit = LIMITS.get(inst.n, 60.0)
        res = solve_mdgp(inst, time_limit=limit, seed=1)
        ref, ref_limit = _best_ref(refs, inst.name, limit)
        confirmed = ""
        if res.optimal:
            confirmed = "exhaustive"
            if inst.n <= 10:
                v, _, proved = mdgp_exact(inst.D, inst.lo, inst.hi, time_limit=10)
                if proved and abs(v - res.value) < 1e-6:
                    confirmed = "exhaustive+CP-SAT"
        row: Row = {
            "bench": "mdgplib",
            "instance": inst.name,
            "n": inst.n,
            "limit_s": limit,
            "value": round(res.value, 2),
            "seconds": round(res.seconds, 2),
            "feasible": res.feasible,
            "ref": ref,
            "ref_limit_s": ref_limit,
            "ratio": round(res.value / ref, 4) if ref == ref else float("nan"),
            "gap_to_bound": round(res.gap, 4),
            "optimal": confirmed,
        }
        rows.append(row)
        if emit:
            emit(row)
        # the reference's shorter limits: measure at equal time too
        for (name, lim), v in sorted(refs.items()):
            if name == inst.name and lim < limit - 1e-9 and inst.n >= 120:
                r2 = solve_mdgp(inst, time_limit=lim, seed=1)
                row2: Row = dict(
                    row,
                    limit_s=lim,
                    value=round(r2.value, 2),
                    seconds=round(r2.seconds, 2),
                    feasible=r2.feasible,
                    ref=v,
                    ref_limit_s=lim,
                    ratio=round(r2.value / v, 4),
                    gap_to_bound=round(r2.gap, 4),
                    optimal="",
                )
                if lim <= SPREAD_LIMIT:
                    # One seed is one draw; at short limits the run-to-run spread is cheap to
                    # show, and it is what a ratio from a single run should be read against.
                    ratios = [r2.value / v] + [
                        solve_mdgp(inst, time_limit=lim, seed=s).value / v
                        for s in range(2, SPREAD_SEEDS + 1)
                    ]
                    row2["seeds"] = f"1-{SPREAD_SEEDS}"
                    row2["mean_ratio"] = round(sum(ratios) / len(ratios), 4)
                    row2["min_ratio"] = round(min(ratios), 4)
                    row2["at_or_above_ref"] = sum(r >= 1.0 - 1e-9 for r in ratios)
                rows.append(row2)
                if emit:
                    emit(row2)
    return rows


def programme(n_places: int, per_place: int, seed: int) -> GroupingProblem:
    """A synthetic cohort: places, organisations with teams, sectors, professions; pairs."""
    rng = np.random.default_rng(seed)
    sectors = ["NHS", "council", "social care", "voluntary"]
    professions = [
        "nursing",
        "medicine",
        "social work",
        "AHP",
        "management",
        "housing",
        "public health",
        "admin",
        "care work",
        "community",
    ]
    people: list[Person] = []
    known: list[tuple[str, str]] = []
    apart: list[tuple[str, str]] = []
    for p in range(n_places):
        place = f"Place {p + 1}"
        n_orgs = max(3, round(per_place * 0.15))
        sizes = rng.zipf(1.6, n_orgs).clip(1, per_place // 6).astype(float)
        alloc = np.floor(sizes / sizes.sum() * per_place).astype(int).clip(min=1)
        while alloc.sum() < per_place:
            alloc[rng.integers(n_orgs)] += 1
        while alloc.sum() > per_place:
            alloc[int(np.argmax(alloc))] -= 1
        for o, size in enumerate(alloc):
            org = f"{place} org {o + 1}"
            sector = sectors[int(rng.integers(len(sectors)))]
            n_teams = max(1, int(size) // 4)
            team_ids: list[list[str]] = [[] for _ in range(n_teams)]
            for k in range(int(size)):
                pid = f"p{len(people) + 1:05d}"
                t = int(rng.integers(n_teams))
                team_ids[t].append(pid)
                people.append(
                    Person(
                        pid,
                        {
                            "place": place,
                            "organisation": org,
                            "team": f"{org} team {t + 1}",
                            "sector": sector,
                            "profession": professions[int(rng.integers(len(professions)))],
                        },
                    )
                )
                _ = k
            for members in team_ids:
                for a in range(len(members)):
                    for b in range(a + 1, len(members)):
                        if rng.random() < 0.5:
                            known.append((members[a], members[b]))
        # a few cross-organisation acquaintances and keep-apart pairs inside the place
        ids = [q.id for q in people if q.attributes["place"] == place]
        for _ in range(per_place // 2):
            a, b = rng.choice(len(ids), 2, replace=False)
            known.append((ids[a], ids[b]))
        for _ in range(max(1, per_place // 20)):
            a, b = rng.choice(len(ids), 2, replace=False)
            apart.append((ids[a], ids[b]))
    known = sorted({(min(a, b), max(a, b)) for a, b in known})
    return GroupingProblem(
        people=tuple(people),
        intents=(
            Intent("place", "same"),
            Intent("team", "mix", 20.0),
            Intent("organisation", "mix", 10.0),
            Intent("sector", "mix", 2.0),
            Intent("profession", "mix", 1.0),
        ),
        min_size=8,
        max_size=10,
        apart=tuple(apart),
        known=tuple(known),
        known_weight=3.0,
    )


def bench_realistic(emit: Emit) -> list[Row]:
    """400 people, 4 places, learning sets of 8-10 inside each place, 5 s."""
    problem = programme(4, 100, seed=7)
    sol = solve(problem, time_limit=4.5, seed=1)
    f = sol.figures
    row: Row = {
        "bench": "realistic",
        "case": "400 people, 4 places, sets of 8-10",
        "groups": int(f["groups"]),
        "hard_breaks": len(sol.constraint_check),
        "apart_pairs": len(problem.apart),
        "same_team": int(f["same_team_pairs"]),
        "team_min": int(f["same_team_pairs_min"]),
        "same_org": int(f["same_organisation_pairs"]),
        "org_min": int(f["same_organisation_pairs_min"]),
        "known": int(f["known_pairs"]),
        "known_pairs_total": len(problem.known),
        "seconds": round(sol.seconds, 2),
    }
    if emit:
        emit(row)
    return [row]


def bench_scale(emit: Emit) -> list[Row]:
    """5,000 people in 10 places into sets of 10: seconds and peak memory."""
    problem = programme(10, 500, seed=11)
    problem = GroupingProblem(
        people=problem.people,
        intents=problem.intents,
        group_size=10,
        apart=problem.apart,
        known=problem.known,
        known_weight=problem.known_weight,
    )
    tracemalloc.start()
    sol = solve(problem, time_limit=50.0, seed=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    f = sol.figures
    row: Row = {
        "bench": "scale",
        "case": "5,000 people, 10 places, sets of 10",
        "groups": int(f["groups"]),
        "hard_breaks": len(sol.constraint_check),
        "same_team": int(f["same_team_pairs"]),
        "team_min": int(f["same_team_pairs_min"]),
        "same_org": int(f["same_organisation_pairs"]),
        "org_min": int(f["same_organisation_pairs_min"]),
        "known": int(f["known_pairs"]),
        "seconds": round(sol.seconds, 2),
        "peak_traced_MiB": round(peak / 2**20, 1),
        "max_rss_MiB": round(rss, 1),
    }
    if emit:
        emit(row)
    return [row]


def bench_single_cohort(emit: Emit) -> list[Row]:
    """One cohort of 5,000 (no places to split it) into sets of 8-10: is the time limit kept?"""
    base = programme(1, 5000, seed=13)
    problem = GroupingProblem(
        people=base.people,
        intents=base.intents,
        min_size=8,
        max_size=10,
        apart=base.apart,
        known=base.known,
        known_weight=base.known_weight,
    )
    rows: list[Row] = []
    for limit in (5.0, 20.0):
        sol = solve(problem, time_limit=limit, seed=1)
        f = sol.figures
        row: Row = {
            "bench": "single cohort",
            "case": "single cohort 5,000, sets of 8-10",
            "limit_s": limit,
            "seconds": round(sol.seconds, 2),
            "groups": int(f["groups"]),
            "hard_breaks": len(sol.constraint_check),
            "same_team": int(f["same_team_pairs"]),
            "team_min": int(f["same_team_pairs_min"]),
            "same_org": int(f["same_organisation_pairs"]),
            "org_min": int(f["same_organisation_pairs_min"]),
            "known": int(f["known_pairs"]),
            "penalty": round(sol.objective, 1),
            "bound": round(sol.bound, 1),
        }
        rows.append(row)
        if emit:
            emit(row)
    return rows


# The weights the app's table plans use (grouping/tables.py: mix organisations and sectors;
# meeting again costs ten times sharing an organisation), with a cohort's uneven organisations.
TABLE_INTENTS = (Intent("organisation", "mix", 1.0), Intent("sector", "mix", 0.5))
TABLE_REPEAT_WEIGHT = 10.0


def table_people(n: int, seed: int = 5) -> tuple[Person, ...]:
    """n people from 25 organisations of uneven size, each organisation in one of 4 sectors."""
    rng = np.random.default_rng(seed)
    share = 1.0 / (np.arange(25) + 3.0)
    orgs = rng.choice(25, size=n, p=share / share.sum())
    sector = {o: int(rng.integers(0, 4)) for o in range(25)}
    return tuple(
        Person(f"g{i:03d}", {"organisation": f"o{orgs[i]}", "sector": f"s{sector[orgs[i]]}"})
        for i in range(n)
    )


def _rotation_row(
    case: str,
    plan: np.ndarray,
    tables: int,
    seconds: float,
    limit: float,
    sol_figures: dict[str, float] | None = None,
) -> Row:
    rounds, n = plan.shape
    s = encounter_summary(plan)
    bound = encounter_bound(n, rounds, n // tables)
    row: Row = {
        "bench": "rotation",
        "case": case,
        "rounds": rounds,
        "limit_s": limit,
        "repeat_meetings": int(s["repeat_meetings"]),
        "distinct_mean": round(s["distinct_mean"], 2),
        "distinct_min": int(s["distinct_min"]),
        "bound": bound,
        "pct_of_bound": round(100 * s["distinct_mean"] / bound, 2),
        "same_org": int((sol_figures or {}).get("same_organisation_pairs", -1)),
        "seconds": round(seconds, 2),
    }
    return row


def bench_rotations(emit: Emit) -> list[Row]:
    """Social golfer style rotations: repeats and distinct encounters against the bound."""
    rows: list[Row] = []
    cases = (
        (32, 8, 9, 60.0, False),
        (32, 8, 10, 60.0, False),
        (100, 10, 4, 60.0, False),
        (100, 10, 4, 9.0, True),
        (100, 10, 6, 9.0, False),
        (100, 10, 6, 9.0, True),
        (100, 10, 6, 5.0, True),
    )
    for n, tables, rounds, limit, mixed in cases:
        if mixed:
            problem = GroupingProblem(
                people=table_people(n),
                intents=TABLE_INTENTS,
                n_groups=tables,
                rounds=rounds,
                repeat_weight=TABLE_REPEAT_WEIGHT,
            )
        else:
            people = tuple(Person(f"g{i:03d}") for i in range(n))
            problem = GroupingProblem(people=people, n_groups=tables, rounds=rounds)
        sol = solve(problem, time_limit=limit, seed=1)
        plan = np.array(sol.assignment, dtype=np.int64)
        case = f"{n} people, {tables} tables of {n // tables}" + (
            ", mixing orgs+sectors" if mixed else ""
        )
        row = _rotation_row(case, plan, tables, sol.seconds, limit, dict(sol.figures))
        # Issue 23's goals sit beside the figures they judge.
        row["target"] = "0 repeats" if (n, tables, rounds) == (32, 8, 10) else ""
        rows.append(row)
        if emit:
            emit(row)
    # As the app seats sessions: one at a time, earlier sessions' tables as history.
    for mixed in (True, False):
        people = table_people(100)
        history: list[dict[str, int]] = []
        spent = 0.0
        for _ in range(6):
            problem = GroupingProblem(
                people=people,
                intents=TABLE_INTENTS if mixed else (),
                n_groups=10,
                history=tuple(history),
                repeat_weight=TABLE_REPEAT_WEIGHT,
            )
            sol = solve(problem, time_limit=3.0, seed=1)
            spent += sol.seconds
            history.append({p.id: g for p, g in zip(people, sol.assignment[0], strict=True)})
        plan = np.array([[h[p.id] for p in people] for h in history], dtype=np.int64)
        case = "100 people, 10 tables of 10, one session at a time" + (", mixing" if mixed else "")
        row = _rotation_row(case, plan, 10, spent, 3.0)
        row["target"] = ">= 98% of bound"
        rows.append(row)
        if emit:
            emit(row)
    return rows


def run(emit: Emit = None) -> list[Row]:
    """All grouping benchmarks, sequentially (one process, 2-core machine)."""
    t = time.perf_counter()
    warm_up()
    load = time.perf_counter() - t
    rows: list[Row] = [
        {
            "bench": "jit",
            "case": "load compiled kernels (once per process)",
            "seconds": round(load, 2),
        }
    ]
    if emit:
        emit(rows[0])
    only = os.environ.get("BENCH_GROUPING_ONLY", "")
    for name, fn in (
        ("mdgplib", bench_mdgplib),
        ("realistic", bench_realistic),
        ("scale", bench_scale),
        ("single", bench_single_cohort),
        ("rotation", bench_rotations),
    ):
        if only and only != name:
            continue
        rows += fn(emit)
    _ = exhaustive  # exhaustive search is used inside solve_mdgp for tiny instances
    return rows
