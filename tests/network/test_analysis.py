"""Network metrics against NetworkX and against small tables computed by hand."""

import math
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commonground.network.analysis import (
    NetworkError,
    betweenness,
    brokerage,
    build_network,
    crossing_ties,
    density,
    ei_index,
    ei_index_by_group,
    ei_index_per_person,
    new_ties,
    two_step_reach,
)

# A small programme drawn by hand: two organisations (0 = A, 1 = B).
#   0 - 1 - 2      people 0, 1, 2, 3 work for A; 4, 5 for B
#   |   |
#   3   4 - 5
HAND_TIES = [(0, 1), (1, 2), (0, 3), (1, 4), (4, 5)]
HAND_ORG = [0, 0, 0, 0, 1, 1]


def test_density_by_hand() -> None:
    assert density(build_network(6, HAND_TIES)) == pytest.approx(5 / 15)
    assert density(build_network(1, [])) == 0.0


def test_ties_count_once_whatever_their_direction_and_repeats() -> None:
    network = build_network(3, [(0, 1), (1, 0), (0, 1), (2, 2)])
    assert network.tie_count == 1
    assert network.neighbours(0).tolist() == [1]


def test_the_e_i_index_by_hand() -> None:
    network = build_network(6, HAND_TIES)
    whole = ei_index(network, HAND_ORG)
    # One tie crosses (1-4); four stay inside an organisation.
    assert (whole.external, whole.internal) == (1, 4)
    assert whole.index == pytest.approx((1 - 4) / 5)
    per_person = ei_index_per_person(network, HAND_ORG)
    # Person 1 has ties to 0, 2 (inside) and 4 (outside): (1 - 2) / 3.
    assert per_person[1] == pytest.approx(-1 / 3)
    # Person 4: one tie out (to 1), one in (to 5): 0.
    assert per_person[4] == pytest.approx(0.0)
    assert per_person[3] == pytest.approx(-1.0)
    groups = ei_index_by_group(network, HAND_ORG)
    assert (groups[0].external, groups[0].internal) == (1, 3)
    assert (groups[1].external, groups[1].internal) == (1, 1)
    assert groups[1].index == pytest.approx(0.0)


def test_a_person_with_no_ties_has_no_e_i_index() -> None:
    per_person = ei_index_per_person(build_network(3, [(0, 1)]), [0, 1, 1])
    assert math.isnan(per_person[2])
    assert ei_index(build_network(3, []), [0, 0, 0]).index is None


def test_e_i_matches_a_direct_count_on_random_networks() -> None:
    rng = np.random.default_rng(3)
    ties = rng.integers(0, 60, size=(400, 2))
    sectors = rng.integers(0, 4, size=60)
    network = build_network(60, ties)
    graph = nx.Graph()
    graph.add_nodes_from(range(60))
    graph.add_edges_from(t for t in ties.tolist() if t[0] != t[1])
    external = sum(1 for a, b in graph.edges if sectors[a] != sectors[b])
    assert crossing_ties(network, sectors) == external
    assert ei_index(network, sectors).index == pytest.approx(
        (external - (graph.number_of_edges() - external)) / graph.number_of_edges()
    )


def test_new_ties_between_rounds() -> None:
    start = build_network(6, HAND_TIES)
    end = build_network(6, [*HAND_TIES, (3, 5), (2, 4), (1, 0)])
    fresh = new_ties(start, end)
    assert fresh.pairs.tolist() == [[2, 4], [3, 5]]
    assert crossing_ties(fresh, HAND_ORG) == 2


def test_two_step_reach_by_hand() -> None:
    reach = two_step_reach(build_network(6, HAND_TIES))
    # 0 reaches 1, 3 directly and 2, 4 through 1; 1 reaches 0, 2, 4 directly and 3, 5 through them.
    assert reach.tolist() == [4, 5, 3, 2, 4, 2]


def _random_graph(seed: int, n: int = 40, m: int = 120) -> tuple[nx.Graph, object]:
    rng = np.random.default_rng(seed)
    ties = rng.integers(0, n, size=(m, 2))
    graph = nx.Graph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(t for t in ties.tolist() if t[0] != t[1])
    return graph, build_network(n, ties)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_betweenness_matches_networkx(seed: int) -> None:
    graph, network = _random_graph(seed)
    expected = nx.betweenness_centrality(graph, normalized=True)
    ours = betweenness(network)  # type: ignore[arg-type]
    assert ours == pytest.approx([expected[i] for i in range(graph.number_of_nodes())], abs=1e-12)


def test_sampled_betweenness_matches_networkx_with_the_same_sources() -> None:
    graph, network = _random_graph(5, n=60, m=200)
    ours = betweenness(network, sample=20, seed=11)  # type: ignore[arg-type]
    sources = np.sort(np.random.default_rng(11).choice(60, size=20, replace=False))
    # NetworkX's own sampling draws differently, so rebuild the same estimate from its subset routine.
    subset = nx.betweenness_centrality_subset(graph, sources=sources.tolist(), targets=list(graph), normalized=False)
    scale = 60 / 20 / ((60 - 1) * (60 - 2))
    assert ours == pytest.approx([subset[i] * 2 * scale for i in range(60)], abs=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_effective_size_and_constraint_match_networkx(seed: int) -> None:
    graph, network = _random_graph(seed)
    result = brokerage(network)  # type: ignore[arg-type]
    effective = nx.effective_size(graph)
    constraint = nx.constraint(graph)
    for person in graph.nodes:
        if graph.degree(person) == 0:
            assert math.isnan(result.effective_size[person])
            assert math.isnan(result.constraint[person])
        else:
            assert result.effective_size[person] == pytest.approx(effective[person])
            assert result.constraint[person] == pytest.approx(constraint[person])


def test_two_step_reach_matches_networkx() -> None:
    graph, network = _random_graph(4)
    reach = two_step_reach(network)  # type: ignore[arg-type]
    for person in graph.nodes:
        within_two = nx.single_source_shortest_path_length(graph, person, cutoff=2)
        assert reach[person] == len(within_two) - 1


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=2, max_value=25),
    ties=st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)), max_size=80),
    codes=st.lists(st.integers(0, 3), min_size=25, max_size=25),
)
def test_e_i_stays_between_minus_one_and_one(n: int, ties: list[tuple[int, int]], codes: list[int]) -> None:
    ties = [(a % n, b % n) for a, b in ties]
    network = build_network(n, ties)
    result = ei_index(network, codes[:n])
    assert result.external + result.internal == network.tie_count
    if result.index is not None:
        assert -1.0 <= result.index <= 1.0
    per_person = ei_index_per_person(network, codes[:n])
    finite = per_person[~np.isnan(per_person)]
    assert ((finite >= -1.0) & (finite <= 1.0)).all()


def test_bad_input_names_the_problem() -> None:
    with pytest.raises(NetworkError, match=r"outside 0\.\.2"):
        build_network(3, [(0, 5)])
    with pytest.raises(NetworkError, match="one attribute code per person"):
        ei_index(build_network(3, [(0, 1)]), [0, 1])
    with pytest.raises(NetworkError, match="same people"):
        new_ties(build_network(3, []), build_network(4, []))


def test_the_analysis_never_imports_django() -> None:
    code = (
        "import sys, commonground.network.analysis as a, commonground.network.analysis.metrics;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
