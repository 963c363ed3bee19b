"""MDGP: reader, exact small cases, local search feasibility and the CLI contract 8."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from commonground.grouping.engine import _descent, _sums
from commonground.grouping.engine.bounds import mdgp_upper_bound
from commonground.grouping.engine.cli import main
from commonground.grouping.engine.exact import mdgp_exact
from commonground.grouping.engine.mdgp import (
    MdgpInstance,
    exhaustive,
    grouping_value,
    read_instance,
    sizes_ok,
    solve_mdgp,
)
from commonground.grouping.engine.search import (
    iterated_descent,
    max_pair_sizes,
    random_start,
)


def _write(tmp_path: Path, n: int, m: int, kind: str, bounds: list[int], seed: int) -> Path:
    rng = np.random.default_rng(seed)
    lines = [f"{n} {m} {kind} " + " ".join(map(str, bounds))]
    for i in range(n):
        for j in range(i + 1, n):
            lines.append(f"{i} {j} {rng.uniform(0, 100):.3f}")
    path = tmp_path / f"T_n{n:03d}_{kind}_01.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("n", "m", "kind", "bounds"),
    [
        (8, 2, "ss", [4, 4, 4, 4]),
        (9, 3, "ss", [3, 3, 3, 3, 3, 3]),
        (10, 3, "ds", [2, 5, 3, 4, 2, 4]),
    ],
)
def test_it_finds_the_optimum_of_small_instances(
    tmp_path: Path, n: int, m: int, kind: str, bounds: list[int]
) -> None:
    inst = read_instance(_write(tmp_path, n, m, kind, bounds, seed=n))
    best = exhaustive(inst)
    assert best is not None
    res = solve_mdgp(inst, time_limit=1.0, seed=3, exact_if_small=False)
    assert res.feasible
    assert res.value == pytest.approx(best[0])
    assert res.value <= mdgp_upper_bound(inst.D, int(inst.hi.max())) + 1e-9


def test_cp_sat_confirms_the_exhaustive_optimum(tmp_path: Path) -> None:
    inst = read_instance(_write(tmp_path, 8, 2, "ss", [4, 4, 4, 4], seed=5))
    best = exhaustive(inst)
    assert best is not None
    value, grp, proved = mdgp_exact(inst.D, inst.lo, inst.hi, time_limit=20)
    assert proved
    assert value == pytest.approx(best[0])
    assert sizes_ok(inst, np.array(grp))


def test_the_search_respects_different_size_bounds() -> None:
    rng = np.random.default_rng(1)
    n = 40
    D = np.triu(rng.uniform(0, 10, (n, n)), 1)
    D = D + D.T
    lo = np.array([3, 5, 8, 10], dtype=np.int64)
    hi = np.array([6, 9, 12, 14], dtype=np.int64)
    inst = MdgpInstance("random", n, 4, "ds", lo, hi, D)
    res = solve_mdgp(inst, time_limit=0.5, seed=2)
    grp = np.array(res.assignment)
    assert sizes_ok(inst, grp)
    assert res.value == pytest.approx(grouping_value(D, grp))


@pytest.mark.parametrize(
    ("n", "lo", "hi"),
    [
        (20, [2, 3, 4], [9, 8, 7]),
        (17, [1, 1, 1, 1], [5, 6, 7, 8]),
        (12, [4, 4, 4], [4, 4, 4]),
    ],
)
def test_the_size_profile_with_most_pairs_matches_enumeration(
    n: int, lo: list[int], hi: list[int]
) -> None:
    import itertools

    best = max(
        sum(s * (s - 1) // 2 for s in sizes)
        for sizes in itertools.product(*(range(a, b + 1) for a, b in zip(lo, hi, strict=True)))
        if sum(sizes) == n
    )
    sizes = max_pair_sizes(n, np.array(lo), np.array(hi))
    assert sizes is not None
    assert int(sizes.sum()) == n
    assert all(a <= s <= b for s, a, b in zip(sizes, lo, hi, strict=True))
    assert sum(int(s) * (int(s) - 1) // 2 for s in sizes) == best


def test_no_size_profile_when_the_bounds_cannot_hold_everyone() -> None:
    assert max_pair_sizes(20, np.array([1, 1]), np.array([9, 9])) is None
    assert max_pair_sizes(5, np.array([3, 3]), np.array([4, 4])) is None


def test_iterated_descent_ends_on_a_local_maximum_within_bounds_and_repeats_per_seed() -> None:
    rng = np.random.default_rng(4)
    n = 30
    D = np.triu(rng.uniform(0, 10, (n, n)), 1)
    D = D + D.T
    lo = np.array([5, 6, 7], dtype=np.int64)
    hi = np.array([9, 10, 12], dtype=np.int64)
    start = random_start(n, 3, lo, hi, seed=4, most_pairs=True)
    runs = [
        iterated_descent(D, start, 3, lo, hi, time_limit=30.0, seed=7, max_rounds=200)
        for _ in range(2)
    ]
    grp = runs[0].grp
    sizes = np.bincount(grp, minlength=3)
    assert np.all(sizes >= lo) and np.all(sizes <= hi)
    assert runs[0].value == pytest.approx(grouping_value(D, grp))
    assert runs[0].value >= grouping_value(D, start)
    assert _best_move_gain(D, grp, lo, hi) <= 1e-7
    assert np.array_equal(runs[1].grp, grp)
    assert runs[0].iterations == 200
    other = iterated_descent(D, start, 3, lo, hi, time_limit=30.0, seed=8, max_rounds=200)
    assert _best_move_gain(D, other.grp, lo, hi) <= 1e-7


def _best_move_gain(D: np.ndarray, grp: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    """The largest gain of any single insert or swap (vectorised, from scratch)."""
    n, m = len(grp), len(lo)
    G = np.stack([D[:, grp == g].sum(axis=1) for g in range(m)], axis=1)
    own = G[np.arange(n), grp]
    sizes = np.bincount(grp, minlength=m)
    insert = G - own[:, None]
    allowed = (sizes[grp] > lo[grp])[:, None] & (sizes < hi)[None, :]
    allowed[np.arange(n), grp] = False
    best = float(insert[allowed].max()) if allowed.any() else -np.inf
    cross = G[:, grp] - own[:, None]  # i into j's group
    swap = cross + cross.T - 2 * D
    differ = grp[:, None] != grp[None, :]
    return max(best, float(swap[differ].max()))


@pytest.mark.parametrize("log_rows", [2, 400])
def test_every_descent_round_leaves_the_sums_member_lists_and_marks_exact(log_rows: int) -> None:
    # A two-row log overflows on almost every round, so the rebuild path runs too.
    rng = np.random.default_rng(11)
    n, m = 36, 6
    D = np.triu(rng.integers(0, 20, (n, n)).astype(np.float64), 1)
    D = D + D.T
    lo = np.array([4, 5, 5, 6, 4, 5], dtype=np.int64)
    hi = np.array([7, 7, 8, 8, 9, 6], dtype=np.int64)
    grp = random_start(n, m, lo, hi, seed=3)
    sizes = np.bincount(grp, minlength=m).astype(np.int64)
    G = np.zeros((n, m))
    _sums.dense_sums(D, grp, G)
    marks, members = _descent.new_marks(grp, m)
    gen = np.array([12345], dtype=np.uint64)
    log = np.zeros((log_rows, 2), dtype=np.int64)
    _descent.descent_dense(D, grp, sizes, lo, hi, G, gen, log, -1, marks, members)
    value = grouping_value(D, grp)
    state = np.array([value, value])
    istate = np.zeros(3, dtype=np.int64)
    local, best = grp.copy(), grp.copy()
    # Jump often (inserts change sizes); the weak shake is directed moves (each the best of a
    # sample of ten inserts and swaps).
    params = np.array([1, 3, 3, 3, 1, 10], dtype=np.int64)
    profiles = set()
    for _ in range(300):
        _descent.ils_chunk(
            1,
            D,
            grp,
            sizes,
            lo,
            hi,
            G,
            local,
            best,
            params,
            state,
            istate,
            gen,
            log,
            marks,
            members,
        )
        assert np.array_equal(grp, local)
        assert state[0] == pytest.approx(grouping_value(D, grp))
        assert state[1] == pytest.approx(grouping_value(D, best)) and state[1] >= state[0] - 1e-9
        assert np.array_equal(sizes, np.bincount(grp, minlength=m))
        assert np.all(sizes >= lo) and np.all(sizes <= hi)
        expected = np.zeros((n, m))
        _sums.dense_sums(D, grp, expected)
        assert np.allclose(G, expected)
        for g in range(m):
            row = members[g, : sizes[g]]
            assert sorted(row) == list(np.flatnonzero(grp == g))
            assert all(marks[1 + m + n + i] == k for k, i in enumerate(row))
        assert _best_move_gain(D, grp, lo, hi) <= 1e-9
        profiles.add(tuple(sizes))
    assert istate[2] > 20 and len(profiles) > 1


def test_the_mdgp_command_prints_the_contract_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, 12, 3, "ss", [4, 4, 4, 4, 4, 4], seed=9)
    assert main(["mdgp", str(path), "--time-limit", "1", "--seed", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"instance", "n", "groups", "value", "seconds", "feasible", "assignment"}
    inst = read_instance(path)
    assert out["feasible"] is True
    assert out["value"] == pytest.approx(grouping_value(inst.D, np.array(out["assignment"])))


def test_a_directed_move_with_a_large_sample_is_the_best_move_there_is() -> None:
    # 12 people, 3 groups: 36 inserts and 66 swaps; 5,000 draws see every one of them.
    rng = np.random.default_rng(5)
    n, m = 12, 3
    D = np.triu(rng.random((n, n)) * 10, 1)
    D = D + D.T
    lo = np.array([3, 3, 3], dtype=np.int64)
    hi = np.array([5, 5, 5], dtype=np.int64)
    for seed in range(5):
        grp = random_start(n, m, lo, hi, seed=seed)
        sizes = np.bincount(grp, minlength=m).astype(np.int64)
        G = np.zeros((n, m))
        _sums.dense_sums(D, grp, G)
        marks, members = _descent.new_marks(grp, m)
        before = grouping_value(D, grp)
        expected = _best_move_gain(D, grp, lo, hi)
        log = np.zeros((8, 2), dtype=np.int64)
        gen = np.array([99 + seed], dtype=np.uint64)
        gain, nlog = _descent.directed_moves_dense(
            D, grp, sizes, lo, hi, G, gen, 1, 5000, log, 0, marks, members
        )
        assert gain == pytest.approx(expected)
        assert grouping_value(D, grp) == pytest.approx(before + expected)
        assert nlog in (1, 2) and np.all(sizes >= lo) and np.all(sizes <= hi)
