"""Common Ground grouping engine: pure Python + NumPy (+ Numba, OR-Tools), no Django.

Public API (everything the Django side needs)::

    from commonground.grouping.engine import GroupingProblem, Person, Intent, solve

    problem = GroupingProblem(
        people=(Person("p1", {"place": "North", "organisation": "Trust A"}), ...),
        intents=(Intent("place", "same"), Intent("organisation", "mix", 3.0)),
        min_size=8, max_size=10,            # or n_groups=N / group_size=K
        apart=(("p1", "p7"),), together=(), locked={"p3": 0},
        known=(("p1", "p2"),), history=({"p1": 0, "p2": 1, ...},), rounds=1,
    )
    solution = solve(problem, time_limit=5.0, seed=1, progress=None)

``solve(problem, *, time_limit: float = 10.0, seed: int = 1,
progress: Callable[[float, float], None] | None = None, max_iterations: int | None = None)
-> Solution`` raises ``InfeasibleError`` (``.conflicts`` names the clashing hard
constraints) or ``ProblemError`` (bad input). ``progress(fraction, best_value)`` is called
often enough to drive a progress bar. The search is anytime: at the time limit it returns
the best grouping found. A seed fixes the trajectory; with ``max_iterations`` (or a target
reached) the answer is identical run to run.

``Solution`` fields: ``assignment`` (per round, the 0-based group of each person in
``problem.people`` order), ``objective`` (penalty, lower is better; ``sense`` = "min"),
``bound`` (a valid lower bound on the penalty) and ``gap``, ``groups`` (``GroupFigures`` per
round and group with an ``explanation`` line), ``worst_group_score`` (the highest group
penalty: fairness), ``constraint_check`` (broken hard constraints, empty when fine),
``seconds``, ``figures`` (totals such as same-organisation pairs and their minimum).

MDGP benchmark entry: ``read_instance(path)`` and ``solve_mdgp(instance, *, time_limit,
seed, progress) -> MdgpResult`` (maximisation, with an upper bound and gap). ``warm_up()``
loads the compiled kernels once per process (about 1-2 s); the solvers call it
before starting their clock, so time limits measure search time only.
"""

from __future__ import annotations

from commonground.grouping.engine.mdgp import MdgpInstance, MdgpResult, read_instance, solve_mdgp
from commonground.grouping.engine.problem import (
    GroupFigures,
    GroupingProblem,
    InfeasibleError,
    Intent,
    Person,
    ProblemError,
    Solution,
)
from commonground.grouping.engine.search import warm_up
from commonground.grouping.engine.solver import solve

__all__ = [
    "GroupFigures",
    "GroupingProblem",
    "InfeasibleError",
    "Intent",
    "MdgpInstance",
    "MdgpResult",
    "Person",
    "ProblemError",
    "Solution",
    "read_instance",
    "solve",
    "solve_mdgp",
    "warm_up",
]
