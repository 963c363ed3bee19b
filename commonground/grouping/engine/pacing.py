"""Progress reports and chunk sizing shared by the search drivers (pure Python).

A driver keeps the clock in Python and hands a compiled kernel short chunks of iterations, so
time limits hold to within a few milliseconds and the best answer so far is always at hand.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from commonground.grouping.engine.explain import (
    STOP_BOUND,
    STOP_ITERATIONS,
    STOP_NOTHING_TO_MOVE,
    STOP_TIME,
)

__all__ = [
    "STOP_BOUND",
    "STOP_ITERATIONS",
    "STOP_NOTHING_TO_MOVE",
    "STOP_TIME",
    "Pacer",
    "Progress",
    "at_target",
    "near_target",
]

Progress = Callable[[float, float], None]
"""Called with (fraction of the time limit used, 0..1; best value so far)."""


class Pacer:
    """Sizes the kernel's chunks to about 20 ms (the clock is read often but cheaply) and
    reports progress at most once per 1% of the time limit."""

    def __init__(
        self,
        start: float,
        time_limit: float,
        progress: Progress | None,
        offset: float,
        scale: float,
        *,
        chunk: int,
    ) -> None:
        self.start = start
        self.time_limit = max(time_limit, 1e-9)
        self.progress = progress
        self.offset = offset
        self.scale = scale
        self.chunk = chunk
        self.last_report = -1.0

    def after(self, spent: float, best: float) -> None:
        """Note a chunk that took ``spent`` seconds; report ``best`` if progress is due."""
        if spent < 0.01:
            self.chunk = min(self.chunk * 2, 1 << 20)
        elif spent > 0.04 and self.chunk > 1:
            self.chunk = max(1, self.chunk // 2)
        if self.progress is not None:
            frac = min(1.0, (time.perf_counter() - self.start) / self.time_limit)
            if frac - self.last_report >= 0.01:
                self.last_report = frac
                self.progress(self.offset + self.scale * frac, best)


def near_target(value: float, target: float | None) -> bool:
    """Whether a running value is close enough to ``target`` to check it exactly.

    A driver adds move gains one by one, so its running value can drift from the exact sum by
    rounding; the exact value of the best grouping then decides (``at_target``).
    """
    return target is not None and value >= target - 1e-6 * max(1.0, abs(target))


def at_target(value: float, target: float) -> bool:
    """Whether an exactly recomputed value has reached ``target`` (to rounding)."""
    return value >= target - 1e-9 * max(1.0, abs(target))
