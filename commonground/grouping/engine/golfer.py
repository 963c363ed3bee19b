"""Rotating tables with equal groups: a conflict-directed tabu search for the social golfer problem.

Given n = g·s people, g groups of s per round and R rounds, find rounds in which no pair meets
twice, or as few repeats as possible. The state is one partition per round; the first round
is fixed (people 0..s-1 at table 0, and so on), which loses nothing by symmetry. The cost is
the number of extra meetings, sum over pairs of max(0, meetings − 1). Where finite geometry
gives repeat-free rounds (`designs.py`), those come first and stay fixed. A move swaps two people
at different tables in one round; at least one of them must be in a repeated pair, so the
search looks only where the cost is. Moves are evaluated in O(s) from the pair-count matrix.
Recently moved people are tabu for a random few iterations (unless the move beats the best
cost seen); after a long stall a few random swaps shake the plan, and the best plan is kept.

This follows the shape of Dotú and Van Hentenryck's local search for the social golfer
problem. The general engine (`rotation.py`) then adds mixing goals on top of this start.
"""

from __future__ import annotations

import time

import numpy as np

from commonground.grouping.engine import _kernels as K
from commonground.grouping.engine.designs import design_rounds, orthogonal_mate, orthogonal_pair
from commonground.grouping.engine.develop import developed_rounds
from commonground.grouping.engine.pacing import Progress

jit = K.jit

TENURE_MIN = 2
TENURE_SPAN = 10
STALL = 3000


@jit
def _cost(P: K.IArr) -> int:
    n = P.shape[0]
    total = 0
    for i in range(n):
        for j in range(i + 1, n):
            if P[i, j] > 1:
                total += P[i, j] - 1
    return total


@jit
def _bump(plan: K.IArr, C1: K.IArr, C2: K.IArr, P: K.IArr, u: int, v: int, step: int) -> None:
    """Change P[u, v] by step (±1), keeping the per-round table counters in line.

    C1[r, i, t] counts people at table t in round r (other than i) whom i meets at least once
    over the plan; C2 counts those i meets at least twice. A swap's change in extra meetings
    is then read from four counters.
    """
    R = plan.shape[0]
    before = P[u, v]
    after = before + step
    P[u, v] = after
    P[v, u] = after
    d1 = int(after >= 1) - int(before >= 1)
    d2 = int(after >= 2) - int(before >= 2)
    if d1 == 0 and d2 == 0:
        return
    for r in range(R):
        tv = plan[r, v]
        tu = plan[r, u]
        C1[r, u, tv] += d1
        C2[r, u, tv] += d2
        C1[r, v, tu] += d1
        C2[r, v, tu] += d2


@jit
def _apply_swap(
    plan: K.IArr,
    members: K.IArr,
    where: K.IArr,
    P: K.IArr,
    C1: K.IArr,
    C2: K.IArr,
    r: int,
    a: int,
    b: int,
) -> None:
    s = members.shape[2]
    ta = plan[r, a]
    tb = plan[r, b]
    # Everyone's counters for tables ta and tb in round r: a leaves ta for tb, b the reverse
    # (P unchanged yet; P has a zero diagonal, so a's and b's own rows come out right too).
    n = plan.shape[1]
    for x in range(n):
        seen_a = int(P[x, a] >= 1)
        seen_b = int(P[x, b] >= 1)
        twice_a = int(P[x, a] >= 2)
        twice_b = int(P[x, b] >= 2)
        C1[r, x, ta] += seen_b - seen_a
        C1[r, x, tb] += seen_a - seen_b
        C2[r, x, ta] += twice_b - twice_a
        C2[r, x, tb] += twice_a - twice_b
    ka = where[r, a]
    kb = where[r, b]
    members[r, ta, ka] = b
    members[r, tb, kb] = a
    where[r, a] = kb
    where[r, b] = ka
    plan[r, a] = tb
    plan[r, b] = ta
    for k in range(s):
        x = members[r, ta, k]  # now b's table-mates in ta
        if x != b:
            _bump(plan, C1, C2, P, a, x, -1)
            _bump(plan, C1, C2, P, b, x, 1)
        y = members[r, tb, k]  # now a's table-mates in tb
        if y != a:
            _bump(plan, C1, C2, P, b, y, -1)
            _bump(plan, C1, C2, P, a, y, 1)


@jit
def _delta(P: K.IArr, C1: K.IArr, C2: K.IArr, plan: K.IArr, r: int, a: int, b: int) -> int:
    """Change in extra meetings if a and b (at different tables of round r) swap places, in O(1)."""
    ta = plan[r, a]
    tb = plan[r, b]
    met = int(P[a, b] >= 1)
    return int((C1[r, b, ta] - met) - C2[r, a, ta] + (C1[r, a, tb] - met) - C2[r, b, tb])


@jit
def _search(
    plan: K.IArr,
    members: K.IArr,
    where: K.IArr,
    P: K.IArr,
    C1: K.IArr,
    C2: K.IArr,
    iterations: int,
    seed: int,
    tabu: K.IArr,
    state: K.IArr,
    best_plan: K.IArr,
    first_free: int,
) -> None:
    """Run `iterations` moves over every free round. state = [iteration, cost, best cost, stall]."""
    np.random.seed(seed)
    R, n = plan.shape
    g = members.shape[1]
    s = members.shape[2]
    for _ in range(iterations):
        it = state[0]
        if state[1] == 0:
            return
        best_delta = 1 << 30
        best_r = -1
        best_a = -1
        best_b = -1
        ties = 0
        for r in range(first_free, R):
            for a in range(n):
                ta = plan[r, a]
                if C2[r, a, ta] == 0:
                    continue  # a repeats nobody at this table
                for tb in range(g):
                    if tb == ta:
                        continue
                    for k in range(s):
                        b = members[r, tb, k]
                        d = _delta(P, C1, C2, plan, r, a, b)
                        lo = min(a, b)
                        hi = max(a, b)
                        if tabu[r, lo, hi] > it and not (state[1] + d < state[2]):
                            continue
                        if d < best_delta:
                            best_delta = d
                            best_r = r
                            best_a = a
                            best_b = b
                            ties = 1
                        elif d == best_delta:
                            ties += 1
                            if np.random.randint(ties) == 0:
                                best_r = r
                                best_a = a
                                best_b = b
        state[0] += 1
        if best_r < 0:
            continue
        _apply_swap(plan, members, where, P, C1, C2, best_r, best_a, best_b)
        state[1] += best_delta
        lo = min(best_a, best_b)
        hi = max(best_a, best_b)
        tabu[best_r, lo, hi] = it + TENURE_MIN + np.random.randint(TENURE_SPAN)
        if state[1] < state[2]:
            state[2] = state[1]
            state[3] = 0
            best_plan[:, :] = plan
        else:
            state[3] += 1
        if state[3] > STALL:
            # A long stall: back to the best plan, shaken by a few random swaps.
            state[3] = 0
            for r in range(first_free, R):
                for i in range(n):
                    if plan[r, i] != best_plan[r, i]:
                        target = best_plan[r, i]
                        for k in range(s):
                            y = members[r, target, k]
                            if best_plan[r, y] != target:
                                state[1] += _delta(P, C1, C2, plan, r, i, y)
                                _apply_swap(plan, members, where, P, C1, C2, r, i, y)
                                break
            for _k in range(2 + R // 2):
                r = first_free + np.random.randint(R - first_free)
                a = np.random.randint(n)
                b = np.random.randint(n)
                if plan[r, a] == plan[r, b]:
                    continue
                state[1] += _delta(P, C1, C2, plan, r, a, b)
                _apply_swap(plan, members, where, P, C1, C2, r, a, b)


def _counters(plan: K.IArr, P: K.IArr, g: int) -> tuple[K.IArr, K.IArr]:
    R, n = plan.shape
    C1 = np.zeros((R, n, g), dtype=np.int64)
    C2 = np.zeros((R, n, g), dtype=np.int64)
    once = (P >= 1).astype(np.int64)
    twice = (P >= 2).astype(np.int64)
    for r in range(R):
        onehot = np.zeros((n, g), dtype=np.int64)
        onehot[np.arange(n), plan[r]] = 1
        C1[r] = once @ onehot  # P has a zero diagonal, so i never counts itself
        C2[r] = twice @ onehot
    return C1, C2


def _structures(plan: K.IArr, g: int, s: int) -> tuple[K.IArr, K.IArr, K.IArr]:
    R, n = plan.shape
    members = np.zeros((R, g, s), dtype=np.int64)
    where = np.zeros((R, n), dtype=np.int64)
    fill = np.zeros((R, g), dtype=np.int64)
    P = np.zeros((n, n), dtype=np.int64)
    for r in range(R):
        for i in range(n):
            t = plan[r, i]
            members[r, t, fill[r, t]] = i
            where[r, i] = fill[r, t]
            fill[r, t] += 1
        same = (plan[r][:, None] == plan[r][None, :]).astype(np.int64)
        np.fill_diagonal(same, 0)
        P += same
    return members, where, P


def _latin_pair_rounds(p: int, *, seed: int, budget: float) -> K.IArr | None:
    """Four repeat-free rounds for p tables of p: rows, columns and two orthogonal Latin squares.

    A random Latin square (the search's own third round) often has an orthogonal mate; the mate
    is p disjoint transversals, found by exact cover (Algorithm X). Squares without a mate, or
    without one found quickly, are skipped for another. Orders with a pair at hand (primes, 10)
    skip the search.
    """
    pair = orthogonal_pair(p, seed=seed)
    if pair is not None:
        people = np.arange(p * p)
        return np.vstack([people // p, people % p, pair[0].ravel(), pair[1].ravel()]).astype(
            np.int64
        )
    deadline = time.perf_counter() + budget
    attempt = 0
    while time.perf_counter() < deadline:
        attempt += 1
        three, extra = golfer_plan(
            p, p, 3, time_limit=max(0.5, deadline - time.perf_counter()), seed=seed + attempt
        )
        if extra:
            return None
        square = three[2].reshape(p, p)  # person i sits at row i // p, column i % p
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        mate = orthogonal_mate(square, time_limit=min(8.0, left))
        if mate is not None:
            return np.vstack([three, mate.reshape(1, p * p)])
    return None


def _todo(chunk: int, state: K.IArr, max_iterations: int | None) -> int:
    """Moves for the next call of the search: a chunk, or what the iteration cap leaves."""
    if max_iterations is None:
        return chunk
    return min(chunk, max_iterations - int(state[0]))


def golfer_plan(
    groups: int,
    size: int,
    rounds: int,
    *,
    time_limit: float,
    seed: int,
    progress: Progress | None = None,
    base: K.IArr | None = None,
    max_iterations: int | None = None,
) -> tuple[K.IArr, int]:
    """Plan `rounds` of `groups` tables of `size`; return (rounds x people tables, extra meetings).

    ``base`` (people x people, zero diagonal) counts meetings at earlier sessions: the new rounds
    avoid those pairs too, every round is searched (no construction applies), and the extra
    meetings returned are the ones the new rounds add. With ``max_iterations`` the search stops
    after that many moves (or at the time limit, whichever comes first); where no time-bounded
    construction applies the answer is then the same run to run.
    """
    start = time.perf_counter()  # the time limit covers the constructions too
    n = groups * size
    rng = np.random.default_rng(seed)
    plan = np.zeros((rounds, n), dtype=np.int64)
    if base is not None:
        return _plan_after(
            plan,
            groups,
            size,
            base,
            time_limit=time_limit,
            rng=rng,
            start=start,
            max_iterations=max_iterations,
        )
    plan[0] = np.arange(n) // size
    first_free = 1
    designed = design_rounds(groups, size, rounds, seed=seed, time_limit=min(2.0, time_limit / 4))
    if designed is None or designed.shape[0] < rounds:
        # Where geometry falls short, a round developed by a symmetry group may not.
        developed = developed_rounds(groups, size, rounds, seed=seed, time_limit=time_limit / 4)
        if developed is not None and (designed is None or developed.shape[0] > designed.shape[0]):
            designed = developed
    if designed is not None and designed.shape[0] >= rounds:
        return designed[:rounds].copy(), 0
    if designed is not None and designed.shape[0] > 1:
        # Repeat-free rounds from geometry first; the search fills the rounds geometry cannot.
        plan[: designed.shape[0]] = designed
        first_free = designed.shape[0]
    elif groups == size and rounds > 1:
        # Square case: any second round that repeats nobody is the columns, up to relabelling.
        plan[1] = np.arange(n) % size
        first_free = 2
        if rounds >= 4:
            four = _latin_pair_rounds(size, seed=seed, budget=0.7 * time_limit)
            if four is not None:
                plan[:4] = four
                first_free = 4
                if rounds == 4:
                    return plan, 0
    for r in range(first_free, rounds):
        plan[r] = rng.permutation(n) // size
    if rounds <= first_free:
        return plan, 0
    members, where, P = _structures(plan, groups, size)
    cost = int(_cost(P))
    state = np.array([0, cost, cost, 0], dtype=np.int64)
    best = plan.copy()
    tabu = np.zeros((rounds, n, n), dtype=np.int64)
    C1, C2 = _counters(plan, P, groups)
    chunk = 200
    step_seed = int(rng.integers(1, 2**31 - 1))
    while state[1] > 0 and time.perf_counter() - start < time_limit:
        todo = _todo(chunk, state, max_iterations)
        if todo <= 0:
            break
        _search(plan, members, where, P, C1, C2, todo, step_seed, tabu, state, best, first_free)
        step_seed = (step_seed * 1103515245 + 12345) % (2**31 - 1)
        if progress is not None:
            progress(min(1.0, (time.perf_counter() - start) / time_limit), -float(state[2]))
    if state[1] == 0:
        best = plan.copy()
        state[2] = 0
    return best, int(state[2])


def _plan_after(
    plan: K.IArr,
    groups: int,
    size: int,
    base: K.IArr,
    *,
    time_limit: float,
    rng: np.random.Generator,
    start: float,
    max_iterations: int | None = None,
) -> tuple[K.IArr, int]:
    """The search of `golfer_plan` with earlier meetings counted in: every round is free."""
    rounds, n = plan.shape
    for r in range(rounds):
        plan[r] = rng.permutation(n) // size
    members, where, P = _structures(plan, groups, size)
    P += np.ascontiguousarray(base, dtype=np.int64)
    floor = int(_cost(np.ascontiguousarray(base, dtype=np.int64)))
    cost = int(_cost(P))
    state = np.array([0, cost, cost, 0], dtype=np.int64)
    best = plan.copy()
    tabu = np.zeros((rounds, n, n), dtype=np.int64)
    C1, C2 = _counters(plan, P, groups)
    step_seed = int(rng.integers(1, 2**31 - 1))
    while state[1] > floor and time.perf_counter() - start < time_limit:
        todo = _todo(200, state, max_iterations)
        if todo <= 0:
            break
        _search(plan, members, where, P, C1, C2, todo, step_seed, tabu, state, best, 0)
        step_seed = (step_seed * 1103515245 + 12345) % (2**31 - 1)
    if state[1] <= state[2]:
        best = plan.copy()
        state[2] = state[1]
    return best, int(state[2]) - floor
