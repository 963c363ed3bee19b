"""Network figures for the relationships a programme builds.

Every function takes a :class:`TieNetwork` (and plain NumPy arrays of attribute codes, one per
person) and returns plain numbers or arrays. Definitions follow the usual literature and are
cross-checked against NetworkX in the tests:

- density: ties / possible ties;
- Krackhardt and Stern's E-I index: (external − internal) / (external + internal), from −1
  (every tie inside the group) to +1 (every tie outside it);
- betweenness: Brandes' algorithm, normalised as NetworkX does; estimated from a sample of
  source people when asked (an unbiased estimate, scaled by n / k);
- Burt's effective size and constraint, for unweighted undirected ties;
- two-step reach: the people someone reaches through at most one intermediary.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# The Numba kernels (_kernels) are imported inside the functions that run them, so starting the app
# does not load Numba.
from commonground.network.analysis.graph import NetworkError, TieNetwork, build_network, pair_keys

IArr = npt.NDArray[np.int64]
FArr = npt.NDArray[np.float64]


def density(network: TieNetwork) -> float:
    """Share of all possible pairs that are tied (0 for fewer than two people)."""
    n = network.n
    if n < 2:
        return 0.0
    return network.tie_count / (n * (n - 1) / 2)


def _codes(network: TieNetwork, codes: npt.ArrayLike) -> IArr:
    array = np.asarray(codes, dtype=np.int64)
    if array.shape != (network.n,):
        raise NetworkError(f"Expected one attribute code per person ({network.n}), got shape {array.shape}.")
    return array


def crossing_ties(network: TieNetwork, codes: npt.ArrayLike) -> int:
    """How many ties join people with different values (organisations, sectors, places)."""
    c = _codes(network, codes)
    return int(np.count_nonzero(c[network.pairs[:, 0]] != c[network.pairs[:, 1]]))


@dataclass(frozen=True)
class EIResult:
    external: int
    internal: int

    @property
    def index(self) -> float | None:
        total = self.external + self.internal
        return None if total == 0 else (self.external - self.internal) / total


def ei_index(network: TieNetwork, codes: npt.ArrayLike) -> EIResult:
    """The whole network's E-I index by an attribute."""
    external = crossing_ties(network, codes)
    return EIResult(external=external, internal=network.tie_count - external)


def ei_index_per_person(network: TieNetwork, codes: npt.ArrayLike) -> FArr:
    """Each person's E-I index over their own ties (NaN for people with no ties)."""
    c = _codes(network, codes)
    i, j = network.pairs[:, 0], network.pairs[:, 1]
    crossing = (c[i] != c[j]).astype(np.float64)
    external = np.bincount(i, weights=crossing, minlength=network.n) + np.bincount(
        j, weights=crossing, minlength=network.n
    )
    degree = network.degree.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FArr = (2 * external - degree) / degree
    return result


def ei_index_by_group(network: TieNetwork, codes: npt.ArrayLike) -> dict[int, EIResult]:
    """Per group: ties from its members to other groups (external) and among its members (internal)."""
    c = _codes(network, codes)
    a, b = c[network.pairs[:, 0]], c[network.pairs[:, 1]]
    inside = a == b
    groups = np.unique(c)
    internal = np.bincount(a[inside], minlength=int(groups.max()) + 1 if groups.size else 0)
    external = np.bincount(a[~inside], minlength=internal.shape[0]) + np.bincount(
        b[~inside], minlength=internal.shape[0]
    )
    return {
        int(g): EIResult(external=int(external[g]), internal=int(internal[g])) for g in groups
    }


def new_ties(before: TieNetwork, after: TieNetwork) -> TieNetwork:
    """Ties present in the later round and absent from the earlier one (same people)."""
    if before.n != after.n:
        raise NetworkError("Both rounds must describe the same people.")
    fresh = ~np.isin(pair_keys(after.pairs, after.n), pair_keys(before.pairs, before.n), assume_unique=True)
    return build_network(after.n, after.pairs[fresh])


def betweenness(
    network: TieNetwork, *, sample: int | None = None, seed: int = 0
) -> FArr:
    """Normalised betweenness; exact, or estimated from `sample` random source people."""
    n = network.n
    if n == 0:
        return np.zeros(0)
    if sample is None or sample >= n:
        sources = np.arange(n, dtype=np.int64)
    else:
        if sample < 1:
            raise NetworkError("A betweenness sample needs at least one source person.")
        sources = np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False)).astype(np.int64)
    from commonground.network.analysis import _kernels

    raw = _kernels.brandes_accumulate(network.indptr, network.indices, sources)
    if n <= 2:
        return np.zeros(n)
    scale = 1.0 / ((n - 1) * (n - 2))
    scale *= n / sources.shape[0]
    result: FArr = raw * scale
    return result


@dataclass(frozen=True)
class Brokerage:
    """Burt's structural-hole figures per person (NaN where a person has no ties)."""

    effective_size: FArr
    constraint: FArr


def brokerage(network: TieNetwork) -> Brokerage:
    """Effective size and constraint for every person, from shared neighbours of each tie."""
    degree = network.degree
    safe_degree = np.maximum(degree, 1)
    from commonground.network.analysis import _kernels

    shared, inverse_sum = _kernels.common_neighbour_sums(network.indptr, network.indices, safe_degree)
    owner = np.repeat(np.arange(network.n, dtype=np.int64), degree)
    # Ties among a person's neighbours: each such tie is seen from both of its ends.
    neighbour_ties = np.bincount(owner, weights=shared.astype(np.float64), minlength=network.n) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        effective: FArr = degree - 2 * neighbour_ties / degree
        d_owner = safe_degree[owner].astype(np.float64)
        local = (1.0 / d_owner + inverse_sum / d_owner) ** 2
        constraint: FArr = np.bincount(owner, weights=local, minlength=network.n)
    isolated = degree == 0
    effective[isolated] = np.nan
    constraint[isolated] = np.nan
    return Brokerage(effective_size=effective, constraint=constraint)


def two_step_reach(network: TieNetwork) -> IArr:
    """How many other people each person reaches directly or through one intermediary."""
    from commonground.network.analysis import _kernels

    result: IArr = _kernels.two_step_reach(network.indptr, network.indices)
    return result
