"""Pair weights and the running sums that make a move's gain an O(1) read (compiled).

The pair weight ``w(i, j)`` is what a pair contributes when it shares a group (the searches
maximise the sum of ``w`` over pairs inside groups). It is either read from a dense matrix
(MDGP instances) or built from categorical codes plus a sparse list of pairs, so attribute
problems never need an n x n matrix.

The running sum ``G[i, g] = sum of w(i, j) for j in group g, j != i`` makes every move's gain
an O(1) read: inserting i into h gains ``G[i, h] - G[i, g_i]``; swapping i and j gains
``G[i, g_j] - G[i, g_i] + G[j, g_i] - G[j, g_j] - 2 w(i, j)``.
"""

from __future__ import annotations

import numpy as np

from commonground.grouping.engine._kernels import FArr, IArr, jit


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
