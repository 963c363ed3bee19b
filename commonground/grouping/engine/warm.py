"""Knowing whether loading the compiled kernels meant compiling them.

Numba keeps the machine code of every ``cache=True`` kernel on disk (``__pycache__`` beside the
source, or ``$NUMBA_CACHE_DIR``). ``make install`` fills that cache; a process then only loads
it (about a second). When the cache is cold (a fresh checkout, a changed kernel, another
machine), the first call compiles instead, which takes tens of seconds. Every compiled kernel
records a cache miss per signature it had to compile, so counting misses before and after
loading tells honestly whether compiling happened.

``warm_up`` runs kernels once on a tiny case: every kernel, or the parts a case needs. The entry
points (``solve``, ``solve_mdgp``, the command line) call it for their parts before starting
their clock, so a time limit measures search only; the search drivers below them leave it to
their callers.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from commonground.grouping.engine import (
    _descent,
    _kernels,
    _labels,
    _partition,
    _rotation,
    _sums,
    _tabu,
    golfer,
)
from commonground.grouping.engine.rotation import assign_labels, plan_rounds
from commonground.grouping.engine.search import PairWeights, iterated_descent, local_search

KERNEL_MODULES: tuple[ModuleType, ...] = (
    _kernels,
    _sums,
    _tabu,
    _partition,
    _descent,
    _rotation,
    _labels,
    golfer,
)
"""Every module that defines compiled kernels (the warm-up loads each of them)."""


@dataclass(frozen=True)
class WarmUp:
    """What loading the kernels took: seconds, and how many kernel signatures were compiled."""

    seconds: float
    compiled: int

    @property
    def cold(self) -> bool:
        """True when some kernel was compiled rather than loaded from the on-disk cache."""
        return self.compiled > 0


def compiled_signatures(modules: Iterable[ModuleType]) -> int:
    """How many kernel signatures in these modules this process compiled (cache misses so far)."""
    try:
        from numba.core.dispatcher import Dispatcher
    except ImportError:  # pragma: no cover - without Numba nothing is ever compiled
        return 0
    return sum(
        sum(kernel.stats.cache_misses.values())
        for module in modules
        for kernel in vars(module).values()
        if isinstance(kernel, Dispatcher)
    )


def cold_notice(warm: WarmUp, what: str = "the search kernels") -> str:
    """The one line a command prints after compiling, so nobody mistakes it for search time."""
    return (
        f"Compiled {what} first ({warm.compiled} signatures in {warm.seconds:.1f} s; the compiled "
        "code is cached, so later runs only load it). That time is not counted in the time limit."
    )


# Generous on purpose: on a cold cache compiling one kernel takes seconds, and a warm-up whose
# clock ran out before it reached a kernel would leave that kernel to compile inside a real
# search. Every warm-up call is bounded by its iterations (or ends at once on its tiny case).
_WARM_UP_LIMIT = 600.0

GROUPS = "groups"
"""The tabu search over one grouping with attribute weights (``solve``, one round)."""
MATRIX = "matrix"
"""The tabu search and iterated descent over a dense matrix (``solve_mdgp``)."""
ROUNDS = "rounds"
"""The joint search over several rounds and the seat assignment (``solve``, rounds > 1)."""
GOLFER = "golfer"
"""The repeat-minimising schedules (rounds, or a session after earlier ones)."""
PARTS = (GROUPS, MATRIX, ROUNDS, GOLFER)

_warm: set[str] = set()


def _tiny() -> tuple[_kernels.FArr, _kernels.IArr, _kernels.IArr, _kernels.IArr]:
    D = np.ones((4, 4)) - np.eye(4)
    lo = np.array([1, 1], dtype=np.int64)
    hi = np.array([3, 3], dtype=np.int64)
    grp = np.array([0, 0, 1, 1], dtype=np.int64)
    return D, lo, hi, grp


def _groups() -> None:
    _, lo, hi, grp = _tiny()
    codes = np.array([[0], [0], [1], [1]], dtype=np.int64)
    w = PairWeights.from_attributes(codes, np.array([-1.0]), {(0, 1): -1.0}, 1e6)
    local_search(w, grp, 2, lo, hi, time_limit=_WARM_UP_LIMIT, seed=1, max_iterations=3)


def _matrix() -> None:
    D, lo, hi, grp = _tiny()
    local_search(
        PairWeights.from_dense(D), grp, 2, lo, hi, time_limit=_WARM_UP_LIMIT, seed=1,
        max_iterations=3,
    )
    iterated_descent(D, grp, 2, lo, hi, time_limit=_WARM_UP_LIMIT, seed=1, max_rounds=3)


def _rounds() -> None:
    _, _, _, grp = _tiny()
    plan_rounds(
        np.zeros((4, 4)),
        np.array([grp, grp]),
        2,
        repeat_weight=1.0,
        time_limit=_WARM_UP_LIMIT,
        seed=1,
        max_iterations=3,
    )
    assign_labels(
        np.ones((4, 4)) - 2 * np.eye(4),
        np.array([grp, grp]),
        time_limit=_WARM_UP_LIMIT,
        seed=1,
        max_iterations=3,
    )


def _golfer() -> None:
    golfer.golfer_plan(3, 2, 4, time_limit=_WARM_UP_LIMIT, seed=1)


_LOADERS = {GROUPS: _groups, MATRIX: _matrix, ROUNDS: _rounds, GOLFER: _golfer}


def warm_up(*parts: str) -> WarmUp:
    """Load the kernels of ``parts`` (every part when none is named) on a tiny case each.

    Kernels the on-disk cache lacks are compiled. Returns how long that took and how many
    kernel signatures had to be compiled; parts already loaded in this process are skipped,
    so a later call returns at once with nothing compiled. A command that knows its case
    names only the parts it uses (``solver.kernels_for``): the first kernel a process loads
    costs Numba's own start (a few tenths of a second), each further part a few hundredths.
    """
    todo = [part for part in (parts or PARTS) if part not in _warm]
    if not todo:
        return WarmUp(0.0, 0)
    started = time.perf_counter()
    compiled_before = compiled_signatures(KERNEL_MODULES)
    for part in todo:
        _LOADERS[part]()
        _warm.add(part)
    return WarmUp(
        time.perf_counter() - started, compiled_signatures(KERNEL_MODULES) - compiled_before
    )
