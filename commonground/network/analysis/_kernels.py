"""Compiled loops over a CSR adjacency (Numba)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numba
import numpy as np
import numpy.typing as npt


def jit[F: Callable[..., Any]](func: F) -> F:
    """Compile with Numba in nopython mode, caching the machine code on disk."""
    return cast(F, numba.njit(cache=True, nogil=True)(func))


IArr = npt.NDArray[np.int64]
FArr = npt.NDArray[np.float64]


@jit
def common_neighbour_sums(indptr: IArr, indices: IArr, degree: IArr) -> tuple[IArr, FArr]:
    """For every adjacency entry (u, v): how many neighbours u and v share, and the sum of 1/deg over them.

    Adjacency lists must be sorted; the intersection is a merge of two sorted lists.
    """
    nnz = indices.shape[0]
    shared = np.zeros(nnz, dtype=np.int64)
    inverse_sum = np.zeros(nnz, dtype=np.float64)
    n = indptr.shape[0] - 1
    for u in range(n):
        for e in range(indptr[u], indptr[u + 1]):
            v = indices[e]
            a = indptr[u]
            a_end = indptr[u + 1]
            b = indptr[v]
            b_end = indptr[v + 1]
            count = 0
            total = 0.0
            while a < a_end and b < b_end:
                x = indices[a]
                y = indices[b]
                if x == y:
                    count += 1
                    total += 1.0 / degree[x]
                    a += 1
                    b += 1
                elif x < y:
                    a += 1
                else:
                    b += 1
            shared[e] = count
            inverse_sum[e] = total
    return shared, inverse_sum


@jit
def two_step_reach(indptr: IArr, indices: IArr) -> IArr:
    """How many other people each person reaches in one or two steps."""
    n = indptr.shape[0] - 1
    seen = np.full(n, -1, dtype=np.int64)
    reach = np.zeros(n, dtype=np.int64)
    for s in range(n):
        seen[s] = s
        count = 0
        for e in range(indptr[s], indptr[s + 1]):
            v = indices[e]
            if seen[v] != s:
                seen[v] = s
                count += 1
        for e in range(indptr[s], indptr[s + 1]):
            v = indices[e]
            for f in range(indptr[v], indptr[v + 1]):
                w = indices[f]
                if seen[w] != s:
                    seen[w] = s
                    count += 1
        reach[s] = count
    return reach


@jit
def brandes_accumulate(indptr: IArr, indices: IArr, sources: IArr) -> FArr:
    """Brandes' shortest-path dependency accumulation from the given sources (unweighted)."""
    n = indptr.shape[0] - 1
    centrality = np.zeros(n, dtype=np.float64)
    sigma = np.zeros(n, dtype=np.float64)
    dist = np.full(n, -1, dtype=np.int64)
    delta = np.zeros(n, dtype=np.float64)
    order = np.empty(n, dtype=np.int64)
    for s in sources:
        sigma[:] = 0.0
        dist[:] = -1
        delta[:] = 0.0
        sigma[s] = 1.0
        dist[s] = 0
        order[0] = s
        head = 0
        tail = 1
        while head < tail:
            v = order[head]
            head += 1
            for e in range(indptr[v], indptr[v + 1]):
                w = indices[e]
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    order[tail] = w
                    tail += 1
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
        for k in range(tail - 1, 0, -1):
            w = order[k]
            for e in range(indptr[w], indptr[w + 1]):
                v = indices[e]
                if dist[v] == dist[w] - 1:
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w])
            centrality[w] += delta[w]
    return centrality
