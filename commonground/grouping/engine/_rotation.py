"""Tabu search over several rounds planned jointly (compiled; ``rotation.plan_rounds``).

A move swaps two people inside one round; its gain counts that round's pair weights and the
change in repeated meetings over every round, read from the pair-count matrix ``P``.
"""

from __future__ import annotations

import numpy as np

from commonground.grouping.engine._kernels import EPS, NEG_INF, FArr, IArr, UArr, jit, rand_below
from commonground.grouping.engine._tabu import admit, record, tenure


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
                    if gain < best_gain - EPS:
                        continue
                    hit = tabu[r, i] > it or tabu[r, j] > it
                    take, best_gain, ties = admit(gain, best_gain, ties, hit, cur, best, rng)
                    if take:
                        br = r
                        bi = i
                        bj = j
        istate[0] = it + 1
        if bi < 0:
            istate[1] = max_stall
        else:
            rotation_swap(br, bi, bj, W, grp, members, pos, sizes, Gr, P)
            tabu[br, bi] = tenure(it, tenure_min, tenure_span, rng)
            tabu[br, bj] = tenure(it, tenure_min, tenure_span, rng)
            if record(best_gain, state, istate):
                best_grp[:, :] = grp
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
