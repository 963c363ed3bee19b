"""``solve``: from a GroupingProblem to a Solution (decompose, construct, search, explain)."""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from commonground.grouping.engine.bounds import even_spread_pairs, packed_pairs
from commonground.grouping.engine.construct import (
    Component,
    dealt_start,
    greedy_start,
    union_blocks,
)
from commonground.grouping.engine.golfer import golfer_plan
from commonground.grouping.engine.objective import check_constraints, group_figures
from commonground.grouping.engine.pacing import (
    STOP_BOUND,
    STOP_ITERATIONS,
    STOP_NOTHING_TO_MOVE,
    STOP_TIME,
    Progress,
)
from commonground.grouping.engine.problem import (
    GroupingProblem,
    InfeasibleError,
    ProblemError,
    Solution,
)
from commonground.grouping.engine.rotation import assign_labels, plan_rounds
from commonground.grouping.engine.search import PairWeights, local_search
from commonground.grouping.engine.warm import GOLFER, GROUPS, ROUNDS, warm_up

# The repeat-minimising start keeps an n x n tabu list per round: fine for a cohort or two.
GOLFER_MAX_PEOPLE = 1200


def _met_before(
    history: tuple[Mapping[str, int], ...],
    index: dict[str, int],
    local: dict[int, int],
    in_comp: set[int],
    nc: int,
) -> npt.NDArray[np.int64]:
    """How many earlier sessions each pair of one component's people shared a table at."""
    met = np.zeros((nc, nc), dtype=np.int64)
    for past in history:
        tables: dict[int, list[int]] = {}
        for pid, g in past.items():
            if pid in index and index[pid] in in_comp:
                tables.setdefault(g, []).append(local[index[pid]])
        for members in tables.values():
            idx = np.array(members, dtype=np.int64)
            met[np.ix_(idx, idx)] += 1
    np.fill_diagonal(met, 0)
    return met


def _validate(problem: GroupingProblem) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, p in enumerate(problem.people):
        if p.id in index:
            raise ProblemError(f"person id {p.id!r} appears twice")
        index[p.id] = i
    if not problem.people:
        raise ProblemError("no people to group")
    if problem.rounds < 1:
        raise ProblemError("rounds must be at least 1")
    for it in problem.intents:
        if it.kind not in ("mix", "match", "same"):
            raise ProblemError(f"unknown intent {it.kind!r} for {it.attribute!r}")
        if not any(it.attribute in p.attributes for p in problem.people):
            raise ProblemError(f"no person has the attribute {it.attribute!r}")
    for label, pairs in (
        ("apart", problem.apart),
        ("together", problem.together),
        ("known", problem.known),
    ):
        for a, b in pairs:
            for pid in (a, b):
                if pid not in index:
                    raise ProblemError(f"{label} pair names unknown id {pid!r}")
    for pid in problem.locked:
        if pid not in index:
            raise ProblemError(f"locked names unknown id {pid!r}")
    for s in (problem.group_size, problem.n_groups, problem.min_size, problem.max_size):
        if s is not None and s < 1:
            raise ProblemError("group sizes and counts must be at least 1")
    return index


def _feasible_k(n: int, a: int | None, b: int | None) -> tuple[int, int]:
    k_min = 1 if b is None else max(1, math.ceil(n / b))
    k_max = n if a is None else n // a
    return k_min, k_max


def _components(problem: GroupingProblem) -> list[Component]:
    same = [it.attribute for it in problem.intents if it.kind == "same"]
    buckets: dict[tuple[str, ...], list[int]] = {}
    for i, p in enumerate(problem.people):
        key = tuple(p.attributes.get(a, "") for a in same)
        buckets.setdefault(key, []).append(i)
    keys = sorted(buckets)
    n = len(problem.people)
    a, b = problem.min_size, problem.max_size
    ks: dict[tuple[str, ...], int] = {}
    conflicts: list[str] = []
    if problem.n_groups is not None:
        if problem.n_groups < len(keys):
            raise InfeasibleError(
                [f"{problem.n_groups} groups", f"same: {', '.join(same)} has {len(keys)} values"]
            )
        # largest remainder, at least one group per value
        shares = {key: problem.n_groups * len(buckets[key]) / n for key in keys}
        ks = {key: max(1, int(shares[key])) for key in keys}
        while sum(ks.values()) < problem.n_groups:
            key = max(keys, key=lambda c: shares[c] - ks[c])
            ks[key] += 1
        while sum(ks.values()) > problem.n_groups:
            key = max((c for c in keys if ks[c] > 1), key=lambda c: ks[c] - shares[c])
            ks[key] -= 1
    for key in keys:
        nc = len(buckets[key])
        k_min, k_max = _feasible_k(nc, a, b)
        if key not in ks:
            if problem.group_size is not None:
                k = max(1, round(nc / problem.group_size))
            elif a is not None or b is not None:
                mid = ((a or b or 1) + (b or a or 1)) / 2
                k = max(1, round(nc / mid))
            else:
                k = 1
            ks[key] = min(max(k, k_min), max(k_max, 1))
        if not k_min <= ks[key] <= k_max:
            where = f" for {'/'.join(key)}" if same else ""
            conflicts.append(
                f"size bounds {a or 1}-{b or nc} cannot split {nc} people into "
                f"{ks[key]} groups{where}"
            )
    if conflicts:
        if same:
            conflicts.append(f"same: {', '.join(same)}")
        raise InfeasibleError(conflicts)
    comps: list[Component] = []
    first = 0
    for key in keys:
        nc, k = len(buckets[key]), ks[key]
        lo = a if a is not None else nc // k
        hi = b if b is not None else -(-nc // k)
        comps.append(Component(key, buckets[key], first, k, lo, hi))
        first += k
    return comps


def _lower_bound(problem: GroupingProblem, comps: list[Component]) -> float:
    """Penalty no grouping can go below: mix values spread evenly, match values packed."""
    total = 0.0
    for comp in comps:
        for it in problem.intents:
            if it.kind not in ("mix", "match"):
                continue
            counts = Counter(
                problem.people[i].attributes.get(it.attribute, "") for i in comp.people
            )
            if it.kind == "mix":
                total += it.weight * sum(even_spread_pairs(c, comp.k) for c in counts.values())
            else:
                total -= it.weight * sum(packed_pairs(c, comp.hi) for c in counts.values())
    return total * problem.rounds


def kernels_for(problem: GroupingProblem) -> tuple[str, ...]:
    """The parts of the compiled kernels (``warm.warm_up``) that ``solve`` uses for a problem."""
    if problem.rounds > 1:
        return (ROUNDS, GOLFER)
    return (GROUPS, GOLFER) if problem.history else (GROUPS,)


def solve(
    problem: GroupingProblem,
    *,
    time_limit: float = 10.0,
    seed: int = 1,
    progress: Progress | None = None,
    max_iterations: int | None = None,
) -> Solution:
    """Group everyone (for each round), meeting hard constraints, at least penalty found in time.

    Raises InfeasibleError naming the clashing hard constraints, ProblemError for bad input.
    """
    warm_up(*kernels_for(problem))  # loading the compiled kernels is not search time
    start = time.perf_counter()
    index = _validate(problem)
    comps = _components(problem)
    n = len(problem.people)
    comp_of = {i: ci for ci, c in enumerate(comps) for i in c.people}
    local = {i: li for c in comps for li, i in enumerate(c.people)}
    same = [it.attribute for it in problem.intents if it.kind == "same"]
    conflicts: list[str] = []
    for sa, sb in problem.together:
        if comp_of[index[sa]] != comp_of[index[sb]]:
            conflicts.append(f"together: {sa}, {sb}")
            conflicts.append(f"same: {', '.join(same)} ({sa} and {sb} differ)")
    for pid, g in problem.locked.items():
        c = comps[comp_of[index[pid]]]
        if not c.first_group <= g < c.first_group + c.k:
            conflicts.append(f"locked: {pid} to group {g + 1}")
            if same:
                conflicts.append(
                    f"same: {', '.join(same)} (group {g + 1} is not for {'/'.join(c.key)})"
                )
    if conflicts:
        raise InfeasibleError(conflicts)

    mix_attrs = [it for it in problem.intents if it.kind in ("mix", "match")]
    soft_scale = sum(abs(it.weight) for it in mix_attrs) + abs(problem.known_weight)
    soft_scale += abs(problem.repeat_weight) * (len(problem.history) + problem.rounds)
    hard = 1.0e6 * (1.0 + soft_scale)
    assignment = np.zeros((problem.rounds, n), dtype=np.int64)
    # Time kept back for the figures and checks after the search (about 50 microseconds a
    # person and round), so that the whole call stays within the time limit.
    reserve = min(0.2 * time_limit, 5e-5 * n * problem.rounds)
    sizes_total = sum(len(c.people) ** 2 for c in comps)
    done_share = 0.0
    stops: list[str] = []  # why each component's search ended
    iterations = 0
    for ci, comp in enumerate(comps):
        nc = len(comp.people)
        ids = [problem.people[i].id for i in comp.people]
        apart = [
            (local[index[sa]], local[index[sb]])
            for sa, sb in problem.apart
            if comp_of[index[sa]] == ci and comp_of[index[sb]] == ci
        ]
        together = [
            (local[index[sa]], local[index[sb]])
            for sa, sb in problem.together
            if comp_of[index[sa]] == ci
        ]
        locks = {
            local[index[pid]]: g - comp.first_group
            for pid, g in problem.locked.items()
            if comp_of[index[pid]] == ci
        }
        # pair weights: mix penalises shared values (negative weight, as we maximise)
        value_code: dict[tuple[int, str], int] = {}
        codes = np.zeros((nc, len(mix_attrs)), dtype=np.int64)
        wa = np.zeros(len(mix_attrs), dtype=np.float64)
        for a, it in enumerate(mix_attrs):
            wa[a] = -it.weight if it.kind == "mix" else it.weight
            for li, i in enumerate(comp.people):
                val = problem.people[i].attributes.get(it.attribute, "")
                codes[li, a] = value_code.setdefault((a, val), len(value_code))
        blocks = union_blocks(nc, together)
        start_grp: list[int] | None = None
        if problem.rounds == 1 and not together and not locks:
            # Nothing pinned: people dealt round the groups by their mixing attributes start
            # every nested attribute (a team inside its organisation inside its sector) at its
            # bound, so a large place's search has only the rest to do.
            dealt = dealt_start(codes, -wa, comp.k, comp.lo, comp.hi, apart, seed + ci)
            start_grp = None if dealt is None else dealt.tolist()
        if start_grp is None:
            start_grp = greedy_start(comp, apart, blocks, locks, seed)
        if start_grp is None:
            # CP-SAT takes half a second to import: only a start the greedy cannot find needs it.
            from commonground.grouping.engine.exact import HardConstraints, feasible_grouping

            hc = HardConstraints(
                n=nc,
                lo=[comp.lo] * comp.k,
                hi=[comp.hi] * comp.k,
                apart=[(a, b, f"apart: {ids[a]}, {ids[b]}") for a, b in apart],
                together=[(a, b, f"together: {ids[a]}, {ids[b]}") for a, b in together],
                locked=[
                    (p, g, f"locked: {ids[p]} to group {g + comp.first_group + 1}")
                    for p, g in locks.items()
                ],
                size_name=f"group sizes {comp.lo}-{comp.hi} in {comp.k} groups"
                + (f" for {'/'.join(comp.key)}" if same else ""),
            )
            start_grp, names = feasible_grouping(hc, time_limit=max(5.0, time_limit))
            if start_grp is None:
                raise InfeasibleError(names)
        pairs: dict[tuple[int, int], float] = {}

        def add(a: int, b: int, w: float, pairs: dict[tuple[int, int], float] = pairs) -> None:
            key = (min(a, b), max(a, b))
            pairs[key] = pairs.get(key, 0.0) + w

        in_comp = set(comp.people)
        for x, y in problem.known:
            if index[x] in in_comp and index[y] in in_comp and x != y:
                add(local[index[x]], local[index[y]], -problem.known_weight)
        for past in problem.history:
            groups: dict[int, list[int]] = {}
            for pid, g in past.items():
                if pid in index and index[pid] in in_comp:
                    groups.setdefault(g, []).append(local[index[pid]])
            for mem in groups.values():
                for u in range(len(mem)):
                    for v in range(u + 1, len(mem)):
                        add(mem[u], mem[v], -problem.repeat_weight)
        for a, b in apart:
            add(a, b, -hard)
        for a, b in together:
            add(a, b, hard)
        weights = PairWeights.from_attributes(codes, wa, pairs, hard)
        frozen = set(locks) | {p for blk in blocks if len(blk) > 1 for p in blk}
        movable = np.array([i for i in range(nc) if i not in frozen], dtype=np.int64)
        share = nc * nc / sizes_total
        if ci == 0:
            # The figures afterwards take about as long as the set-up before the first search.
            reserve = min(0.3 * time_limit, max(reserve, time.perf_counter() - start))
        budget = max(0.0, (time_limit - reserve - (time.perf_counter() - start))) * (
            share / max(1e-9, 1.0 - done_share)
        )
        lo = np.full(comp.k, comp.lo, dtype=np.int64)
        hi = np.full(comp.k, comp.hi, dtype=np.int64)
        target = hard * len(together) - _lower_bound(
            GroupingProblem(people=problem.people, intents=problem.intents),
            [Component(comp.key, comp.people, 0, comp.k, comp.lo, comp.hi)],
        )
        equal_tables = comp.lo == comp.hi and comp.k * comp.lo == nc and comp.k > 1
        # Equal tables and nobody pinned (and a time limit, not an iteration count, which must
        # give the same answer every run): the repeat-minimising schedule applies.
        schedulable = (
            equal_tables
            and not apart
            and not together
            and not locks
            and max_iterations is None
            and nc <= GOLFER_MAX_PEOPLE
        )
        if problem.rounds == 1:
            if schedulable and problem.history:
                # A session after earlier ones: start from tables that repeat as few earlier
                # meetings as possible (the rotation search, earlier meetings counted in).
                golfer_start = time.perf_counter()
                after, _extra = golfer_plan(
                    comp.k,
                    comp.lo,
                    1,
                    time_limit=0.5 * budget,
                    seed=seed + ci,
                    base=_met_before(problem.history, index, local, in_comp, nc),
                )
                start_grp = [int(g) for g in after[0]]
                budget = max(0.0, budget - (time.perf_counter() - golfer_start))
            res = local_search(
                weights,
                np.array(start_grp, dtype=np.int64),
                comp.k,
                lo,
                hi,
                movable=movable,
                time_limit=budget,
                seed=seed + ci,
                progress=progress,
                target=target,
                max_iterations=max_iterations,
                progress_offset=done_share,
                progress_scale=share,
            )
            assignment[0, comp.people] = res.grp + comp.first_group
            stops.append(res.stopped)
            iterations += res.iterations
        else:
            W = np.zeros((nc, nc), dtype=np.float64)
            for u in range(nc):
                W[u] = (codes == codes[u]).astype(np.float64) @ wa
            np.fill_diagonal(W, 0.0)
            for (u, v), w in pairs.items():
                W[u, v] += w
                W[v, u] += w
            rounds0 = np.zeros((problem.rounds, nc), dtype=np.int64)
            rounds0[0] = start_grp
            for r in range(1, problem.rounds):
                alt = greedy_start(comp, apart, blocks, locks, seed + 7919 * r)
                rounds0[r] = start_grp if alt is None else alt
            if schedulable:
                # Start from a repeat-minimising schedule (designs where geometry allows, then a
                # dedicated search), then weigh the mixing goals against repeats over all rounds
                # together.
                weighted = bool(mix_attrs or problem.known or problem.history)
                golfer_share = 0.5 if weighted else 0.95
                golfer_start = time.perf_counter()
                rounds0, _extra = golfer_plan(
                    comp.k,
                    comp.lo,
                    problem.rounds,
                    time_limit=golfer_share * budget,
                    seed=seed + ci,
                )
                if weighted:
                    # Same tables, so the same repeats: choose who takes which seat to mix
                    # organisations and avoid known pairs, before the joint search weighs both.
                    left = budget - (time.perf_counter() - golfer_start)
                    rounds0 = assign_labels(W, rounds0, time_limit=0.5 * left, seed=seed + ci)
                budget = max(0.0, budget - (time.perf_counter() - golfer_start))
            rot = plan_rounds(
                W,
                rounds0,
                comp.k,
                repeat_weight=problem.repeat_weight,
                movable=movable,
                time_limit=budget,
                seed=seed + ci,
                progress=progress,
                target=target * problem.rounds,
                max_iterations=max_iterations,
                hard=hard,
                progress_offset=done_share,
                progress_scale=share,
            )
            assignment[:, comp.people] = rot.grp + comp.first_group
            stops.append(rot.stopped)
            iterations += rot.iterations
        done_share += share
    plan = tuple(tuple(int(g) for g in row) for row in assignment)
    return _summarise(problem, comps, plan, start, stopped=_why_stopped(stops), iterations=iterations)


def _why_stopped(stops: list[str]) -> str:
    """Why the whole search ended, from why each component's did.

    The bound is a sum over components, so the whole is at its bound only when every part is:
    a part at its own bound stops at once and leaves its time to the others.
    """
    for reason in (STOP_TIME, STOP_ITERATIONS):
        if reason in stops:
            return reason
    return STOP_BOUND if STOP_BOUND in stops else STOP_NOTHING_TO_MOVE


def _summarise(
    problem: GroupingProblem,
    comps: list[Component],
    plan: tuple[tuple[int, ...], ...],
    start: float,
    *,
    stopped: str = "",
    iterations: int = 0,
) -> Solution:
    """Figures, explanations, the hard-constraint check and the bound for a plan."""
    m = sum(c.k for c in comps)
    lo_all = [c.lo for c in comps for _ in range(c.k)]
    hi_all = [c.hi for c in comps for _ in range(c.k)]
    figures, penalty = group_figures(problem, plan)
    broken = check_constraints(problem, plan, lo_all, hi_all)
    bound = _lower_bound(problem, comps)
    gap = abs(penalty - bound) / max(abs(penalty), abs(bound), 1.0)
    if gap <= 1e-9:
        gap = 0.0  # the two sums are added in different orders: rounding, not a gap
    worst = max((f.score for f in figures), default=0.0)
    figs: dict[str, float] = {"groups": float(m), "people": float(len(problem.people))}
    for it in problem.intents:
        if it.kind == "mix":
            figs[f"same_{it.attribute}_pairs"] = float(
                sum(f.same_value_pairs[it.attribute] for f in figures)
            )
            figs[f"same_{it.attribute}_pairs_min"] = float(
                problem.rounds
                * sum(
                    even_spread_pairs(c, comp.k)
                    for comp in comps
                    for c in Counter(
                        problem.people[i].attributes.get(it.attribute, "") for i in comp.people
                    ).values()
                )
            )
    figs["known_pairs"] = float(sum(f.known_pairs for f in figures))
    figs["repeat_pairs"] = float(sum(f.repeat_pairs for f in figures))
    return Solution(
        assignment=plan,
        objective=penalty,
        bound=bound,
        gap=gap,
        sense="min",
        groups=tuple(figures),
        worst_group_score=worst,
        constraint_check=tuple(broken),
        seconds=time.perf_counter() - start,
        optimal=gap == 0.0 and not broken,
        figures=figs,
        stopped=stopped,
        iterations=iterations,
    )


def evaluate(
    problem: GroupingProblem,
    assignment: Sequence[Sequence[int]] | Sequence[int],
) -> Solution:
    """The figures `solve` reports, for a grouping made some other way (by hand, or earlier).

    ``assignment`` is one round as a sequence of 0-based groups in ``problem.people`` order, or
    one such sequence per round. Groups and their size bounds come from the problem as `solve`
    reads them (``n_groups``, ``group_size`` or the size bounds, split by any *same* intent);
    when the problem does not fix the groups, or they cannot be formed, the groups used are
    taken as given, each bounded by ``min_size``/``max_size``. Nothing is searched: the answer
    carries the penalty, the lower bound and gap, every group's figures and explanation, the
    fairness figure, every broken hard constraint in words (wrong round count, wrong length,
    group sizes, mixed *same* values, apart, together, locked) and the same-value pair totals
    with their minimums (``same_<attribute>_pairs`` and ``..._min``).
    """
    start = time.perf_counter()
    _validate(problem)
    rows: list[tuple[int, ...]]
    if len(assignment) and not isinstance(assignment[0], int | np.integer):
        rows = [tuple(int(g) for g in row) for row in assignment]  # type: ignore[union-attr]
    else:
        rows = [tuple(int(g) for g in assignment)]  # type: ignore[arg-type]
    plan = tuple(rows)
    fixed = problem.n_groups is not None or problem.group_size is not None
    try:
        comps = _components(problem) if fixed else []
    except InfeasibleError:
        comps = []
    if not comps:
        used = sorted({g for row in plan for g in row if g >= 0})
        k = used[-1] + 1 if used else 1
        n = len(problem.people)
        comps = [
            Component(("",), list(range(n)), 0, k, problem.min_size or 1, problem.max_size or n)
        ]
    return _summarise(problem, comps, plan, start)
