"""Who takes which seat of a fixed plan: a tabu search over seat swaps (compiled;
``rotation.assign_labels``)."""

from __future__ import annotations

import numpy as np

from commonground.grouping.engine._kernels import EPS, NEG_INF, FArr, IArr, UArr, jit, rand_below
from commonground.grouping.engine._tabu import admit, record, tenure


@jit
def label_value(W: FArr, Pd: IArr, sigma: IArr) -> float:
    """Sum over pairs i < j of W[i, j] times how often slots sigma[i] and sigma[j] share a table."""
    n = sigma.shape[0]
    total = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            total += W[i, j] * Pd[sigma[i], sigma[j]]
    return total


@jit
def label_chunk(
    n_iters: int,
    W: FArr,
    Pd: IArr,
    sigma: IArr,
    tabu: IArr,
    params: IArr,
    state: FArr,
    istate: IArr,
    best_sigma: IArr,
    rng: UArr,
) -> None:
    """Tabu search over which person takes which slot of a fixed plan (a quadratic assignment).

    Swapping the slots of i and j changes the value by the sum over k of
    ``(W[i, k] - W[j, k]) * (Pd[s_j, s_k] - Pd[s_i, s_k])``: O(n) per swap. Who meets whom
    again never changes (the plan's tables stay as they are), only who sits in each seat.
    params = [tenure_min, tenure_span, max_stall, sample]; with ``sample`` > 0 only that many
    random people are tried as the first of the pair each iteration (large n).
    state = [current, best]; istate = [iteration, stall].
    """
    n = sigma.shape[0]
    for _ in range(n_iters):
        it = istate[0]
        cur = state[0]
        best = state[1]
        best_gain = NEG_INF
        bi = -1
        bj = -1
        ties = 0
        tries = n if params[3] <= 0 else min(n, params[3])
        for t in range(tries):
            i = np.int64(t)
            if params[3] > 0:
                i = np.int64(rand_below(rng, n))
            si = sigma[i]
            for j in range(n):
                if j == i or (params[3] <= 0 and j < i):
                    continue
                sj = sigma[j]
                gain = 0.0
                for k in range(n):
                    if k == i:
                        continue
                    if k == j:
                        continue
                    sk = sigma[k]
                    gain += (W[i, k] - W[j, k]) * (Pd[sj, sk] - Pd[si, sk])
                if gain < best_gain - EPS:
                    continue
                hit = tabu[i] > it or tabu[j] > it
                take, best_gain, ties = admit(gain, best_gain, ties, hit, cur, best, rng)
                if take:
                    bi = int(i)
                    bj = j
        istate[0] = it + 1
        if bi >= 0:
            s = sigma[bi]
            sigma[bi] = sigma[bj]
            sigma[bj] = s
            tabu[bi] = tenure(it, params[0], params[1], rng)
            tabu[bj] = tenure(it, params[0], params[1], rng)
            if record(best_gain, state, istate):
                best_sigma[:] = sigma
        else:
            istate[1] = params[2]
        if istate[1] >= params[2]:
            # back to the best labelling, shaken by a few random swaps
            sigma[:] = best_sigma
            for _k in range(2 + n // 20):
                a = rand_below(rng, n)
                b = rand_below(rng, n)
                s = sigma[a]
                sigma[a] = sigma[b]
                sigma[b] = s
            state[0] = label_value(W, Pd, sigma)
            istate[1] = 0
