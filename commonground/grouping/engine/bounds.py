"""Valid bounds: on MDGP diversity (upper), on attribute penalties (lower), on encounters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np

from commonground.grouping.engine import _kernels as K


def mdgp_upper_bound(D: K.FArr, max_size: int) -> float:
    """Each person adds at most their (s - 1) largest distances; half the sum bounds the total.

    With negative entries a person may prefer fewer partners, so only positive entries count.
    """
    k = max(0, max_size - 1)
    if k == 0:
        return 0.0
    top = -np.sort(-np.maximum(D, 0.0), axis=1)[:, :k]
    return float(top.sum() / 2.0)


def even_spread_pairs(count: int, groups: int) -> int:
    """Fewest same-value pairs when ``count`` people spread over ``groups`` groups."""
    if groups <= 0 or count <= 1:
        return 0
    q, r = divmod(count, groups)
    return r * (q + 1) * q // 2 + (groups - r) * q * (q - 1) // 2


def packed_pairs(count: int, max_size: int) -> int:
    """Most same-value pairs when ``count`` people fill groups of at most ``max_size``."""
    if max_size <= 1:
        return 0
    full, rest = divmod(count, max_size)
    return full * max_size * (max_size - 1) // 2 + rest * (rest - 1) // 2


def min_same_pairs(values: Iterable[str], groups: int) -> int:
    """Fewest pairs sharing a value, over all values, if each value spreads evenly."""
    return sum(even_spread_pairs(c, groups) for c in Counter(values).values())


def encounter_bound(n: int, rounds: int, group_size: int) -> int:
    """Most distinct people one person can meet: min(n - 1, R (g - 1))."""
    return min(n - 1, rounds * (group_size - 1))
