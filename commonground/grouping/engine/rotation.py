"""Rotations: plan R rounds jointly so people meet as many different others as possible.

All rounds are searched at once: a move swaps two people inside one round, and its gain
counts both the pair weights of that round and the change in repeated meetings over every
round (a pair-count matrix P keeps this O(group size) per move).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from commonground.grouping.engine import _kernels as K
from commonground.grouping.engine import _labels as L
from commonground.grouping.engine import _rotation
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
class RotationResult:
    """Best plan (rounds x people), its value, the search effort and why it stopped."""

    grp: K.IArr
    value: float
    iterations: int
    perturbations: int
    stopped: str = STOP_TIME


def _structures(grp: K.IArr, m: int, W: K.FArr) -> tuple[K.IArr, K.IArr, K.IArr, K.FArr, K.IArr]:
    R, n = grp.shape
    sizes = np.zeros((R, m), dtype=np.int64)
    for r in range(R):
        sizes[r] = np.bincount(grp[r], minlength=m)
    cap = int(sizes.max()) if sizes.size else 0
    members = np.full((R, m, max(cap, 1)), -1, dtype=np.int64)
    pos = np.zeros((R, n), dtype=np.int64)
    fill = np.zeros((R, m), dtype=np.int64)
    for r in range(R):
        for i in range(n):
            g = grp[r, i]
            members[r, g, fill[r, g]] = i
            pos[r, i] = fill[r, g]
            fill[r, g] += 1
    Gr = np.zeros((R, n, m), dtype=np.float64)
    P = np.zeros((n, n), dtype=np.int64)
    for r in range(R):
        onehot = np.zeros((n, m), dtype=np.float64)
        onehot[np.arange(n), grp[r]] = 1.0
        Gr[r] = W @ onehot - np.diag(W)[:, None] * onehot
        same = (grp[r][:, None] == grp[r][None, :]).astype(np.int64)
        np.fill_diagonal(same, 0)
        P += same
    return sizes, members, pos, Gr, P


def plan_rounds(
    W: K.FArr,
    grp0: K.IArr,
    m: int,
    *,
    repeat_weight: float,
    movable: K.IArr | None = None,
    time_limit: float,
    seed: int,
    progress: Progress | None = None,
    target: float | None = None,
    max_iterations: int | None = None,
    hard: float = 1.0e300,
    progress_offset: float = 0.0,
    progress_scale: float = 1.0,
) -> RotationResult:
    """Maximise sum of W inside groups over all rounds minus repeat_weight * sum C(P, 2)."""
    start = time.perf_counter()
    grp = np.ascontiguousarray(grp0, dtype=np.int64).copy()
    R, n = grp.shape
    Wc = np.ascontiguousarray(W, dtype=np.float64).copy()
    np.fill_diagonal(Wc, 0.0)
    sizes, members, pos, Gr, P = _structures(grp, m, Wc)
    mov = np.arange(n, dtype=np.int64) if movable is None else movable.astype(np.int64)
    value = float(_rotation.rotation_value(Wc, repeat_weight, grp, P))
    state = np.array([value, value], dtype=np.float64)
    istate = np.zeros(3, dtype=np.int64)
    tabu = np.zeros((R, n), dtype=np.int64)
    rng = np.array([np.random.default_rng(seed).integers(1, 2**62)], dtype=np.uint64)
    params = np.array([2, max(2, n // 8), max(500, 10 * n), 1, max(2, n // 16)], dtype=np.int64)
    best_grp = grp.copy()
    pacer = Pacer(start, time_limit, progress, progress_offset, progress_scale, chunk=4)
    checked = -np.inf  # the running best last found short of the target on exact recount
    stopped = STOP_TIME if mov.shape[0] > 1 and R > 0 else STOP_NOTHING_TO_MOVE
    while mov.shape[0] > 1 and R > 0:
        if target is not None and state[1] > checked and near_target(float(state[1]), target):
            if at_target(_plan_value(Wc, repeat_weight, best_grp, m), target):
                stopped = STOP_BOUND
                break
            checked = float(state[1])
        if time.perf_counter() - start >= time_limit:
            break
        if max_iterations is not None and istate[0] >= max_iterations:
            stopped = STOP_ITERATIONS
            break
        todo = pacer.chunk
        if max_iterations is not None:
            todo = min(todo, max_iterations - int(istate[0]))
        t0 = time.perf_counter()
        _rotation.rotation_chunk(
            todo,
            Wc,
            repeat_weight,
            grp,
            members,
            pos,
            sizes,
            Gr,
            P,
            mov,
            tabu,
            params,
            state,
            istate,
            best_grp,
            rng,
            hard,
        )
        pacer.after(time.perf_counter() - t0, float(state[1]))
    if progress is not None:
        progress(progress_offset + progress_scale, float(state[1]))
    value = _plan_value(Wc, repeat_weight, best_grp, m)
    return RotationResult(best_grp, value, int(istate[0]), int(istate[2]), stopped)


def _plan_value(W: K.FArr, repeat_weight: float, grp: K.IArr, m: int) -> float:
    """The objective of a plan, counted afresh."""
    _, _, _, _, P = _structures(grp, m, W)
    return float(_rotation.rotation_value(W, repeat_weight, grp, P))


def assign_labels(
    W: K.FArr, plan: K.IArr, *, time_limit: float, seed: int, max_iterations: int | None = None
) -> K.IArr:
    """Who sits in which seat of a fixed plan: the same tables (so the same repeats), people
    placed to maximise the pair weights W (mixing goals, known pairs, earlier rounds).

    ``plan`` is rounds x seats; the answer is rounds x people. Seats are swapped between people
    by a tabu search; nobody meets anyone more often than the plan says.
    """
    start = time.perf_counter()
    n = plan.shape[1]
    Wc = np.ascontiguousarray(W, dtype=np.float64).copy()
    np.fill_diagonal(Wc, 0.0)
    if n < 3 or not np.any(Wc):
        return plan.copy()
    Pd = encounter_counts(plan)
    sigma = np.arange(n, dtype=np.int64)  # person i takes seat sigma[i]
    value = float(L.label_value(Wc, Pd, sigma))
    state = np.array([value, value], dtype=np.float64)
    istate = np.zeros(2, dtype=np.int64)
    tabu = np.zeros(n, dtype=np.int64)
    best = sigma.copy()
    rng = np.array([np.random.default_rng(seed).integers(1, 2**62)], dtype=np.uint64)
    params = np.array([3, max(2, n // 10), max(200, 4 * n), 0 if n <= 200 else 48], dtype=np.int64)
    chunk = 1
    while time.perf_counter() - start < time_limit:
        if max_iterations is not None and istate[0] >= max_iterations:
            break
        todo = chunk if max_iterations is None else min(chunk, max_iterations - int(istate[0]))
        t0 = time.perf_counter()
        L.label_chunk(todo, Wc, Pd, sigma, tabu, params, state, istate, best, rng)
        spent = time.perf_counter() - t0
        if spent < 0.01:
            chunk = min(chunk * 2, 1 << 16)
        elif spent > 0.04 and chunk > 1:
            chunk //= 2
    return np.ascontiguousarray(plan[:, best])


def encounter_counts(plan: K.IArr) -> K.IArr:
    """P[i, j] = number of rounds in which i and j share a group."""
    R, n = plan.shape
    P = np.zeros((n, n), dtype=np.int64)
    for r in range(R):
        same = (plan[r][:, None] == plan[r][None, :]).astype(np.int64)
        np.fill_diagonal(same, 0)
        P += same
    return P


def encounter_summary(plan: K.IArr) -> dict[str, float]:
    """Repeated pairs (extra meetings) and distinct people met per person."""
    P = encounter_counts(plan)
    upper = np.triu(P, 1)
    repeats = int(np.maximum(upper - 1, 0).sum())
    distinct = (P > 0).sum(axis=1)
    return {
        "repeat_meetings": float(repeats),
        "pairs_meeting_twice_or_more": float((upper >= 2).sum()),
        "distinct_mean": float(distinct.mean()) if distinct.size else 0.0,
        "distinct_min": float(distinct.min()) if distinct.size else 0.0,
    }
