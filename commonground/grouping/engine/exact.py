"""OR-Tools CP-SAT: feasibility of the hard constraints (naming the clash), exact small MDGP."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from commonground.grouping.engine import _kernels as K


@dataclass(frozen=True)
class HardConstraints:
    """Hard constraints of one component, by person index; ``names`` label them in words."""

    n: int
    lo: list[int]
    hi: list[int]
    apart: list[tuple[int, int, str]]
    together: list[tuple[int, int, str]]
    locked: list[tuple[int, int, str]]
    size_name: str


def feasible_grouping(
    hc: HardConstraints, time_limit: float = 10.0
) -> tuple[list[int] | None, list[str]]:
    """A grouping meeting every hard constraint, or None and the names of clashing ones.

    Each named constraint is switched on by an assumption literal; when CP-SAT proves the model
    infeasible it returns a subset of assumptions that is already infeasible, which we shrink
    by deletion (each test is a small solve) to a minimal clash.
    """
    names: list[str] = [hc.size_name]
    names += [c[2] for c in hc.apart] + [c[2] for c in hc.together] + [c[2] for c in hc.locked]

    def build(active: list[int]) -> tuple[cp_model.CpModel, list[list[cp_model.IntVar]]]:
        on = set(active)
        model = cp_model.CpModel()
        m = len(hc.lo)
        x = [[model.new_bool_var(f"x{i}_{g}") for g in range(m)] for i in range(hc.n)]
        for i in range(hc.n):
            model.add_exactly_one(x[i])
        k = 0
        if k in on:
            for g in range(m):
                model.add(sum(x[i][g] for i in range(hc.n)) >= hc.lo[g])
                model.add(sum(x[i][g] for i in range(hc.n)) <= hc.hi[g])
        k += 1
        for a, b, _ in hc.apart:
            if k in on:
                for g in range(m):
                    model.add_bool_or([x[a][g].Not(), x[b][g].Not()])
            k += 1
        for a, b, _ in hc.together:
            if k in on:
                for g in range(m):
                    model.add(x[a][g] == x[b][g])
            k += 1
        for a, g, _ in hc.locked:
            if k in on:
                if 0 <= g < m:
                    model.add(x[a][g] == 1)
                else:
                    model.add_bool_or([])  # a lock to a group that does not exist
            k += 1
        return model, x

    def solve(active: list[int]) -> tuple[int, list[int] | None]:
        model, x = build(active)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = time_limit
        solver.parameters.num_workers = 1
        status = solver.solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            grp = [next(g for g in range(len(hc.lo)) if solver.value(x[i][g])) for i in range(hc.n)]
            return int(status), grp
        return int(status), None

    everything = list(range(len(names)))
    status, grp = solve(everything)
    if grp is not None:
        return grp, []
    if status != cp_model.INFEASIBLE:
        return None, ["could not decide feasibility in time: " + ", ".join(names[:10])]
    core = everything
    if len(core) <= 40:
        i = 0
        while i < len(core):
            trial = core[:i] + core[i + 1 :]
            st, _ = solve(trial)
            if st == cp_model.INFEASIBLE:
                core = trial
            else:
                i += 1
    return None, [names[k] for k in core]


def mdgp_exact(
    D: K.FArr, lo: K.IArr, hi: K.IArr, time_limit: float = 30.0, scale: float = 1000.0
) -> tuple[float, list[int], bool]:
    """Maximise within-group distance exactly with CP-SAT (small n): (value, grouping, proved).

    Distances are scaled to integers (MDGPLIB has three decimals, so x1000 is exact). Person 0
    goes to group 0 when all groups share the same bounds (they are then interchangeable).
    """
    n, m = D.shape[0], lo.shape[0]
    model = cp_model.CpModel()
    x = [[model.new_bool_var(f"x{i}_{g}") for g in range(m)] for i in range(n)]
    for i in range(n):
        model.add_exactly_one(x[i])
    for g in range(m):
        model.add(sum(x[i][g] for i in range(n)) >= int(lo[g]))
        model.add(sum(x[i][g] for i in range(n)) <= int(hi[g]))
    if len({(int(a), int(b)) for a, b in zip(lo, hi, strict=True)}) == 1:
        model.add(x[0][0] == 1)
        # person i sits in one of the first i + 1 groups (labels open in order)
        for i in range(1, n):
            for g in range(i + 1, m):
                model.add(x[i][g] == 0)
    terms = []
    for i in range(n):
        for j in range(i + 1, n):
            w = round(float(D[i, j]) * scale)
            if w == 0:
                continue
            y = model.new_bool_var(f"y{i}_{j}")
            # y may be 1 only if i and j share some group
            z = [model.new_bool_var(f"z{i}_{j}_{g}") for g in range(m)]
            for g in range(m):
                model.add_implication(z[g], x[i][g])
                model.add_implication(z[g], x[j][g])
            model.add(sum(z) == y)
            terms.append(w * y)
    model.maximize(sum(terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return float("nan"), [], False
    grp = [next(g for g in range(m) if solver.value(x[i][g])) for i in range(n)]
    same = np.array(grp)[:, None] == np.array(grp)[None, :]
    value = float(np.triu(D * same, 1).sum())
    return value, grp, status == cp_model.OPTIMAL
