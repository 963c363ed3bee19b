"""Tabu search with iterated perturbation over one grouping (compiled; ``search.local_search``).

Moves are inserts (one person into another group, within the size bounds) and swaps. Each
iteration takes the best admissible move (``_tabu.admit``); after a long stall the search
returns to the best grouping and shakes it with a few random moves that break no hard rule.
"""

from __future__ import annotations

import numpy as np

from commonground.grouping.engine._kernels import EPS, NEG_INF, FArr, IArr, UArr, jit, rand_below
from commonground.grouping.engine._sums import apply_move, pair_weight, recompute_sums
from commonground.grouping.engine._tabu import admit, record, tenure


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
        if ubs[k] < best_gain - EPS:
            break
        g = order[k] // m
        h = order[k] % m
        for a in range(counts[g]):
            i = members[g, a]
            gi_h = G[i, h] - G[i, g]
            for b in range(counts[h]):
                j = members[h, b]
                gain = gi_h + G[j, g] - G[j, h] - 2.0 * D[i, j]
                if gain < best_gain - EPS:
                    continue
                hit = tabu[i, h] > it or tabu[j, g] > it
                take, best_gain, ties = admit(gain, best_gain, ties, hit, cur, best, rng)
                if take:
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

    params = [tenure_min, tenure_span, max_stall, perturb_min, perturb_span, sample]
    state = [current value, best value]
    istate = [iteration, stall count, perturbations]
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
    dmin = 0.0
    if dense:
        dmin = D.min()
    order = np.zeros(m * m, dtype=np.int64)
    members = np.zeros((m, grp.shape[0]), dtype=np.int64)
    amax = np.zeros((m, m), dtype=np.float64)
    out = np.zeros(2, dtype=np.int64)
    sample = params[5]
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
                    if gain < best_gain - EPS:
                        continue
                    hit = tabu[i, h] > it
                    take, best_gain, ties = admit(gain, best_gain, ties, hit, cur, best, rng)
                    if take:
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
                gain -= 2.0 * pair_weight(i, j, dense, D, codes, wa, sp_ptr, sp_idx, sp_w)
                if gain < best_gain - EPS:
                    continue
                hit = tabu[i, gj] > it or tabu[j, gi] > it
                take, best_gain, ties = admit(gain, best_gain, ties, hit, cur, best, rng)
                if take:
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
            apply_move(bi, bh, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
            if bj >= 0:
                apply_move(bj, gi, dense, D, codes, wa, sp_ptr, sp_idx, sp_w, grp, sizes, G)
            tabu[bi, gi] = tenure(it, tenure_min, tenure_span, rng)
            if bj >= 0:
                tabu[bj, bh] = tenure(it, tenure_min, tenure_span, rng)
            if record(best_gain, state, istate):
                best_grp[:] = grp
        if istate[1] >= max_stall:
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
) -> None:
    """Return to the best grouping and apply a few random moves that keep hard constraints."""
    m = sizes.shape[0]
    nm = movable.shape[0]
    grp[:] = best_grp
    sizes[:] = 0
    for i in range(grp.shape[0]):
        sizes[grp[i]] += 1
    cur = recompute_sums(dense, D, codes, wa, n_values, sp_ptr, sp_idx, sp_w, grp, m, G)
    if nm < 2:
        state[0] = cur
        return
    strength = params[3] + rand_below(rng, params[4] + 1)
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
