"""What every compiled kernel shares: the Numba decorator, array types and the random stream.

The kernels live in the engine's private modules (``_*.py``), each on plain NumPy arrays so the
drivers in ``search.py``, ``rotation.py`` and ``golfer.py`` stay readable:

* ``_sums``: pair weights and the running sums ``G`` that make every move's gain an O(1) read;
* ``_tabu``: the tabu list, aspiration and best-so-far bookkeeping every tabu search shares;
* ``_partition``: tabu search over one grouping (``search.local_search``);
* ``_descent``: iterated first-improvement descent on dense matrices (``search.iterated_descent``);
* ``_rotation``: tabu search over several rounds planned jointly (``rotation.plan_rounds``);
* ``_labels``: who takes which seat of a fixed plan (``rotation.assign_labels``).

Numba checks a cached kernel against its own source file only, while a kernel that calls one
from another file carries that one's machine code too. So every kernel's cache entry is also
stamped with a digest of all these modules: changing any of them recompiles them all, never
leaving a stale copy behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

FArr = npt.NDArray[np.float64]
IArr = npt.NDArray[np.int64]
UArr = npt.NDArray[np.uint64]

NEG_INF = -1.0e300
EPS = 1e-9
"""Gains closer than this count as equal (ties are then broken at random)."""


def _sources_digest() -> str:
    """A digest of every kernel module's source (the ``_*.py`` files beside this one)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("_*.py")):
        if path.name != "__init__.py":
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


SOURCES_DIGEST = _sources_digest()


def _stamp(kernel: Any) -> None:
    """Tie a kernel's on-disk cache to every kernel module, not to its own file alone."""
    cache_file = getattr(getattr(kernel, "_cache", None), "_cache_file", None)
    own = getattr(cache_file, "_source_stamp", None)
    if cache_file is not None and own is not None:
        cache_file._source_stamp = (own, SOURCES_DIGEST)


try:  # pragma: no cover - depends on the environment
    import numba

    HAVE_NUMBA = True

    def jit[T: Callable[..., Any]](func: T) -> T:
        """Compile ``func`` with Numba in nopython mode, caching the machine code on disk."""
        kernel = numba.njit(cache=True, nogil=True)(func)
        _stamp(kernel)
        return cast(T, kernel)

    def jit_inline[T: Callable[..., Any]](func: T) -> T:
        """``jit`` for a small helper called in hot loops: Numba copies it into each caller.

        Left to LLVM, the tabu bookkeeping helpers cost the dense tabu search 2-3% per
        iteration; inlined, the shared code runs as fast as the copies it replaced.
        """
        kernel = numba.njit(cache=True, nogil=True, inline="always")(func)
        _stamp(kernel)
        return cast(T, kernel)

except ImportError:  # pragma: no cover - depends on the environment
    HAVE_NUMBA = False

    def jit[T: Callable[..., Any]](func: T) -> T:
        """Without Numba the kernels run as plain Python (correct, much slower)."""
        return func

    jit_inline = jit


@jit
def rand_below(rng: UArr, bound: int) -> int:
    """Xorshift64* step; a deterministic integer in [0, bound)."""
    x = rng[0]
    x ^= x >> np.uint64(12)
    x ^= x << np.uint64(25)
    x ^= x >> np.uint64(27)
    rng[0] = x
    r = (x * np.uint64(2685821657736338717)) >> np.uint64(33)
    return int(r % np.uint64(bound))
