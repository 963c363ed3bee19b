"""Tabu search with iterated perturbation over swap and insert moves (maximisation).

The driver keeps the clock and the progress callback in Python and hands the compiled kernel
short chunks of iterations, so time limits hold to within a few milliseconds and the best
grouping so far is always at hand (anytime).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from commonground.grouping.engine import _descent, _partition, _sums
from commonground.grouping.engine import _kernels as K
from commonground.grouping.engine.pacing import (
    STOP_BOUND,
    STOP_ITERATIONS,
    STOP_NOTHING_TO_MOVE,
    STOP_TIME,
    Pacer,
    Progress,
    at_target,
    near_target,
)


@dataclass(frozen=True)
class PairWeights:
    """w(i, j) for one component: a dense matrix, or attribute codes plus sparse pairs.

    ``codes[i, a]`` is a global value code (distinct across attributes) and ``wa[a]`` the
    weight when two people share attribute a's value. ``sp_*`` is a symmetric CSR list of
    extra pair weights (known pairs, past encounters, hard apart/together as -/+ ``hard``).
    """

    n: int
    dense: bool
    D: K.FArr
    codes: K.IArr
    wa: K.FArr
    n_values: int
    sp_ptr: K.IArr
    sp_idx: K.IArr
    sp_w: K.FArr
    hard: float = 1.0e300

    @staticmethod
    def from_dense(D: K.FArr) -> PairWeights:
        """Weights from a symmetric matrix with zero diagonal."""
        n = D.shape[0]
        return PairWeights(
            n=n,
            dense=True,
            D=np.ascontiguousarray(D, dtype=np.float64),
            codes=np.zeros((n, 0), dtype=np.int64),
            wa=np.zeros(0, dtype=np.float64),
            n_values=0,
            sp_ptr=np.zeros(n + 1, dtype=np.int64),
            sp_idx=np.zeros(0, dtype=np.int64),
            sp_w=np.zeros(0, dtype=np.float64),
        )

    @staticmethod
    def from_attributes(
        codes: K.IArr,
        wa: K.FArr,
        pairs: dict[tuple[int, int], float],
        hard: float,
    ) -> PairWeights:
        """Weights from value codes (n x A), per-attribute weights and extra pair weights."""
        n = codes.shape[0]
        rows: list[list[tuple[int, float]]] = [[] for _ in range(n)]
        for (i, j), w in sorted(pairs.items()):
            if i == j or w == 0.0:
                continue
            rows[i].append((j, w))
            rows[j].append((i, w))
        ptr = np.zeros(n + 1, dtype=np.int64)
        for i in range(n):
            ptr[i + 1] = ptr[i] + len(rows[i])
        idx = np.array([j for r in rows for j, _ in r], dtype=np.int64)
        ws = np.array([w for r in rows for _, w in r], dtype=np.float64)
        n_values = int(codes.max()) + 1 if codes.size else 0
        return PairWeights(
            n=n,
            dense=False,
            D=np.zeros((1, 1), dtype=np.float64),
            codes=np.ascontiguousarray(codes, dtype=np.int64),
            wa=np.ascontiguousarray(wa, dtype=np.float64),
            n_values=n_values,
            sp_ptr=ptr,
            sp_idx=idx,
            sp_w=ws,
            hard=hard,
        )

    def value(self, grp: K.IArr, m: int) -> float:
        """Sum of w over pairs sharing a group."""
        G = np.zeros((self.n, m), dtype=np.float64)
        return float(self._sums(grp, m, G))

    def _sums(self, grp: K.IArr, m: int, G: K.FArr) -> float:
        return float(
            _sums.recompute_sums(
                self.dense,
                self.D,
                self.codes,
                self.wa,
                self.n_values,
                self.sp_ptr,
                self.sp_idx,
                self.sp_w,
                grp,
                m,
                G,
            )
        )


@dataclass(frozen=True)
class SearchResult:
    """Best grouping found, its value, iterations run, perturbations applied and why it stopped.

    ``stopped`` is one of ``pacing``'s STOP_* reasons (STOP_BOUND: the value reached the target,
    a proven bound, so the search ended however much time was left).
    """

    grp: K.IArr
    value: float
    iterations: int
    perturbations: int
    stopped: str = STOP_TIME


# Above this many people an iteration no longer scans every swap (n^2 / 2 of them): it looks at
# the moves of SAMPLE_WORK // n randomly drawn people against everyone, so each iteration costs
# about SAMPLE_WORK move evaluations (a few milliseconds) and the time limit holds.
FULL_SCAN_MAX = 1500
SAMPLE_WORK = 1_000_000
# With attribute weights (a cohort, not an MDGP matrix) the search samples sooner and fewer:
# above this many people each iteration looks at the moves of ATTRIBUTE_SAMPLE drawn people.
# Started from a dealt grouping, such a search mostly removes the last same-value pairs one
# move at a time, and cheap iterations get there first: 5,000 people in 10 places and
# 20,000 in 20 places (sets of 10) and one cohort of 5,000 (sets of 8-10) all reached their
# lower bounds about 3-6 times sooner drawing 12 to 25 people than scanning everyone (or 200).
ATTRIBUTE_FULL_SCAN_MAX = 400
ATTRIBUTE_SAMPLE = 16


def default_params(n: int, m: int, *, attributes: bool = False) -> K.IArr:
    """Tenure, stall length, perturbation strength and neighbourhood sample scaled to the instance."""
    tenure_min = max(2, n // (4 * max(1, m)) + 3)
    tenure_span = max(2, n // 20)
    max_stall = max(200, 4 * n)
    perturb_min = max(2, n // 60)
    perturb_span = max(2, n // 30)
    sample = 0 if n <= FULL_SCAN_MAX else max(64, SAMPLE_WORK // n)
    if attributes and n > ATTRIBUTE_FULL_SCAN_MAX:
        sample = ATTRIBUTE_SAMPLE
    return np.array(
        [tenure_min, tenure_span, max_stall, perturb_min, perturb_span, sample], dtype=np.int64
    )


def local_search(
    weights: PairWeights,
    grp0: K.IArr,
    m: int,
    lo: K.IArr,
    hi: K.IArr,
    *,
    movable: K.IArr | None = None,
    time_limit: float,
    seed: int,
    progress: Progress | None = None,
    target: float | None = None,
    max_iterations: int | None = None,
    params: K.IArr | None = None,
    progress_offset: float = 0.0,
    progress_scale: float = 1.0,
) -> SearchResult:
    """Maximise the sum of pair weights inside groups from the feasible start ``grp0``.

    Stops at ``time_limit`` seconds, after ``max_iterations``, or at once when ``target`` (a
    proven bound on the value) is reached, checked on the best grouping's exact value; returns
    the best grouping seen and why it stopped. Deterministic for a seed when stopped by
    iterations or by the target.
    Load the kernels first (``warm.warm_up``) so that loading is not counted in the time.
    """
    start = time.perf_counter()
    n = weights.n
    grp = np.ascontiguousarray(grp0, dtype=np.int64).copy()
    sizes = np.bincount(grp, minlength=m).astype(np.int64)
    mov = np.arange(n, dtype=np.int64) if movable is None else movable.astype(np.int64)
    G = np.zeros((n, m), dtype=np.float64)
    t_sums = time.perf_counter()
    cur = weights._sums(grp, m, G)
    # The best grouping's value is recomputed at the end: leave time for it.
    stop = time_limit - (time.perf_counter() - t_sums)
    best_grp = grp.copy()
    state = np.array([cur, cur], dtype=np.float64)
    istate = np.zeros(3, dtype=np.int64)
    tabu = np.zeros((n, m), dtype=np.int64)
    rng = np.array([np.random.default_rng(seed).integers(1, 2**62)], dtype=np.uint64)
    prm = default_params(n, m, attributes=not weights.dense) if params is None else params
    pacer = Pacer(start, time_limit, progress, progress_offset, progress_scale, chunk=4)
    checked = -np.inf  # the running best last found short of the target on exact recount
    stopped = STOP_TIME
    while True:
        if target is not None and state[1] > checked and near_target(float(state[1]), target):
            if at_target(weights.value(best_grp, m), target):
                stopped = STOP_BOUND
                break
            checked = float(state[1])
        if time.perf_counter() - start >= stop:
            break
        if max_iterations is not None and istate[0] >= max_iterations:
            stopped = STOP_ITERATIONS
            break
        if mov.shape[0] == 0:
            stopped = STOP_NOTHING_TO_MOVE
            break
        todo = pacer.chunk
        if max_iterations is not None:
            todo = min(todo, max_iterations - int(istate[0]))
        t0 = time.perf_counter()
        _partition.tabu_chunk(
            todo,
            weights.dense,
            weights.D,
            weights.codes,
            weights.wa,
            weights.n_values,
            weights.sp_ptr,
            weights.sp_idx,
            weights.sp_w,
            grp,
            sizes,
            lo,
            hi,
            G,
            mov,
            tabu,
            prm,
            state,
            istate,
            best_grp,
            rng,
            weights.hard,
        )
        pacer.after(time.perf_counter() - t0, float(state[1]))
    if progress is not None:
        progress(progress_offset + progress_scale, float(state[1]))
    value = weights.value(best_grp, m)
    return SearchResult(best_grp, value, int(istate[0]), int(istate[2]), stopped)


def descent_params(n: int, m: int) -> K.IArr:
    """Iterated descent: weak shake (moves, span), patience, strong shake (moves, span) and the
    sample each weak move is the best of (0: the weak shake is random swaps instead).

    Measured side by side over the MDGPLIB instances with a reference at equal time, three
    directed moves (each the best of n sampled inserts and swaps), a jump after three fruitless
    rounds and jumps of n/m random moves beat one or two random swaps, ten rounds' patience and
    jumps of n/20 to n/10 on eight of the eleven, most on the instances whose group sizes vary.
    """
    return np.array([3, 3, max(2, n // max(1, m)), 0, 0, n], dtype=np.int64)


def iterated_descent(
    D: K.FArr,
    grp0: K.IArr,
    m: int,
    lo: K.IArr,
    hi: K.IArr,
    *,
    time_limit: float,
    seed: int,
    progress: Progress | None = None,
    max_rounds: int | None = None,
    params: K.IArr | None = None,
    progress_scale: float = 1.0,
) -> SearchResult:
    """Maximise the within-group sum of a dense matrix by iterated first-improvement descent.

    Explores local maxima near the current one (a few least-bad sampled moves, then descent,
    kept if no worse), and after a run of failures jumps further away (see
    ``_descent.ils_chunk``). Stops at ``time_limit`` or after ``max_rounds`` rounds (then
    deterministic for a seed); returns the best grouping seen, its value recomputed.
    """
    start = time.perf_counter()
    n = D.shape[0]
    D = np.ascontiguousarray(D, dtype=np.float64)
    grp = np.ascontiguousarray(grp0, dtype=np.int64).copy()
    sizes = np.bincount(grp, minlength=m).astype(np.int64)
    weights = PairWeights.from_dense(D)
    G = np.zeros((n, m), dtype=np.float64)
    weights._sums(grp, m, G)
    rng = np.array([np.random.default_rng(seed).integers(1, 2**62)], dtype=np.uint64)
    log = np.zeros((max(64, 4 * n), 2), dtype=np.int64)
    marks, members = _descent.new_marks(grp, m)
    _descent.descent_dense(D, grp, sizes, lo, hi, G, rng, log, -1, marks, members)
    value = weights._sums(grp, m, G)
    state = np.array([value, value], dtype=np.float64)
    istate = np.zeros(3, dtype=np.int64)
    local_grp = grp.copy()
    best_grp = grp.copy()
    prm = descent_params(n, m) if params is None else params
    pacer = Pacer(start, time_limit, progress, 0.0, progress_scale, chunk=1)
    while True:
        if time.perf_counter() - start >= time_limit:
            break
        todo = pacer.chunk
        if max_rounds is not None:
            todo = min(todo, max_rounds - int(istate[0]))
            if todo <= 0:
                break
        t0 = time.perf_counter()
        _descent.ils_chunk(
            todo,
            D,
            grp,
            sizes,
            lo,
            hi,
            G,
            local_grp,
            best_grp,
            prm,
            state,
            istate,
            rng,
            log,
            marks,
            members,
        )
        pacer.after(time.perf_counter() - t0, float(state[1]))
    return SearchResult(best_grp, weights.value(best_grp, m), int(istate[0]), int(istate[2]))


def max_pair_sizes(n: int, lo: K.IArr, hi: K.IArr) -> K.IArr | None:
    """Group sizes within [lo, hi] summing to n with the most pairs inside groups.

    When every pair is worth something, the number of pairs is most of the value, and a
    local search cannot cross from one size profile to a better one: growing a small group
    by one person costs more pairs than it gains until it has grown a long way. A dynamic
    programme over groups finds the profile with the most pairs outright.
    """
    m = lo.shape[0]
    best = np.full((m + 1, n + 1), -1, dtype=np.int64)
    pick = np.zeros((m + 1, n + 1), dtype=np.int64)
    best[0, 0] = 0
    for g in range(m):
        for t in np.flatnonzero(best[g] >= 0):
            for size in range(int(lo[g]), int(hi[g]) + 1):
                if t + size > n:
                    break
                v = best[g, t] + size * (size - 1) // 2
                if v > best[g + 1, t + size]:
                    best[g + 1, t + size] = v
                    pick[g + 1, t + size] = size
    if best[m, n] < 0:
        return None
    sizes = np.zeros(m, dtype=np.int64)
    left = n
    for g in range(m, 0, -1):
        sizes[g - 1] = pick[g, left]
        left -= int(pick[g, left])
    return sizes


def balanced_sizes(n: int, m: int, lo: K.IArr, hi: K.IArr) -> K.IArr | None:
    """Group sizes as equal as possible within [lo, hi]; None if no sizes fit."""
    if int(lo.sum()) > n or int(hi.sum()) < n:
        return None
    sizes = lo.copy()
    left = n - int(sizes.sum())
    while left > 0:
        room = hi - sizes
        candidates = np.flatnonzero(room > 0)
        g = int(candidates[np.argmin(sizes[candidates])])
        sizes[g] += 1
        left -= 1
    return sizes


def random_start(
    n: int, m: int, lo: K.IArr, hi: K.IArr, seed: int, *, most_pairs: bool = False
) -> K.IArr:
    """A random grouping with balanced sizes within bounds (or the most pairs inside groups)."""
    sizes = max_pair_sizes(n, lo, hi) if most_pairs else balanced_sizes(n, m, lo, hi)
    if sizes is None:
        raise ValueError("no group sizes fit the bounds")
    labels = np.repeat(np.arange(m, dtype=np.int64), sizes)
    rng = np.random.default_rng(seed)
    rng.shuffle(labels)
    return labels.astype(np.int64)
