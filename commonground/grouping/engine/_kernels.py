"""Compiled inner loops of the local search (Numba when installed, plain Python otherwise).

Every kernel works on plain NumPy arrays so the drivers in ``search.py`` and ``rotation.py``
stay readable. The pair weight ``w(i, j)`` is what a pair contributes when it shares a group
(the search maximises the sum of ``w`` over pairs inside groups). It is either read from a
dense matrix (MDGP instances) or built from categorical codes plus a sparse list of pairs, so
attribute problems never need an n x n matrix.

The running sum ``G[i, g] = sum of w(i, j) for j in group g, j != i`` makes every move's gain
an O(1) read: inserting i into h gains ``G[i, h] - G[i, g_i]``; swapping i and j gains
``G[i, g_j] - G[i, g_i] + G[j, g_i] - G[j, g_j] - 2 w(i, j)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
import numpy.typing as npt

try:  # pragma: no cover - depends on the environment
    import numba

    HAVE_NUMBA = True

    def jit[T: Callable[..., Any]](func: T) -> T:
        """Compile ``func`` with Numba in nopython mode, caching the machine code on disk."""
        return cast(T, numba.njit(cache=True, nogil=True)(func))

except ImportError:  # pragma: no cover - depends on the environment
    HAVE_NUMBA = False

    def jit[T: Callable[..., Any]](func: T) -> T:
        """Without Numba the kernels run as plain Python (correct, much slower)."""
        return func


FArr = npt.NDArray[np.float64]
IArr = npt.NDArray[np.int64]
UArr = npt.NDArray[np.uint64]

NEG_INF = -1.0e300


@jit
def rand_below(rng: UArr, bound: int) -> int:
    """Xorshift64* step; a deterministic integer in [0, bound)."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    r = (x * np.uint64(2685821657736338717)) >> np.uint64(33)
    return int(r % np.uint64(bound))


@jit
def pair_weight(
    i: int,
    j: int,
    dense: bool,
    D: FArr,
    codes: IArr,
    wa: FArr,
    sp_ptr: IArr,
    sp_idx: IArr,
    sp_w: FArr,
) -> float:
    """w(i, j): dense entry, or weighted equal attribute codes, plus any sparse pair weight."""
    w = 0.0
    if dense:
        w = D[i, j]
    else:
        for a in range(codes.shape[1]):
            if codes[i, a] == codes[j, a]:
                w += wa[a]
    for k in range(sp_ptr[i], sp_ptr[i + 1]):
        if sp_idx[k] == j:
            w += sp_w[k]
    return w


@jit
def dense_sums(D: FArr, grp: IArr, G: FArr) -> None:
    """Fill G[i, g] = sum of D[i, j] over the other members j of group g."""
    n = grp.shape[0]
    G[:, :] = 0.0
    for i in range(n):
        for j in range(n):
            if j != i:
                G[i, grp[j]] += D[i, j]


@jit
def recompute_sums(
    dense: bool,
    D: FArr,
    codes: IArr,
    wa: FArr,
    n_values: int,
    sp_ptr: IArr,
    sp_idx: IArr,
    sp_w: FArr,
    grp: IArr,
    m: int,
    G: FArr,
) -> float:
    """Fill G from scratch and return the objective (sum of w over pairs inside groups)."""
    n = grp.shape[0]
    if dense:
        dense_sums(D, grp, G)
    else:
        G[:, :] = 0.0
        # Per-group counts of each attribute value: no n x n work.
        counts = np.zeros((m, n_values), dtype=np.int64)
        for i in range(n):
            for a in range(codes.shape[1]):
                counts[grp[i], codes[i, a]] += 1
        for i in range(n):
            for g in range(m):
                s = 0.0
                for a in range(codes.shape[1]):
                    c = counts[g, codes[i, a]]
                    if grp[i] == g:
                        c -= 1
                    s += wa[a] * c
                G[i, g] = s
    for i in range(n):
        for k in range(sp_ptr[i], sp_ptr[i + 1]):
            G[i, grp[sp_idx[k]]] += sp_w[k]
    total = 0.0
    for i in range(n):
        total += G[i, grp[i]]
    return total / 2.0


@jit
def shift_dense(p: int, g: int, h: int, D: FArr, G: FArr) -> None:
    """Update G for element p leaving group g for group h under a dense matrix."""
    for i in range(G.shape[0]):
        d = D[i, p]
        G[i, g] -= d
        G[i, h] += d


@jit
def move_dense(p: int, h: int, D: FArr, grp: IArr, sizes: IArr, G: FArr) -> None:
    """Move element p into group h under a dense matrix, keeping G and the sizes exact."""
    g = grp[p]
    shift_dense(p, g, h, D, G)
    grp[p] = h
    sizes[g] -= 1
    sizes[h] += 1


@jit
def apply_move(
    p: int,
    h: int,
    dense: bool,
    D: FArr,
    codes: IArr,
    wa: FArr,
    sp_ptr: IArr,
    sp_idx: IArr,
    sp_w: FArr,
    grp: IArr,
    sizes: IArr,
    G: FArr,
) -> None:
    """Move person p into group h, keeping G and the sizes exact."""
    g = grp[p]
    if g == h:
        return
    n = grp.shape[0]
    if dense:
        shift_dense(p, g, h, D, G)
    else:
        n_attr = codes.shape[1]
        for i in range(n):
            w = 0.0
            for a in range(n_attr):
                if codes[i, a] == codes[p, a]:
                    w += wa[a]
            G[i, g] -= w
            G[i, h] += w
        # Undo the self term added above for i == p.
        w = 0.0
        for a in range(n_attr):
            w += wa[a]
        G[p, g] += w
        G[p, h] -= w
    for k in range(sp_ptr[p], sp_ptr[p + 1]):
        i = sp_idx[k]
        G[i, g] -= sp_w[k]
        G[i, h] += sp_w[k]
    grp[p] = h
    sizes[g] -= 1
    sizes[h] += 1


@jit
def best_swap_dense(
    D: FArr,
    dmin: float,
    grp: IArr,
    sizes: IArr,
    G: FArr,
    movable: IArr,
    tabu: IArr,
    it: int,
    cur: float,
    best: float,
    best_gain: float,
    rng: UArr,
    order: IArr,
    members: IArr,
    amax: FArr,
    out: IArr,
) -> float:
    """Best admissible swap for a dense matrix, visiting group pairs by an upper bound.

    For groups g and h, no swap gains more than max over i in g of (G[i,h] - G[i,g]) plus
    max over j in h of (G[j,g] - G[j,h]) minus 2 min(D); pairs of groups whose bound cannot
    beat the best gain found so far are skipped. ``out`` receives (i, j); returns the gain.
    """
    m = sizes.shape[0]
    eps = 1e-9
    counts = np.zeros(m, dtype=np.int64)
    amax[:, :] = NEG_INF
    for a in range(movable.shape[0]):
        i = movable[a]
        g = grp[i]
        members[g, counts[g]] = i
        counts[g] += 1
        base = G[i, g]
        for h in range(m):
            v = G[i, h] - base
            if v > amax[g, h]:
                amax[g, h] = v
    npairs = 0
    ubs = np.empty(m * (m - 1) // 2, dtype=np.float64)
    for g in range(m):
        for h in range(g + 1, m):
            ubs[npairs] = amax[g, h] + amax[h, g] - 2.0 * dmin
            order[npairs] = g * m + h
            npairs += 1
    idx = np.argsort(-ubs[:npairs])
    ties = 0
    bi = -1
    bj = -1
    for t in range(npairs):
        k = idx[t]
        if ubs[k] < best_gain - eps:
            break
        g = order[k] // m
        h = order[k] % m
        for a in range(counts[g]):
            i = members[g, a]
            gi_h = G[i, h] - G[i, g]
            for b in range(counts[h]):
                j = members[h, b]
                gain = gi_h + G[j, g] - G[j, h] - 2.0 * D[i, j]
                if gain < best_gain - eps:
                    continue
                if (tabu[i, h] > it or tabu[j, g] > it) and cur + gain <= best + eps:
                    continue
                if gain > best_gain + eps:
                    best_gain = gain
                    bi = i
                    bj = j
                    ties = 1
                else:
                    ties += 1
                    if rand_below(rng, ties) == 0:
                        bi = i
                        bj = j
    out[0] = bi
    out[1] = bj
    return best_gain


@jit
def tabu_chunk(
    n_iters: int,
    dense: bool,
    D: FArr,
    codes: IArr,
    wa: FArr,
    n_values: int,
    sp_ptr: IArr,
    sp_idx: IArr,
    sp_w: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    movable: IArr,
    tabu: IArr,
    params: IArr,
    state: FArr,
    istate: IArr,
    best_grp: IArr,
    rng: UArr,
    hard: float,
) -> None:
    """Run ``n_iters`` iterations of tabu search with iterated perturbation.

    params = [tenure_min, tenure_span, max_stall, perturb_min, perturb_span, sample, rule]
    (rule: see ``search.default_params``)
    state = [current value, best value]
    istate = [iteration, stall count, perturbations, perturbations since the last new best]
    With ``sample`` > 0 (large n, attribute weights), each iteration looks at the moves of only
    that many randomly drawn people (each against everyone), so one iteration stays short.
    Each iteration takes the best non-tabu insert or swap (a tabu move is allowed when it
    beats the best value). After ``max_stall`` iterations without a new best, restart from the
    best grouping shaken by a few random swaps that break no hard constraint (weight <= -hard).
    """
    m = sizes.shape[0]
    nm = movable.shape[0]
    tenure_min = params[0]
    tenure_span = params[1]
    max_stall = params[2]
    eps = 1e-9
    dmin = 0.0
    if dense:
        dmin = D.min()
    order = np.zeros(m * m, dtype=np.int64)
    members = np.zeros((m, grp.shape[0]), dtype=np.int64)
    amax = np.zeros((m, m), dtype=np.float64)
    out = np.zeros(2, dtype=np.int64)
    sample = params[5] if params.shape[0] > 5 else 0
    adaptive = params.shape[0] > 6 and params[6] == 1 and istate.shape[0] > 3
    full = sample <= 0 or sample >= nm
    firsts = nm if full else sample
    for _ in range(n_iters):
        it = istate[0]
        cur = state[0]
        best = state[1]
        best_gain = NEG_INF
        bi = -1
        bj = -1
        bh = -1
        ties = 0
        for t in range(firsts):
            a = np.int64(t)
            if not full:
                a = np.int64(rand_below(rng, nm))
            i = movable[a]
            gi = grp[i]
            Gi_gi = G[i, gi]
            if sizes[gi] > lo[gi]:
                for h in range(m):
                    if h == gi or sizes[h] >= hi[h]:
                        continue
                    gain = G[i, h] - Gi_gi
                    if gain < best_gain - eps:
                        continue
                    if tabu[i, h] > it and cur + gain <= best + eps:
                        continue
                    if gain > best_gain + eps:
                        best_gain = gain
                        bi = i
                        bj = -1
                        bh = h
                        ties = 1
                    else:
                        ties += 1
                        if rand_below(rng, ties) == 0:
                            bi = i
                            bj = -1
                            bh = h
            if dense:
                continue  # swaps come from best_swap_dense below, which prunes by group pair
            for b in range(a + 1 if full else 0, nm):
                j = movable[b]
                gj = grp[j]
                if gj == gi:
                    continue
                gain = G[i, gj] - Gi_gi + G[j, gi] - G[j, gj]
                # 2 w(i, j) only lowers the gain when w >= 0; check the bound first.
                if gain < best_gain - eps and dense and D[i, j] >= 0.0:
                    continue
                w = pair_weight(i, j, dense, D, codes, wa, sp_ptr, sp_idx, sp_w)
                gain -= 2.0 * w
                if gain < best_gain - eps:
                    continue
                if (tabu[i, gj] > it or tabu[j, gi] > it) and cur + gain <= best + eps:
                    continue
                if gain > best_gain + eps:
                    best_gain = gain
                    bi = i
                    bj = j
                    bh = gj
                    ties = 1
                else:
                    ties += 1
                    if rand_below(rng, ties) == 0:
                        bi = i
                        bj = j
                        bh = gj
        if dense:
            g2 = best_swap_dense(
                D,
                dmin,
                grp,
                sizes,
                G,
                movable,
                tabu,
                it,
                cur,
                best,
                best_gain,
                rng,
                order,
                members,
                amax,
                out,
            )
            if out[0] >= 0:
                best_gain = g2
                bi = out[0]
                bj = out[1]
                bh = grp[bj]
        istate[0] = it + 1
        if bi < 0:
            istate[1] = max_stall  # no admissible move: perturb now
        else:
            gi = grp[bi]
            if bj < 0:
                apply_move(bi, bh, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
                tabu[bi, gi] = it + tenure_min + rand_below(rng, tenure_span + 1)
            else:
                apply_move(bi, bh, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
                apply_move(bj, gi, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
                tabu[bi, gi] = it + tenure_min + rand_below(rng, tenure_span + 1)
                tabu[bj, bh] = it + tenure_min + rand_below(rng, tenure_span + 1)
            cur += best_gain
            state[0] = cur
            if cur > best + eps:
                state[1] = cur
                best_grp[:] = grp
                istate[1] = 0
                if adaptive:
                    istate[3] = 0
            else:
                istate[1] += 1
        if istate[1] >= max_stall:
            boost = 0
            if adaptive:
                # Each perturbation that led to no new best makes the next one stronger; past a
                # third of the people it starts again from the weakest.
                boost = istate[3]
                if (params[3] + params[4]) * (1 + boost) > nm // 3:
                    boost = 0
                    istate[3] = 0
                istate[3] += 1
            perturb(
                dense,
                D,
                codes,
                wa,
                n_values,
                sp_ptr,
                sp_idx,
                sp_w,
                grp,
                sizes,
                lo,
                hi,
                G,
                movable,
                params,
                state,
                best_grp,
                rng,
                hard,
                boost,
            )
            istate[1] = 0
            istate[2] += 1


@jit
def perturb(
    dense: bool,
    D: FArr,
    codes: IArr,
    wa: FArr,
    n_values: int,
    sp_ptr: IArr,
    sp_idx: IArr,
    sp_w: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    movable: IArr,
    params: IArr,
    state: FArr,
    best_grp: IArr,
    rng: UArr,
    hard: float,
    boost: int,
) -> None:
    """Return to the best grouping and apply a few random moves that keep hard constraints
    (``1 + boost`` times the usual number)."""
    m = sizes.shape[0]
    nm = movable.shape[0]
    if params.shape[0] <= 6 or params[6] != 2:
        grp[:] = best_grp
    sizes[:] = 0
    for i in range(grp.shape[0]):
        sizes[grp[i]] += 1
    cur = recompute_sums(dense, D, codes, wa, n_values, sp_ptr, sp_idx, sp_w, grp, m, G)
    if nm < 2:
        state[0] = cur
        return
    strength = (params[3] + rand_below(rng, params[4] + 1)) * (1 + boost)
    done = 0
    tries = 0
    while done < strength and tries < 50 * strength:
        tries += 1
        i = movable[rand_below(rng, nm)]
        gi = grp[i]
        if rand_below(rng, 4) == 0 and sizes[gi] > lo[gi]:
            h = rand_below(rng, m)
            if h == gi or sizes[h] >= hi[h]:
                continue
            gain = G[i, h] - G[i, gi]
            if gain <= -hard / 2.0:
                continue
            apply_move(i, h, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
            cur += gain
            done += 1
            continue
        j = movable[rand_below(rng, nm)]
        gj = grp[j]
        if gj == gi:
            continue
        w = pair_weight(i, j, dense, D, codes, wa, sp_ptr, sp_idx, sp_w)
        gain = G[i, gj] - G[i, gi] + G[j, gi] - G[j, gj] - 2.0 * w
        if gain <= -hard / 2.0:
            continue
        apply_move(i, gj, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
        apply_move(j, gi, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
        cur += gain
        done += 1
    state[0] = cur


@jit
def rotation_chunk(
    n_iters: int,
    W: FArr,
    repeat_w: float,
    grp: IArr,
    members: IArr,
    pos: IArr,
    sizes: IArr,
    Gr: FArr,
    P: IArr,
    movable: IArr,
    tabu: IArr,
    params: IArr,
    state: FArr,
    istate: IArr,
    best_grp: IArr,
    rng: UArr,
    hard: float,
) -> None:
    """Tabu search over swaps inside one round, for R rounds planned jointly.

    grp[r, i] group of i in round r; members[r, g, s] the people of group g; pos[r, i] the slot
    of i in its group; Gr[r, i, g] = sum of W[i, k] over k in group g of round r; P[i, j] how
    many rounds i and j share. The value maximised is sum of W over pairs inside groups
    minus repeat_w * sum over pairs of C(P, 2), so a second meeting costs repeat_w.
    Moves come from people in a repeated pair when there are any (conflict-directed, as in
    Dotu and Van Hentenryck's social golfer search), otherwise from everyone.
    """
    R = grp.shape[0]
    n = grp.shape[1]
    tenure_min = params[0]
    tenure_span = params[1]
    max_stall = params[2]
    eps = 1e-9
    conflict = np.zeros((R, n), dtype=np.int64)
    for _ in range(n_iters):
        it = istate[0]
        cur = state[0]
        best = state[1]
        best_gain = NEG_INF
        br = -1
        bi = -1
        bj = -1
        ties = 0
        any_conflict = False
        for r in range(R):
            for a in range(movable.shape[0]):
                i = movable[a]
                g = grp[r, i]
                c = 0
                for s in range(sizes[r, g]):
                    k = members[r, g, s]
                    if k != i and P[i, k] >= 2:
                        c = 1
                        break
                conflict[r, i] = c
                if c == 1:
                    any_conflict = True
        for r in range(R):
            for a in range(movable.shape[0]):
                i = movable[a]
                if any_conflict and conflict[r, i] == 0:
                    continue
                gi = grp[r, i]
                for b in range(movable.shape[0]):
                    j = movable[b]
                    gj = grp[r, j]
                    if gj == gi:
                        continue
                    if any_conflict and conflict[r, j] == 1 and j < i:
                        continue  # the pair was already seen from j's side
                    if not any_conflict and j < i:
                        continue
                    gain = Gr[r, i, gj] - Gr[r, i, gi] + Gr[r, j, gi] - Gr[r, j, gj]
                    gain -= 2.0 * W[i, j]
                    if repeat_w != 0.0:
                        rep = 0.0
                        for s in range(sizes[r, gi]):
                            k = members[r, gi, s]
                            if k != i:
                                rep -= P[i, k] - 1
                                rep += P[j, k]
                        for s in range(sizes[r, gj]):
                            k = members[r, gj, s]
                            if k != j:
                                rep -= P[j, k] - 1
                                rep += P[i, k]
                        gain -= repeat_w * rep
                    if gain < best_gain - eps:
                        continue
                    if (tabu[r, i] > it or tabu[r, j] > it) and cur + gain <= best + eps:
                        continue
                    if gain > best_gain + eps:
                        best_gain = gain
                        br = r
                        bi = i
                        bj = j
                        ties = 1
                    else:
                        ties += 1
                        if rand_below(rng, ties) == 0:
                            br = r
                            bi = i
                            bj = j
        istate[0] = it + 1
        if bi < 0:
            istate[1] = max_stall
        else:
            rotation_swap(br, bi, bj, W, grp, members, pos, sizes, Gr, P)
            tabu[br, bi] = it + tenure_min + rand_below(rng, tenure_span + 1)
            tabu[br, bj] = it + tenure_min + rand_below(rng, tenure_span + 1)
            cur += best_gain
            state[0] = cur
            if cur > best + eps:
                state[1] = cur
                best_grp[:, :] = grp
                istate[1] = 0
            else:
                istate[1] += 1
        if istate[1] >= max_stall:
            # Restart from the best plan shaken by random swaps.
            while True:
                differs = False
                for r in range(R):
                    for i in range(n):
                        if grp[r, i] != best_grp[r, i]:
                            differs = True
                            h = best_grp[r, i]
                            # swap i with someone in h who does not belong there
                            for s in range(sizes[r, h]):
                                k = members[r, h, s]
                                if best_grp[r, k] != h:
                                    rotation_swap(r, i, k, W, grp, members, pos, sizes, Gr, P)
                                    break
                if not differs:
                    break
            strength = params[3] + rand_below(rng, params[4] + 1)
            done = 0
            tries = 0
            nm = movable.shape[0]
            while done < strength and tries < 50 * strength and nm > 1:
                tries += 1
                r = rand_below(rng, R)
                i = movable[rand_below(rng, nm)]
                j = movable[rand_below(rng, nm)]
                if grp[r, i] == grp[r, j]:
                    continue
                gi = grp[r, i]
                gj = grp[r, j]
                gain = Gr[r, i, gj] - Gr[r, i, gi] + Gr[r, j, gi] - Gr[r, j, gj] - 2.0 * W[i, j]
                if gain <= -hard / 2.0:
                    continue
                rotation_swap(r, i, j, W, grp, members, pos, sizes, Gr, P)
                done += 1
            state[0] = rotation_value(W, repeat_w, grp, P)
            istate[1] = 0
            istate[2] += 1


@jit
def rotation_swap(
    r: int,
    i: int,
    j: int,
    W: FArr,
    grp: IArr,
    members: IArr,
    pos: IArr,
    sizes: IArr,
    Gr: FArr,
    P: IArr,
) -> None:
    """Swap i and j between their groups in round r, updating members, Gr and P."""
    gi = grp[r, i]
    gj = grp[r, j]
    for s in range(sizes[r, gi]):
        k = members[r, gi, s]
        if k != i:
            P[i, k] -= 1
            P[k, i] -= 1
            P[j, k] += 1
            P[k, j] += 1
    for s in range(sizes[r, gj]):
        k = members[r, gj, s]
        if k != j:
            P[j, k] -= 1
            P[k, j] -= 1
            P[i, k] += 1
            P[k, i] += 1
    n = grp.shape[1]
    for k in range(n):
        d = W[k, j] - W[k, i]
        Gr[r, k, gi] += d
        Gr[r, k, gj] -= d
    # k == i and k == j must not count themselves
    Gr[r, i, gi] += W[i, i]
    Gr[r, i, gj] -= W[i, i]
    Gr[r, j, gj] += W[j, j]
    Gr[r, j, gi] -= W[j, j]
    si = pos[r, i]
    sj = pos[r, j]
    members[r, gi, si] = j
    members[r, gj, sj] = i
    pos[r, i] = sj
    pos[r, j] = si
    grp[r, i] = gj
    grp[r, j] = gi


@jit
def rotation_value(W: FArr, repeat_w: float, grp: IArr, P: IArr) -> float:
    """Sum of W over pairs inside groups, minus repeat_w times the sum of C(P, 2)."""
    R = grp.shape[0]
    n = grp.shape[1]
    total = 0.0
    for r in range(R):
        for i in range(n):
            for j in range(i + 1, n):
                if grp[r, i] == grp[r, j]:
                    total += W[i, j]
    rep = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            c = P[i, j]
            rep += c * (c - 1) / 2.0
    return total - repeat_w * rep


@jit
def _log_move(log: IArr, nlog: int, p: int, g: int) -> int:
    """Record that p left group g (for undoing); -1 once the log is full (undo impossible)."""
    if nlog < 0 or nlog >= log.shape[0]:
        return -1
    log[nlog, 0] = p
    log[nlog, 1] = g
    return nlog + 1


@jit
def move_marked(
    p: int, h: int, D: FArr, grp: IArr, sizes: IArr, G: FArr, marks: IArr, members: IArr
) -> None:
    """``move_dense``, keeping the member lists and the descent's look-ahead marks.

    marks[0] is a move clock, marks[1 + g] the clock when group g last changed,
    marks[1 + m + i] the clock when element i was last found to have no improving move, and
    marks[1 + m + n + i] the slot of i in its group's row of ``members``.
    """
    m = sizes.shape[0]
    n = grp.shape[0]
    g = grp[p]
    # Take p out of g's row (the last member fills its slot) and append it to h's row.
    slot = marks[1 + m + n + p]
    last = members[g, sizes[g] - 1]
    members[g, slot] = last
    marks[1 + m + n + last] = slot
    members[h, sizes[h]] = p
    marks[1 + m + n + p] = sizes[h]
    move_dense(p, h, D, grp, sizes, G)
    marks[0] += 1
    marks[1 + g] = marks[0]
    marks[1 + h] = marks[0]


@jit
def reset_marks(grp: IArr, marks: IArr, members: IArr) -> None:
    """Rebuild the member lists from ``grp`` and count every group as changed."""
    m = members.shape[0]
    n = grp.shape[0]
    fill = np.zeros(m, dtype=np.int64)
    for i in range(n):
        g = grp[i]
        members[g, fill[g]] = i
        marks[1 + m + n + i] = fill[g]
        fill[g] += 1
    marks[0] += 1
    marks[1 : 1 + m] = marks[0]


def new_marks(grp: IArr, m: int) -> tuple[IArr, IArr]:
    """Look-ahead marks (no element yet checked) and member lists for ``descent_dense``."""
    n = grp.shape[0]
    marks = np.zeros(1 + m + 2 * n, dtype=np.int64)
    members = np.zeros((m, n), dtype=np.int64)
    reset_marks(grp, marks, members)
    return marks, members


@jit
def descent_dense(
    D: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    rng: UArr,
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> tuple[float, int]:
    """First-improvement descent over inserts and swaps until no move improves.

    Elements are visited round-robin from a random one; for each, the first improving insert
    is taken, else the first improving swap partner from a random offset. The descent ends
    after n elements in a row offer no improving move (a local maximum for both moves).
    Returns (total gain, new log length); moves are logged so the caller can undo them.

    A move's gain reads only the running sums of the two groups involved, which change only
    when one of those groups changes. So an element found without an improving move is
    checked again only against groups changed since (``marks``, kept across calls; every
    move must go through ``move_marked``).
    """
    n = grp.shape[0]
    m = sizes.shape[0]
    eps = 1e-9
    total = 0.0
    # rand_below is unsigned inside Numba; mixing it with signed counters would make floats.
    i = int(np.int64(rand_below(rng, n)))
    clean = 0
    while clean < n:
        gi = grp[i]
        Gi = G[i, gi]
        seen = marks[1 + m + i]
        moved = False
        whole = marks[1 + gi] > seen
        stale = whole
        if not whole:
            for h in range(m):
                if marks[1 + h] > seen:
                    stale = True
                    break
        if stale and sizes[gi] > lo[gi]:
            for h in range(m):
                if h == gi or sizes[h] >= hi[h]:
                    continue
                if not whole and marks[1 + h] <= seen:
                    continue
                if G[i, h] - Gi > eps:
                    total += G[i, h] - Gi
                    nlog = _log_move(log, nlog, i, gi)
                    move_marked(i, h, D, grp, sizes, G, marks, members)
                    moved = True
                    break
        if stale and not moved:
            h0 = int(np.int64(rand_below(rng, m)))
            for c in range(m):
                h = h0 + c
                if h >= m:
                    h -= m
                if h == gi or (not whole and marks[1 + h] <= seen):
                    continue
                Gih = G[i, h] - Gi
                for b in range(sizes[h]):
                    j = members[h, b]
                    gain = Gih + G[j, gi] - G[j, h] - 2.0 * D[i, j]
                    if gain > eps:
                        total += gain
                        nlog = swap_marked(i, j, D, grp, sizes, G, log, nlog, marks, members)
                        moved = True
                        break
                if moved:
                    break
            if not moved:
                marks[1 + m + i] = marks[0]
        if moved:
            clean = 0
        else:
            clean += 1
            i += 1
            if i == n:
                i = 0
    return total, nlog


@jit
def swap_marked(
    i: int,
    j: int,
    D: FArr,
    grp: IArr,
    sizes: IArr,
    G: FArr,
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> int:
    """Swap i and j between their groups through ``move_marked``, logging both moves."""
    gi = grp[i]
    gj = grp[j]
    nlog = _log_move(log, nlog, i, gi)
    nlog = _log_move(log, nlog, j, gj)
    move_marked(i, gj, D, grp, sizes, G, marks, members)
    move_marked(j, gi, D, grp, sizes, G, marks, members)
    return nlog


@jit
def _draw_move(
    D: FArr, grp: IArr, sizes: IArr, lo: IArr, hi: IArr, G: FArr, rng: UArr, n_ins: int
) -> tuple[int, int, int, float]:
    """Draw one move uniformly from every insert (when ``n_ins`` = n * m) and every swap.

    Returns (i, j, h, gain): a swap of i and j (h is j's group), an insert of i into h
    (j = -1), or i = -1 when the draw is not admissible (same group, or a size bound).
    """
    n = grp.shape[0]
    m = sizes.shape[0]
    i = int(np.int64(rand_below(rng, n)))
    gi = grp[i]
    if n_ins > 0 and int(np.int64(rand_below(rng, n_ins + n * (n - 1) // 2))) < n_ins:
        h = int(np.int64(rand_below(rng, m)))
        if h == gi or sizes[gi] <= lo[gi] or sizes[h] >= hi[h]:
            return -1, -1, -1, 0.0
        return i, -1, h, G[i, h] - G[i, gi]
    j = int(np.int64(rand_below(rng, n)))
    h = grp[j]
    if h == gi:
        return -1, -1, -1, 0.0
    return i, j, h, G[i, h] - G[i, gi] + G[j, gi] - G[j, h] - 2.0 * D[i, j]


@jit
def _apply_drawn(
    i: int,
    j: int,
    h: int,
    D: FArr,
    grp: IArr,
    sizes: IArr,
    G: FArr,
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> int:
    """Make a move from ``_draw_move`` (logged); returns the new log length."""
    if j < 0:
        nlog = _log_move(log, nlog, i, grp[i])
        move_marked(i, h, D, grp, sizes, G, marks, members)
        return nlog
    return swap_marked(i, j, D, grp, sizes, G, log, nlog, marks, members)


@jit
def random_moves_dense(
    D: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    rng: UArr,
    count: int,
    inserts: bool,
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> tuple[float, int]:
    """Apply ``count`` random admissible moves; returns (total gain, new log length).

    Each is a random swap of two people from different groups, or, with ``inserts``, drawn
    uniformly from every insert the size bounds allow and every swap.
    """
    n_ins = grp.shape[0] * sizes.shape[0] if inserts else 0
    total = 0.0
    done = 0
    tries = 0
    while done < count and tries < 100 * count:
        tries += 1
        i, j, h, gain = _draw_move(D, grp, sizes, lo, hi, G, rng, n_ins)
        if i < 0:
            continue
        total += gain
        nlog = _apply_drawn(i, j, h, D, grp, sizes, G, log, nlog, marks, members)
        done += 1
    return total, nlog


@jit
def directed_moves_dense(
    D: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    rng: UArr,
    count: int,
    samples: int,
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> tuple[float, int]:
    """Apply ``count`` moves, each the best of ``samples`` admissible moves drawn at random.

    Draws are uniform over every insert the size bounds allow and every swap, as in the jump.
    At a local maximum every move loses; the best of a sample loses little, so the shake
    leaves by a shallow side rather than at random. Returns (total gain, new log length).
    """
    n_ins = grp.shape[0] * sizes.shape[0]
    total = 0.0
    for _ in range(count):
        best = NEG_INF
        bi = -1
        bj = -1
        bh = -1
        seen = 0
        tries = 0
        while seen < samples and tries < 100 * samples:
            tries += 1
            i, j, h, gain = _draw_move(D, grp, sizes, lo, hi, G, rng, n_ins)
            if i < 0:
                continue
            seen += 1
            if gain > best:
                best = gain
                bi = i
                bj = j
                bh = h
        if bi < 0:
            break
        total += best
        nlog = _apply_drawn(bi, bj, bh, D, grp, sizes, G, log, nlog, marks, members)
    return total, nlog


@jit
def ils_chunk(
    n_rounds: int,
    D: FArr,
    grp: IArr,
    sizes: IArr,
    lo: IArr,
    hi: IArr,
    G: FArr,
    local_grp: IArr,
    best_grp: IArr,
    params: IArr,
    state: FArr,
    istate: IArr,
    rng: UArr,
    log: IArr,
    marks: IArr,
    members: IArr,
) -> None:
    """Run ``n_rounds`` rounds of iterated descent (dense matrices, maximisation).

    params = [weak strength min, patience, strong strength min, strong strength span,
    weak strength span, weak samples]
    state = [local best value, best value]; istate = [rounds, failures in a row, jumps]
    A round shakes the local best with a few moves (each the best of ``weak samples`` drawn
    at random, or random swaps when that is 0) and descends again; a better local
    maximum replaces it (an equal one too, counted as a failure), otherwise the moves are
    undone from the log. After ``patience`` failed rounds in a row the local best is shaken
    hard (a jump to another region) and the search carries on from the local maximum found
    there, whatever its value. The jump mixes random inserts with the swaps: where group
    sizes may vary, an insert followed by the descent's repairs moves people round chains
    of groups, which swaps alone cannot do.
    """
    eps = 1e-9
    for _ in range(n_rounds):
        weak = params[0] + rand_below(rng, params[4] + 1)
        if params[5] > 0:
            g1, nlog = directed_moves_dense(
                D, grp, sizes, lo, hi, G, rng, weak, params[5], log, 0, marks, members
            )
        else:
            g1, nlog = random_moves_dense(
                D, grp, sizes, lo, hi, G, rng, weak, False, log, 0, marks, members
            )
        g2, nlog = descent_dense(D, grp, sizes, lo, hi, G, rng, log, nlog, marks, members)
        value = state[0] + g1 + g2
        istate[0] += 1
        if value > state[0] + eps:
            state[0] = value
            local_grp[:] = grp
            istate[1] = 0
            if value > state[1] + eps:
                state[1] = value
                best_grp[:] = grp
        elif value > state[0] - eps:
            # Another local maximum of the same value (common with integer distances): move
            # across the plateau, but count the round as a failure so the jump still comes.
            local_grp[:] = grp
            istate[1] += 1
        else:
            istate[1] += 1
            if nlog >= 0:
                for t in range(nlog - 1, -1, -1):
                    move_marked(log[t, 0], log[t, 1], D, grp, sizes, G, marks, members)
            else:  # the log overflowed: rebuild from the local best
                grp[:] = local_grp
                sizes[:] = 0
                for q in range(grp.shape[0]):
                    sizes[grp[q]] += 1
                dense_sums(D, grp, G)
                reset_marks(grp, marks, members)
        if istate[1] >= params[1]:
            istate[1] = 0
            istate[2] += 1
            strength = params[2] + rand_below(rng, params[3] + 1)
            g1, _ = random_moves_dense(
                D, grp, sizes, lo, hi, G, rng, strength, True, log, -1, marks, members
            )
            g2, _ = descent_dense(D, grp, sizes, lo, hi, G, rng, log, -1, marks, members)
            state[0] += g1 + g2
            local_grp[:] = grp
            if state[0] > state[1] + eps:
                state[1] = state[0]
                best_grp[:] = grp
