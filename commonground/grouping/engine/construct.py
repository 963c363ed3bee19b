"""Starting groupings that meet every hard constraint, for the searches to improve.

``greedy_start`` places together-blocks (locked ones first, largest next) into the group with
most room that keeps every keep-apart pair apart. ``dealt_start`` is for the common large case
with nothing locked or held together: it sorts people by their mixing attributes and deals them
round the groups like cards, so every attribute whose values sit in one run of the order is
spread as evenly as it can be before the search begins (see ``dealt_start``).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IArr = npt.NDArray[np.int64]
FArr = npt.NDArray[np.float64]


@dataclass
class Component:
    """People who may share groups (one value of every *same* attribute) and their groups."""

    key: tuple[str, ...]
    people: list[int]  # global person indices
    first_group: int
    k: int
    lo: int
    hi: int


class EmptiestFirst:
    """Groups in order of most room first (ties broken by the jitter in `slack`).

    The emptiest group usually takes the block, so the full order (a sort over every group)
    is only computed when it does not: a 5,000-person cohort in 500 sets starts in
    milliseconds rather than seconds.
    """

    def __init__(self, slack: npt.NDArray[np.float64]) -> None:
        self.slack = slack

    def __iter__(self) -> Iterator[int]:
        first = int(np.argmin(self.slack))
        yield first
        for g in np.argsort(self.slack, kind="stable").tolist():
            if g != first:
                yield int(g)


def greedy_start(
    comp: Component,
    apart: list[tuple[int, int]],
    together_blocks: list[list[int]],
    locks: dict[int, int],
    seed: int,
) -> list[int] | None:
    """Greedy start meeting every hard constraint (local indices), or None if it gets stuck."""
    nc, k = len(comp.people), comp.k
    target = np.array([comp.lo] * k, dtype=np.int64)
    extra = nc - comp.lo * k
    for g in range(k):
        add = min(comp.hi - comp.lo, extra)
        target[g] += add
        extra -= add
    # even out: shift surplus from the first groups to later ones
    for _ in range(nc):
        gmax, gmin = int(np.argmax(target)), int(np.argmin(target))
        if target[gmax] - target[gmin] <= 1:
            break
        target[gmax] -= 1
        target[gmin] += 1
    enemies: dict[int, set[int]] = {}
    for a, b in apart:
        enemies.setdefault(a, set()).add(b)
        enemies.setdefault(b, set()).add(a)
    grp = [-1] * nc
    fill = [0] * k
    rng = np.random.default_rng(seed)
    order = sorted(
        range(len(together_blocks)),
        key=lambda t: (
            0 if any(p in locks for p in together_blocks[t]) else 1,
            -len(together_blocks[t]),
            rng.random(),
        ),
    )
    members: list[set[int]] = [set() for _ in range(k)]
    for t in order:
        block = together_blocks[t]
        fixed = {locks[p] for p in block if p in locks}
        if len(fixed) > 1:
            return None
        if fixed:
            options: list[int] | EmptiestFirst = list(fixed)
        else:
            options = EmptiestFirst(np.asarray(fill) - target + rng.random(k) * 0.5)
        placed = False
        for cap in (target, [comp.hi] * k):
            for g in options:
                if fill[g] + len(block) > cap[g]:
                    continue
                if any(enemies.get(p, set()) & members[g] for p in block):
                    continue
                for p in block:
                    grp[p] = g
                    members[g].add(p)
                fill[g] += len(block)
                placed = True
                break
            if placed:
                break
        if not placed:
            return None
    if any(f < comp.lo or f > comp.hi for f in fill):
        return None
    return grp


def union_blocks(nc: int, together: list[tuple[int, int]]) -> list[list[int]]:
    parent = list(range(nc))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in together:
        parent[find(a)] = find(b)
    blocks: dict[int, list[int]] = {}
    for i in range(nc):
        blocks.setdefault(find(i), []).append(i)
    return list(blocks.values())


# Every order of the mixing attributes is tried when dealing up to this many attributes (4! = 24
# orders, each one sort and one count); beyond it, two plausible orders.
ALL_ORDERS_MAX = 4


def dealt_start(
    codes: IArr,
    cost: FArr,
    k: int,
    lo: int,
    hi: int,
    apart: list[tuple[int, int]],
    seed: int,
) -> IArr | None:
    """People sorted by their mixing attributes and dealt round ``k`` groups; None if unfit.

    ``codes[i, a]`` is person i's value of mixing attribute a and ``cost[a] > 0`` what one pair
    sharing that value costs. Dealing a sorted list round the groups puts any run of
    consecutive people into the groups as evenly as possible (each gets the run's length over
    ``k``, rounded down or up), so an attribute whose values each form one run, such as the
    first sort key, or a team inside its organisation inside its sector, starts at its lower
    bound. Each order of the attributes is dealt and the one with the fewest weighted
    same-value pairs kept. Keep-apart pairs dealt into one group are then separated by a swap,
    with someone alike on every attribute where possible. None when group sizes of ``n // k``
    or one more do not fit ``lo``..``hi``, when an attribute is to be matched rather than mixed
    (``cost <= 0``), or when a keep-apart pair cannot be separated.
    """
    n, n_attrs = codes.shape
    if n_attrs == 0 or k < 1 or (cost <= 0).any() or not lo <= n // k <= -(-n // k) <= hi:
        return None
    rng = np.random.default_rng(seed)
    tiebreak = rng.permutation(n)
    attrs = list(range(n_attrs))
    if n_attrs <= ALL_ORDERS_MAX:
        orders = list(itertools.permutations(attrs))
    else:
        distinct = [len(np.unique(codes[:, a])) for a in attrs]
        orders = [
            tuple(sorted(attrs, key=lambda a: -cost[a])),
            tuple(sorted(attrs, key=lambda a: distinct[a])),
        ]
    best: IArr | None = None
    best_cost = float("inf")
    for order in orders:
        grp = _deal(codes, order, tiebreak, k)
        c = _same_value_cost(codes, cost, grp, k)
        if c < best_cost:
            best, best_cost = grp, c
    if best is None or not _separate(best, codes, apart, k, rng):
        return None
    return best


def _deal(codes: IArr, order: tuple[int, ...], tiebreak: IArr, k: int) -> IArr:
    """Group of each person when sorted by ``order`` (first key first) and dealt round k groups."""
    keys = [tiebreak] + [codes[:, a] for a in reversed(order)]  # np.lexsort: last key sorts first
    seq = np.lexsort(keys)
    grp = np.empty(codes.shape[0], dtype=np.int64)
    grp[seq] = np.arange(codes.shape[0], dtype=np.int64) % k
    return grp


def _same_value_cost(codes: IArr, cost: FArr, grp: IArr, k: int) -> float:
    """Weighted number of pairs sharing a group and an attribute value."""
    total = 0.0
    for a in range(codes.shape[1]):
        values = int(codes[:, a].max()) + 1
        c = np.bincount(grp * values + codes[:, a], minlength=k * values)
        total += float(cost[a]) * float((c * (c - 1) // 2).sum())
    return total


def _separate(
    grp: IArr, codes: IArr, apart: list[tuple[int, int]], k: int, rng: np.random.Generator
) -> bool:
    """Swap people so that no keep-apart pair shares a group; False if one cannot be parted.

    Each swap moves neither person next to someone they are kept apart from, so a pair once
    parted stays parted.
    """
    if not apart:
        return True
    enemies: dict[int, set[int]] = {}
    for a, b in apart:
        enemies.setdefault(a, set()).add(b)
        enemies.setdefault(b, set()).add(a)
    members: list[set[int]] = [set() for _ in range(k)]
    for i, g in enumerate(grp.tolist()):
        members[g].add(i)
    for a, b in apart:
        g = int(grp[b])
        if int(grp[a]) != g:
            continue
        elsewhere = grp != g
        alike = np.flatnonzero(elsewhere & (codes == codes[b]).all(axis=1))
        for c in itertools.chain(rng.permutation(alike), rng.permutation(np.flatnonzero(elsewhere))):
            h = int(grp[c])
            if enemies[b] & (members[h] - {int(c)}):
                continue
            if enemies.get(int(c), set()) & (members[g] - {b}):
                continue
            members[g].remove(b)
            members[h].remove(int(c))
            members[g].add(int(c))
            members[h].add(b)
            grp[b], grp[c] = h, g
            break
        else:
            return False
    return True
