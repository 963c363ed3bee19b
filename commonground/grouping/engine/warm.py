"""Knowing whether loading the compiled kernels meant compiling them.

Numba keeps the machine code of every ``cache=True`` kernel on disk (``__pycache__`` beside the
source, or ``$NUMBA_CACHE_DIR``). ``make install`` fills that cache; a process then only loads
it (about a second). When the cache is cold (a fresh checkout, a changed kernel, another
machine), the first call compiles instead, which takes tens of seconds. Every compiled kernel
records a cache miss per signature it had to compile, so counting misses before and after
loading tells honestly whether compiling happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType


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
