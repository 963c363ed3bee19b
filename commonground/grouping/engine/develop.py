"""Rotations developed from one round by a symmetry group: every pair meets at most once.

A group G of permutations of the people turns one round B into the rounds g(B), g in G. When
B is invariant under a subgroup S of G (g(B) = B for g in S) the development has |G| / |S|
distinct rounds. Pairs fall into orbits under G; a pair orbit O holding c pairs of B is met
|G| c / (|S| |O|) times by each of its pairs over the development, so the development repeats
nobody exactly when c <= |S| |O| / |G| for every orbit. An exact search (backtracking over the
S-orbits of B's tables, smallest free person first) finds such a round or proves there is
none. Two families use it:

* **1-rotational**, n people at tables of s with n = s (mod s(s - 1)): people are Z_(n-1)
  plus one fixed person, G the shifts x -> x + 1, S the shifts by multiples of
  (n - 1) / (s - 1). This gives (n - 1) / (s - 1) rounds in which everybody meets everybody
  (a resolvable design): n = 16, 28, 40, 52, ... at tables of 4, n = 15, 21, 27, ... at tables
  of 3 (and the round robin in pairs), where the search finds a base round in time.
Planes and spaces over finite fields (`designs.py`) cover other sizes (prime powers); this
adds sizes that geometry cannot reach, such as 40 and 52 people at tables of 4.

The engine takes any group and stabiliser. Structures tried for 32 people at 8 tables of 4
for 10 rounds that the search proves empty: the rotations of the icosahedron on its 12
vertices and 20 face centres (or 30 edge midpoints and two fixed people) with the 6
rotations about one 3-fold axis as S; GF(16) x {0, 1} under x -> a x + b (a of order 5) with
S the translations by a 3-dimensional subspace. A round kept by a rotation of order 3 that
fixes a person cannot work at all: that person's table holds a triangle of pairs {x, h x},
and 10 rounds would need 60 such pairs where there are 30.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt

IArr = npt.NDArray[np.int64]
Perm = tuple[int, ...]

MAX_PEOPLE = 60  # beyond this the search seldom ends within a session's limit


def _pair_orbits(n: int, group: Sequence[Perm]) -> tuple[IArr, list[int]]:
    """Orbit label of every pair (n x n, -1 on the diagonal) and the size of each orbit."""
    label = np.full((n, n), -1, dtype=np.int64)
    sizes: list[int] = []
    for a in range(n):
        for b in range(a + 1, n):
            if label[a, b] >= 0:
                continue
            k = len(sizes)
            members = {(min(g[a], g[b]), max(g[a], g[b])) for g in group}
            for x, y in members:
                label[x, y] = k
                label[y, x] = k
            sizes.append(len(members))
    return label, sizes


class _Search:
    """Backtracking over S-invariant rounds whose development repeats nobody."""

    def __init__(
        self, n: int, size: int, group: Sequence[Perm], stab: Sequence[Perm], seed: int
    ) -> None:
        self.n = n
        self.size = size
        self.stab = list(stab)
        self.label, sizes = _pair_orbits(n, group)
        # c <= |S| |O| / |G| pairs of each orbit in the base round (0: the orbit stays unmet)
        self.cap = [len(stab) * o // len(group) for o in sizes]
        self.used = [0] * len(sizes)
        self.table = [-1] * n
        self.tables = 0
        self.rng = random.Random(seed)
        self.nodes = 0

    def _images(self, block: tuple[int, ...]) -> list[frozenset[int]] | None:
        """The distinct S-images of a block, or None when two of them overlap."""
        seen: list[frozenset[int]] = []
        for g in self.stab:
            image = frozenset(g[x] for x in block)
            if image in seen:
                continue
            if any(image & other for other in seen):
                return None
            seen.append(image)
        return seen

    def _fits(self, images: list[frozenset[int]]) -> list[int] | None:
        """The orbit labels the images add, or None when a point is taken or a cap is passed."""
        added: list[int] = []
        for image in images:
            if any(self.table[x] >= 0 for x in image):
                return None
            for x, y in itertools.combinations(sorted(image), 2):
                added.append(int(self.label[x, y]))
        counts: dict[int, int] = {}
        for k in added:
            counts[k] = counts.get(k, 0) + 1
            if self.used[k] + counts[k] > self.cap[k]:
                return None
        return added

    def _partial_ok(self, block: list[int], new: int) -> bool:
        """A new member must not pass a cap with the members already in the block."""
        for x in block:
            k = int(self.label[x, new])
            if self.cap[k] <= self.used[k]:
                return False
        return True

    def run(self, deadline: float, node_cap: int) -> bool:
        self.nodes += 1
        if self.nodes > node_cap or (self.nodes & 63 == 0 and time.perf_counter() > deadline):
            return False
        free = [x for x in range(self.n) if self.table[x] < 0]
        if not free:
            return True
        first = free[0]
        others = free[1:]
        self.rng.shuffle(others)
        for rest in self._blocks(first, others):
            block = (first, *rest)
            images = self._images(block)
            if images is None:
                continue
            added = self._fits(images)
            if added is None:
                continue
            for image in images:
                for x in image:
                    self.table[x] = self.tables
                self.tables += 1
            for k in added:
                self.used[k] += 1
            if self.run(deadline, node_cap):
                return True
            for k in added:
                self.used[k] -= 1
            for image in images:
                self.tables -= 1
                for x in image:
                    self.table[x] = -1
            if self.nodes > node_cap or time.perf_counter() > deadline:
                return False
        return False

    def _blocks(self, first: int, others: list[int]) -> Iterator[tuple[int, ...]]:
        """Companions for `first`, grown one at a time so that a passed cap prunes early
        (generated lazily: the candidates for a large table would not fit in memory)."""

        def grow(block: list[int], start: int) -> Iterator[tuple[int, ...]]:
            if len(block) == self.size:
                yield tuple(block[1:])
                return
            for i in range(start, len(others)):
                y = others[i]
                if self._partial_ok(block, y):
                    block.append(y)
                    yield from grow(block, i + 1)
                    block.pop()

        return grow([first], 0)


def develop(
    n: int,
    size: int,
    group: Sequence[Perm],
    stab: Sequence[Perm],
    *,
    seed: int = 1,
    time_limit: float = 2.0,
    node_cap: int = 2_000_000,
) -> IArr | None:
    """The rounds (rounds x people -> table) developed from an S-invariant base round, or None.

    Every pair meets at most once over the rounds returned (checked by counting before
    returning). None when no base round was found within the time limit or node cap.
    """
    search = _Search(n, size, group, stab, seed)
    if not search.run(time.perf_counter() + time_limit, node_cap):
        return None
    base = np.array(search.table, dtype=np.int64)
    rounds: list[IArr] = []
    seen: set[tuple[int, ...]] = set()
    for g in group:
        moved = np.empty(n, dtype=np.int64)
        moved[np.array(g, dtype=np.int64)] = base  # person g(x) sits where x sat
        key = _canonical(moved)
        if key not in seen:
            seen.add(key)
            rounds.append(np.array(key, dtype=np.int64))
    plan = np.array(rounds, dtype=np.int64)
    return plan if max_meetings(plan) <= 1 else None


def _canonical(tables: IArr) -> tuple[int, ...]:
    """Tables renumbered in order of first appearance, so equal rounds compare equal."""
    names: dict[int, int] = {}
    return tuple(names.setdefault(int(t), len(names)) for t in tables)


def max_meetings(plan: IArr) -> int:
    """The most rounds any pair shares a table in (counted pair by pair)."""
    R, n = plan.shape
    if n == 0 or R == 0:
        return 0
    # Person-by-(round, table) incidence: its Gram matrix counts the tables each pair shares.
    tables = int(plan.max()) + 1
    seats = np.zeros((n, R * tables), dtype=np.int64)
    seats[np.arange(n)[None, :].repeat(R, 0), plan + tables * np.arange(R)[:, None]] = 1
    shared = seats @ seats.T
    np.fill_diagonal(shared, 0)
    return int(shared.max())


def one_rotational(n: int, size: int) -> tuple[list[Perm], list[Perm]] | None:
    """Shifts of Z_(n-1) with one fixed person (n - 1), and the shifts by multiples of
    (n - 1) / (size - 1), when n people at tables of `size` fit the 1-rotational family."""
    if size < 2 or n % size or (n - 1) % (size - 1):
        return None
    m = n - 1
    group = [(*((x + k) % m for x in range(m)), m) for k in range(m)]
    step = m // (size - 1)
    stab = [group[k] for k in range(0, m, step)]
    return group, stab


def developed_rounds(
    groups: int,
    size: int,
    rounds: int,
    *,
    seed: int = 1,
    time_limit: float = 2.0,
    node_cap: int = 2_000_000,
) -> IArr | None:
    """Up to `rounds` repeat-free rounds from a symmetric development, or None when no family
    applies (or the search found no base round in time). Rows: rounds; columns: people."""
    n = groups * size
    if n > MAX_PEOPLE or groups < 2:
        return None
    families: list[tuple[list[Perm], list[Perm]]] = []
    rotational = one_rotational(n, size)
    if rotational is not None:
        families.append(rotational)
    deadline = time.perf_counter() + time_limit
    for group, stab in families:
        if len(group) // len(stab) < min(rounds, 3):
            continue
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        plan = develop(n, size, group, stab, seed=seed, time_limit=left, node_cap=node_cap)
        if plan is not None:
            rng = np.random.default_rng(seed)
            people = rng.permutation(n)  # who is which point: different seeds, different plans
            order = rng.permutation(plan.shape[0])
            return np.ascontiguousarray(plan[order][:, people][:rounds])
    return None
