"""Rotations from finite geometry: rounds in which nobody meets twice, by construction.

When there are n = q^d people (q prime) in tables of q^k, label each person with a vector of
GF(q)^d. A k-dimensional subspace U splits the people into its q^(d-k) cosets, tables of
q^k: that is one round. Two people share a table in the rounds of U and V only if their
difference lies in both, so rounds from subspaces that meet only at zero (a partial spread)
never repeat a pair. The search below picks such subspaces greedily with backtracking; for
32 people in tables of 4 it finds the 9 rounds that a maximal partial line spread of PG(4, 2)
allows, and for p² people in tables of p (p prime) the p + 1 rounds of the affine plane.
"""

from __future__ import annotations

import itertools
import random
import time

import numpy as np
import numpy.typing as npt

IArr = npt.NDArray[np.int64]

MAX_PEOPLE = 1024
MAX_SUBSPACES = 20_000


def _prime_power(value: int) -> tuple[int, int] | None:
    """(q, e) with value = q**e for a prime q, else None."""
    if value < 2:
        return None
    for q in range(2, value + 1):
        if value % q == 0:
            e = 0
            rest = value
            while rest % q == 0:
                rest //= q
                e += 1
            return (q, e) if rest == 1 else None
    return None


def _add(x: int, y: int, q: int, d: int) -> int:
    out = 0
    scale = 1
    for _ in range(d):
        out += ((x % q + y % q) % q) * scale
        x //= q
        y //= q
        scale *= q
    return out


def _scale(x: int, c: int, q: int, d: int) -> int:
    out = 0
    power = 1
    for _ in range(d):
        out += ((x % q) * c % q) * power
        x //= q
        power *= q
    return out


def _span(basis: tuple[int, ...], q: int, d: int) -> frozenset[int]:
    vectors = {0}
    for b in basis:
        vectors = {_add(v, _scale(b, c, q, d), q, d) for v in vectors for c in range(q)}
    return frozenset(vectors)


def _subspaces(q: int, d: int, k: int, rng: random.Random) -> list[frozenset[int]]:
    seen: set[frozenset[int]] = set()
    found: list[frozenset[int]] = []
    nonzero = list(range(1, q**d))
    for basis in itertools.combinations(nonzero, k):
        span = _span(basis, q, d)
        if len(span) == q**k and span not in seen:
            seen.add(span)
            found.append(span)
            if len(found) >= MAX_SUBSPACES:
                break
    rng.shuffle(found)
    return found


def design_rounds(
    groups: int, size: int, rounds: int, *, seed: int = 1, time_limit: float = 2.0
) -> IArr | None:
    """Up to `rounds` repeat-free rounds (rows: rounds, columns: people → table), or None when none apply."""
    n = groups * size
    whole = _prime_power(n)
    part = _prime_power(size)
    if (
        whole is None
        or part is None
        or whole[0] != part[0]
        or n > MAX_PEOPLE
        or size < 2
        or groups < 2
    ):
        return None
    q, d = whole
    k = part[1]
    rng = random.Random(seed)
    candidates = _subspaces(q, d, k, rng)
    deadline = time.perf_counter() + time_limit
    chosen: list[frozenset[int]] = []
    best: list[frozenset[int]] = []

    def extend(start: int, used: frozenset[int]) -> bool:
        nonlocal best
        if len(chosen) > len(best):
            best = list(chosen)
        if len(chosen) == rounds:
            return True
        if time.perf_counter() > deadline:
            return False
        for index in range(start, len(candidates)):
            subspace = candidates[index]
            if subspace & used == {0}:
                chosen.append(subspace)
                if extend(index + 1, used | subspace):
                    return True
                chosen.pop()
        return False

    extend(0, frozenset({0}))
    if not best:
        return None
    plan = np.zeros((len(best), n), dtype=np.int64)
    for r, subspace in enumerate(best):
        labels: dict[int, int] = {}
        for person in range(n):
            coset = min(_add(person, u, q, d) for u in subspace)
            plan[r, person] = labels.setdefault(coset, len(labels))
    return plan


def _transversals(square: IArr, limit: int, deadline: float) -> list[int]:
    """Transversals of a Latin square (one cell per row, column and symbol) as bit masks of
    cells (bit row * p + column)."""
    p = square.shape[0]
    sym = [[int(square[r, c]) for c in range(p)] for r in range(p)]
    found: list[int] = []

    def walk(row: int, cols: int, syms: int, cells: int) -> None:
        if len(found) >= limit or (row & 3 == 0 and time.perf_counter() > deadline):
            return
        if row == p:
            found.append(cells)
            return
        symbols = sym[row]
        base = row * p
        for col in range(p):
            if not (cols >> col) & 1 and not (syms >> symbols[col]) & 1:
                walk(row + 1, cols | 1 << col, syms | 1 << symbols[col], cells | 1 << (base + col))

    walk(0, 0, 0, 0)
    return found


def orthogonal_mates(square: IArr, *, time_limit: float, limit: int = 1) -> list[IArr]:
    """Up to ``limit`` Latin squares orthogonal to ``square``: each is p disjoint transversals.

    An exact cover of the cells by transversals (Knuth's Algorithm X on bit masks): branch on
    the uncovered cell with the fewest transversals still fitting, keep only the transversals
    disjoint from those chosen. An empty list when there is none, or none found in time.
    """
    deadline = time.perf_counter() + time_limit
    p = square.shape[0]
    transversals = _transversals(square, 500_000, deadline)
    if len(transversals) < p:
        return []
    cells_of = {t: [c for c in range(p * p) if (t >> c) & 1] for t in transversals}
    mates: list[list[int]] = []
    chosen: list[int] = []

    def search(remaining: list[int], uncovered: int) -> None:
        if len(mates) >= limit or time.perf_counter() > deadline:
            return
        if not uncovered:
            mates.append(list(chosen))
            return
        counts = [0] * (p * p)
        for t in remaining:
            for c in cells_of[t]:
                counts[c] += 1
        cell = min((c for c in range(p * p) if (uncovered >> c) & 1), key=counts.__getitem__)
        if counts[cell] == 0:
            return
        for t in [t for t in remaining if (t >> cell) & 1]:
            chosen.append(t)
            search([x for x in remaining if not x & t], uncovered & ~t)
            chosen.pop()
            if len(mates) >= limit:
                return

    search(transversals, (1 << (p * p)) - 1)
    out: list[IArr] = []
    for picks in mates:
        mate = np.zeros((p, p), dtype=np.int64)
        for symbol, t in enumerate(picks):
            for cell in range(p * p):
                if (t >> cell) & 1:
                    mate[cell // p, cell % p] = symbol
        out.append(mate)
    return out


def orthogonal_mate(square: IArr, *, time_limit: float) -> IArr | None:
    """A Latin square orthogonal to `square` (see `orthogonal_mates`), or None."""
    mates = orthogonal_mates(square, time_limit=time_limit, limit=1)
    return mates[0] if mates else None


# A pair of orthogonal Latin squares of order 10, found once by `orthogonal_mate` above (from a
# square the golfer search produced) and kept here, since that search takes 5-20 s and order 10
# (100 people at 10 tables of 10) is the common case. Row r, column c holds the symbol. The
# tests check that both are Latin and that they are orthogonal.
_ORDER_10 = (
    (
        "7238194650",
        "3025867149",
        "6817450932",
        "8903521467",
        "2194703586",
        "5781639204",
        "9542016378",
        "4376985021",
        "0469372815",
        "1650248793",
    ),
    (
        "5749826130",
        "3914260578",
        "0821457963",
        "7652103894",
        "8435619702",
        "9360785421",
        "1296374085",
        "2173048659",
        "4087592316",
        "6508931247",
    ),
)


def _square(rows: tuple[str, ...]) -> IArr:
    return np.array([[int(ch) for ch in row] for row in rows], dtype=np.int64)


def orthogonal_pair(p: int, *, seed: int = 1) -> tuple[IArr, IArr] | None:
    """Two orthogonal Latin squares of order p without a search, or None when none is at hand.

    Prime p: ``x + y`` and ``2x + y`` (mod p). Order 10: the stored pair. Rows and columns are
    shuffled by the seed (an isotopy keeps both squares Latin and orthogonal), so different
    seeds give different plans.
    """
    if p >= 3 and _prime_power(p) == (p, 1):
        x = np.arange(p)
        first = (x[:, None] + x[None, :]) % p
        second = (2 * x[:, None] + x[None, :]) % p
    elif p == 10:
        first, second = _square(_ORDER_10[0]), _square(_ORDER_10[1])
    else:
        return None
    rng = np.random.default_rng(seed)
    rows = rng.permutation(p)
    cols = rng.permutation(p)
    return first[rows][:, cols].astype(np.int64), second[rows][:, cols].astype(np.int64)
