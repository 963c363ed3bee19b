"""Measure the NumPy-vectorised tabu step against the compiled kernel (why Numba is used).

Both run the same search (best swap over the whole neighbourhood, tabu, perturbation on
stall) on an MDGPLIB instance for a fixed time; the table reports iterations per second and
the value reached. Run: ``.venv/bin/python bench/numpy_vs_numba.py [INSTANCE] [SECONDS]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonground.grouping.engine import _kernels as K  # noqa: E402
from commonground.grouping.engine.mdgp import grouping_value, read_instance  # noqa: E402
from commonground.grouping.engine.search import (  # noqa: E402
    PairWeights,
    default_params,
    local_search,
    random_start,
)
from commonground.grouping.engine.warm import warm_up  # noqa: E402


def numpy_tabu(D: K.FArr, grp: K.IArr, m: int, seconds: float, seed: int) -> tuple[float, int]:
    """Swap-only tabu search, each step one vectorised n x n evaluation."""
    rng = np.random.default_rng(seed)
    n = D.shape[0]
    onehot = np.zeros((n, m))
    onehot[np.arange(n), grp] = 1.0
    G = D @ onehot
    prm = default_params(n, m)
    tabu = np.zeros((n, m), dtype=np.int64)
    cur = grouping_value(D, grp)
    best, best_grp = cur, grp.copy()
    stall, it = 0, 0
    idx = np.arange(n)
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        own = G[idx, grp]
        A = G[:, grp] - own[:, None]  # A[i, j] = G[i, g_j] - G[i, g_i]
        gain = A + A.T - 2.0 * D
        gain[grp[:, None] == grp[None, :]] = -np.inf
        is_tabu = (tabu[:, grp] > it) | (tabu[:, grp] > it).T
        gain[is_tabu & (cur + gain <= best + 1e-9)] = -np.inf
        k = int(np.argmax(gain))
        i, j = divmod(k, n)
        g = gain[i, j]
        it += 1
        if np.isfinite(g):
            gi, gj = grp[i], grp[j]
            G[:, gi] += D[:, j] - D[:, i]
            G[:, gj] += D[:, i] - D[:, j]
            grp[i], grp[j] = gj, gi
            tabu[i, gi] = it + prm[0] + rng.integers(prm[1] + 1)
            tabu[j, gj] = it + prm[0] + rng.integers(prm[1] + 1)
            cur += g
            if cur > best + 1e-9:
                best, best_grp, stall = cur, grp.copy(), 0
            else:
                stall += 1
        if stall >= prm[2]:
            grp = best_grp.copy()
            for _ in range(prm[3] + rng.integers(prm[4] + 1)):
                a, b = rng.integers(n, size=2)
                grp[a], grp[b] = grp[b], grp[a]
            onehot[:] = 0.0
            onehot[np.arange(n), grp] = 1.0
            G = D @ onehot
            cur = grouping_value(D, grp)
            stall = 0
    return best, it


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "../shared/bench/mdgplib/RanReal/RanReal_n240_ss_01.txt"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    inst = read_instance(ROOT / path if not Path(path).is_absolute() else path)
    grp0 = random_start(inst.n, inst.m, inst.lo, inst.hi, 1)
    warm_up()  # load the compiled kernels first so their one-off load is not counted
    v_np, it_np = numpy_tabu(inst.D, grp0.copy(), inst.m, seconds, 1)
    res = local_search(PairWeights.from_dense(inst.D), grp0, inst.m, inst.lo, inst.hi,
                       time_limit=seconds, seed=1)
    print(f"{inst.name} {seconds:.0f}s  numba={K.HAVE_NUMBA}")
    print(f"  numpy : {it_np / seconds:10.0f} it/s  value {v_np:,.2f}")
    print(f"  kernel: {res.iterations / seconds:10.0f} it/s  value {res.value:,.2f}")
    print(f"  ratio : {res.iterations / max(it_np, 1):.1f}x iterations per second")


if __name__ == "__main__":
    main()
