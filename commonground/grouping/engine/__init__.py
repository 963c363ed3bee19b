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
``seconds``, ``figures`` (totals such as same-organisation pairs and their minimum),
``stopped`` (why the search ended: "bound" when every part reached its share of the proven
lower bound, so it stopped at once whatever time was left; "time limit", "iteration limit")
and ``iterations``. ``explain.stop_line(stopped, gap)`` says it in one sentence.

``evaluate(problem, assignment) -> Solution`` gives the same figures for a grouping made some
other way (by hand, or an earlier answer), without searching: ``assignment`` is one round (a
sequence of 0-based groups in ``problem.people`` order) or one such sequence per round. It
reports the penalty, the lower bound and gap, each group's ``GroupFigures`` with its
explanation line, ``worst_group_score``, ``constraint_check`` (every broken hard constraint in
words: round count, placements, group sizes, mixed *same* values, apart, together, locked) and
``figures`` (``same_<attribute>_pairs`` with ``same_<attribute>_pairs_min``, the fewest possible
when each value spreads evenly; ``known_pairs``, ``repeat_pairs``, ``groups``, ``people``).
Groups and size bounds are read from the problem as ``solve`` reads them; when the problem
does not fix the number of groups, the groups used in ``assignment`` count, bounded by
``min_size``/``max_size``. ``seconds`` is the time the evaluation took.

MDGP benchmark entry: ``read_instance(path)`` and ``solve_mdgp(instance, *, time_limit,
seed, progress) -> MdgpResult`` (maximisation, with an upper bound and gap). ``warm_up()``
(or ``warm_up(*parts)``, only the parts a case needs) loads the compiled kernels once per
process from the on-disk cache that ``make install`` fills, and returns a ``WarmUp`` (seconds,
signatures compiled: more than 0 when the cache was cold); the solvers call it before starting
their clock, so time limits measure search time only.
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
from commonground.grouping.engine.solver import evaluate, solve
from commonground.grouping.engine.warm import warm_up

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
    "evaluate",
    "read_instance",
    "solve",
    "solve_mdgp",
    "warm_up",
]
