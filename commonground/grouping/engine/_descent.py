"""Iterated first-improvement descent on a dense matrix (compiled; ``search.iterated_descent``).

A descent takes improving inserts and swaps until none is left (a local maximum of both);
a round shakes the local maximum with a few directed moves and descends again, keeping the
result if no worse and undoing the moves from a log otherwise; after a run of failed rounds
a jump of random moves carries the search to another region. Look-ahead marks keep an
element from being checked again against groups that have not changed since.
"""

from __future__ import annotations

import numpy as np

from commonground.grouping.engine._kernels import EPS, NEG_INF, FArr, IArr, UArr, jit, rand_below
from commonground.grouping.engine._sums import dense_sums, move_dense


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
                if G[i, h] - Gi > EPS:
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
                    if gain > EPS:
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
    D: FArr, grp: IArr, sizes: IArr, lo: IArr, hi: IArr, G: FArr, rng: UArr
) -> tuple[int, int, int, float]:
    """Draw one move uniformly from every insert (n * m of them) and every swap.

    Returns (i, j, h, gain): a swap of i and j (h is j's group), an insert of i into h
    (j = -1), or i = -1 when the draw is not admissible (same group, or a size bound).
    """
    n = grp.shape[0]
    m = sizes.shape[0]
    n_ins = n * m
    i = int(np.int64(rand_below(rng, n)))
    gi = grp[i]
    if int(np.int64(rand_below(rng, n_ins + n * (n - 1) // 2))) < n_ins:
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
    log: IArr,
    nlog: int,
    marks: IArr,
    members: IArr,
) -> tuple[float, int]:
    """Apply ``count`` random admissible moves; returns (total gain, new log length).

    Each is drawn uniformly from every insert the size bounds allow and every swap.
    """
    total = 0.0
    done = 0
    tries = 0
    while done < count and tries < 100 * count:
        tries += 1
        i, j, h, gain = _draw_move(D, grp, sizes, lo, hi, G, rng)
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
            i, j, h, gain = _draw_move(D, grp, sizes, lo, hi, G, rng)
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
    at random) and descends again; a better local
    maximum replaces it (an equal one too, counted as a failure), otherwise the moves are
    undone from the log. After ``patience`` failed rounds in a row the local best is shaken
    hard (a jump to another region) and the search carries on from the local maximum found
    there, whatever its value. The jump mixes random inserts with the swaps: where group
    sizes may vary, an insert followed by the descent's repairs moves people round chains
    of groups, which swaps alone cannot do.
    """
    for _ in range(n_rounds):
        weak = params[0] + rand_below(rng, params[4] + 1)
        g1, nlog = directed_moves_dense(
            D, grp, sizes, lo, hi, G, rng, weak, params[5], log, 0, marks, members
        )
        g2, nlog = descent_dense(D, grp, sizes, lo, hi, G, rng, log, nlog, marks, members)
        value = state[0] + g1 + g2
        istate[0] += 1
        if value > state[0] + EPS:
            state[0] = value
            local_grp[:] = grp
            istate[1] = 0
            if value > state[1] + EPS:
                state[1] = value
                best_grp[:] = grp
        elif value > state[0] - EPS:
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
                D, grp, sizes, lo, hi, G, rng, strength, log, -1, marks, members
            )
            g2, _ = descent_dense(D, grp, sizes, lo, hi, G, rng, log, -1, marks, members)
            state[0] += g1 + g2
            local_grp[:] = grp
            if state[0] > state[1] + EPS:
                state[1] = state[0]
                best_grp[:] = grp
