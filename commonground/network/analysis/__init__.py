"""Relationship network analysis: pure Python and NumPy over plain arrays, no Django.

Build a :class:`TieNetwork` with :func:`build_network`, then read figures from
:mod:`commonground.network.analysis.metrics`.
"""

from commonground.network.analysis.graph import NetworkError, TieNetwork, build_network
from commonground.network.analysis.metrics import (
    Brokerage,
    EIResult,
    betweenness,
    brokerage,
    crossing_ties,
    density,
    ei_index,
    ei_index_by_group,
    ei_index_per_person,
    new_ties,
    two_step_reach,
)

__all__ = [
    "Brokerage",
    "EIResult",
    "NetworkError",
    "TieNetwork",
    "betweenness",
    "brokerage",
    "build_network",
    "crossing_ties",
    "density",
    "ei_index",
    "ei_index_by_group",
    "ei_index_per_person",
    "new_ties",
    "two_step_reach",
]
