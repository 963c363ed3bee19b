"""Load the compiled network kernels once, on a tiny network, and say whether that meant compiling.

``make install`` runs this so the first figures page does not wait for Numba; see
``commonground/grouping/engine/warm.py`` for how compiling is detected (cache misses).
"""

from __future__ import annotations

import time

import numpy as np

from commonground.network.analysis import _kernels
from commonground.network.analysis.graph import build_network
from commonground.network.analysis.metrics import betweenness, brokerage, two_step_reach


def _compiled() -> int:
    from numba.core.dispatcher import Dispatcher

    return sum(
        sum(kernel.stats.cache_misses.values())
        for kernel in vars(_kernels).values()
        if isinstance(kernel, Dispatcher)
    )


def warm_up() -> tuple[float, int]:
    """Seconds taken and kernel signatures compiled (0 when the on-disk cache had them all)."""
    started = time.perf_counter()
    before = _compiled()
    network = build_network(4, np.array([[0, 1], [1, 2], [2, 3], [0, 2]], dtype=np.int64))
    betweenness(network)
    brokerage(network)
    two_step_reach(network)
    return time.perf_counter() - started, _compiled() - before
