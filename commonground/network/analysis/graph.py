"""An undirected tie network as sorted adjacency arrays (CSR), built from plain pairs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IArr = npt.NDArray[np.int64]


class NetworkError(ValueError):
    """Raised for input that cannot describe a network (a person index out of range, say)."""


@dataclass(frozen=True)
class TieNetwork:
    """People 0..n-1 and the undirected ties between them.

    ``pairs`` holds each tie once as (i, j) with i < j, sorted; ``indptr``/``indices`` are the
    adjacency lists (both directions, each list sorted), so neighbours of i are
    ``indices[indptr[i]:indptr[i + 1]]``.
    """

    n: int
    pairs: IArr
    indptr: IArr
    indices: IArr

    @property
    def tie_count(self) -> int:
        return int(self.pairs.shape[0])

    @property
    def degree(self) -> IArr:
        return np.diff(self.indptr)

    def neighbours(self, person: int) -> IArr:
        return self.indices[self.indptr[person] : self.indptr[person + 1]]


def pair_keys(pairs: IArr, n: int) -> IArr:
    """One integer per undirected pair, for set operations between rounds."""
    return pairs[:, 0] * np.int64(n) + pairs[:, 1]


def build_network(n: int, ties: Iterable[tuple[int, int]] | IArr) -> TieNetwork:
    """Build a network from (i, j) ties in either direction; duplicates and reversed pairs count once.

    A survey tie is directed ("I knew her before"); a relationship exists when either person
    reports it, so ties are symmetrised. Self-ties are dropped.
    """
    if n < 0:
        raise NetworkError("A network cannot have a negative number of people.")
    raw = np.asarray(ties if isinstance(ties, np.ndarray) else list(ties), dtype=np.int64)
    if raw.size == 0:
        raw = raw.reshape(0, 2)
    if raw.ndim != 2 or raw.shape[1] != 2:
        raise NetworkError("Ties must be pairs of person indices.")
    if raw.size and (raw.min() < 0 or raw.max() >= n):
        bad = int(np.argmax((raw < 0).any(axis=1) | (raw >= n).any(axis=1)))
        raise NetworkError(f"Tie {bad} names person {raw[bad].tolist()} outside 0..{n - 1}.")
    low = np.minimum(raw[:, 0], raw[:, 1])
    high = np.maximum(raw[:, 0], raw[:, 1])
    keep = low != high
    keys = np.unique(low[keep] * np.int64(n) + high[keep])
    pairs = np.stack([keys // max(n, 1), keys % max(n, 1)], axis=1).astype(np.int64)
    both = np.concatenate([pairs, pairs[:, ::-1]])
    order = np.lexsort((both[:, 1], both[:, 0]))
    both = both[order]
    counts = np.bincount(both[:, 0], minlength=n) if n else np.zeros(0, dtype=np.int64)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return TieNetwork(n=n, pairs=pairs.reshape(-1, 2), indptr=indptr, indices=both[:, 1].copy())
