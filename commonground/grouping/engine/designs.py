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


def design_rounds(groups: int, size: int, rounds: int, *, seed: int = 1, time_limit: float = 2.0) -> IArr | None:
    """Up to `rounds` repeat-free rounds (rows: rounds, columns: people → table), or None when none apply."""
    n = groups * size
    whole = _prime_power(n)
    part = _prime_power(size)
    if whole is None or part is None or whole[0] != part[0] or n > MAX_PEOPLE or size < 2 or groups < 2:
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


def _transversals(square: IArr, limit: int) -> list[tuple[int, ...]]:
    """Transversals of a Latin square: one cell per row, per column and per symbol (as column per row)."""
    p = square.shape[0]
    found: list[tuple[int, ...]] = []
    columns: list[int] = []
    used_cols = [False] * p
    used_syms = [False] * p

    def walk(row: int) -> None:
        if len(found) >= limit:
            return
        if row == p:
            found.append(tuple(columns))
            return
        for col in range(p):
            sym = int(square[row, col])
            if not used_cols[col] and not used_syms[sym]:
                used_cols[col] = used_syms[sym] = True
                columns.append(col)
                walk(row + 1)
                columns.pop()
                used_cols[col] = used_syms[sym] = False

    walk(0)
    return found


def _exact_cover(
    cells_of: list[list[int]], cell_count: int, deadline: float
) -> list[int] | None:
    """Knuth's Algorithm X with sets: choose rows covering every cell exactly once, or None.

    Also None when the deadline passes; a finished search that finds nothing proves there is none.
    """
    cover: dict[int, set[int]] = {cell: set() for cell in range(cell_count)}
    for row, cells in enumerate(cells_of):
        for cell in cells:
            cover[cell].add(row)
    chosen: list[int] = []

    def select(row: int) -> list[tuple[int, set[int]]]:
        removed = []
        for cell in cells_of[row]:
            for other in cover[cell]:
                for other_cell in cells_of[other]:
                    if other_cell != cell:
                        cover[other_cell].discard(other)
            removed.append((cell, cover.pop(cell)))
        return removed

    def restore(removed: list[tuple[int, set[int]]]) -> None:
        for cell, rows in reversed(removed):
            cover[cell] = rows
            for other in rows:
                for other_cell in cells_of[other]:
                    if other_cell != cell:
                        cover[other_cell].add(other)

    def solve() -> bool:
        if not cover:
            return True
        if time.perf_counter() > deadline:
            return False
        cell = min(cover, key=lambda c: len(cover[c]))
        for row in sorted(cover[cell]):
            chosen.append(row)
            removed = select(row)
            if solve():
                return True
            restore(removed)
            chosen.pop()
        return False

    return list(chosen) if solve() else None


def orthogonal_mate(square: IArr, *, time_limit: float) -> IArr | None:
    """A Latin square orthogonal to `square`: p disjoint transversals, found by exact cover."""
    p = square.shape[0]
    transversals = _transversals(square, limit=200_000)
    if len(transversals) < p:
        return None
    cells_of = [[row * p + col for row, col in enumerate(cols)] for cols in transversals]
    chosen = _exact_cover(cells_of, p * p, time.perf_counter() + time_limit)
    if chosen is None:
        return None
    mate = np.zeros((p, p), dtype=np.int64)
    for symbol, index in enumerate(chosen):
        for row, col in enumerate(transversals[index]):
            mate[row, col] = symbol
    return mate
