"""Disclosure control for published counts: PURE Python, no Django import (a test enforces it).

Every count the product publishes (a page, its CSV or XLSX export, a chart, another role's view
of the same figure) is decided here, once, so the same figure is shown the same way everywhere.

Specification
-------------

**A table** is a set of named *cells*, each a whole count of people (or of things people did),
and the *relations* that anyone can know between them: each relation says that one cell (the
total) is the sum of others (its parts). Row and column totals, grand totals, sub-totals and
hierarchies (sector family → sector → organisation, place → cohort, module → session) are all
relations. A cell may be *latent*: a real count that is never published, such as "invited but
did not answer" (invited = answered + latent). Latent cells let a table say "answered is at most
invited" with equalities only; they are never shown and never checked. A cell may be
*sensitive*: hidden whatever its (non-zero) value, because fewer than 5 people stand behind it (a
row of sessions offered and attended by three people, say).

**What is published.** `protect` returns a `Publication`: every cell either shown with its true
value or hidden. It is never perturbed, so every shown figure is true and adds up.

1. *Zero is always shown*, sensitive or not: a zero identifies nobody, showing it keeps tables
   readable, and a zero total pins all its parts at zero anyway, so hiding a zero protects
   nothing. Consequently every hidden cell is known to be at least 1, and the check below
   assumes the reader knows that.
2. *Primary suppression:* every cell from 1 to 4 (`THRESHOLD` − 1) is hidden, and every
   sensitive cell.
3. *Secondary suppression:* further cells are hidden until every hidden cell keeps a feasible
   range of at least `NEEDED_VALUES` (5) whole numbers given everything published, totals
   included: for hidden cell c, with every shown cell fixed at its value, every relation holding,
   every hidden cell at least 1 and latent cells at least 0, max(c) − min(c) + 1 ≥ 5. So a
   hidden 1 could be anything from 1 to 5 or more, and nobody can tell a hidden 1 from a hidden 4
   by subtraction, however many published figures they combine.
4. *Labels.* A hidden cell is shown with one neutral label ("not shown"), never "fewer than 5":
   a secondary cell may be large, and a label that told primary from secondary cells would give
   the reader a bound the check does not allow for.

**How secondary cells are chosen** (a well-known two-stage approach):

- *Propagation.* While some relation has exactly one unknown cell and that cell is hidden (it is
  its total minus its published parts), hide the smallest shown non-zero cell of the same
  relation (parts before the total, then by name, so the choice is deterministic).
- *Verification.* Bound each hidden cell by linear programming (`feasible_ranges`). For every
  hidden cell that still has a range under 5 values, hide the smallest shown non-zero cell among
  the relations nearest that cell (breadth-first through the relations; a failing cell within
  two relations of a cell just chosen waits a round, as that cell may free it too), then
  propagate and verify again. Each round hides more cells, and a table with every non-zero cell
  hidden passes unless an earlier publication bounds it (nothing else bounds a hidden cell from
  above), so it ends; if an earlier publication alone pins a cell, `protect` raises
  `DisclosureError` rather than publish it. Hiding a cell only frees it, so a range never
  narrows as more is hidden, and each round re-checks only the cells that failed and those just
  hidden; a whole solution that moves a cell 4 or more from its true value proves it safe
  without a bound of its own.

The linear programme is solved with GLOP; a vertex that is not whole (possible only when the
relations are not a hierarchy or a two-way table) is re-solved exactly with CP-SAT, so the
ranges are those of whole numbers, never a relaxation that would overstate the protection.

**Linked tables.** `protect(table, given=earlier)` protects a table whose cells relate to an
earlier publication's (responses in a cohort's round are at most the cohort's participants).
The earlier decisions are kept (they may already be on screen); the check runs over both
tables together, and only the new table's cells are hidden further. Chaining publications this
way (participants → evaluation → relationships) makes the whole chain safe together, so a reader
who sees every page and export of a role cannot narrow any hidden cell below 5 values.

**Fixed breakdowns.** Protection holds for the tables it is given. A free date range or an
arbitrary subset would be a new table whose difference from another reveals hidden cells, so
callers publish only fixed breakdowns (cohort, place, sector, round, module) and never a total
over a reader-chosen subset.

Out of scope: means and rates are not counts; callers show a mean or a rate only beside its
count, and only when that count is shown. A reader who knows the algorithm could reason about
which cells it tends to choose; the check does not model that.
"""

from __future__ import annotations

import math
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # OR-Tools (and the pandas it loads) is imported only when an audit needs a solver
    from ortools.linear_solver import pywraplp

THRESHOLD = 5  # counts from 1 to THRESHOLD − 1 are never shown
NEEDED_VALUES = 5  # a hidden cell must keep at least this many possible whole values
HIDDEN_LABEL = "not shown"


@dataclass(frozen=True)
class Relation:
    """The `total` cell equals the sum of the `parts` cells."""

    total: str
    parts: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Table:
    """Cells (true counts, by name), the relations anyone may know, and the latent cells."""

    cells: Mapping[str, int]
    relations: tuple[Relation, ...] = ()
    latent: frozenset[str] = frozenset()
    sensitive: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Range:
    """Everything a reader can deduce about a hidden cell: from `low` to `high` (None: no limit)."""

    low: int
    high: int | None

    @property
    def values(self) -> float:
        return math.inf if self.high is None else self.high - self.low + 1

    @property
    def safe(self) -> bool:
        return self.values >= NEEDED_VALUES


@dataclass(frozen=True)
class Publication:
    """What may be shown of one or more linked tables: `value(name)` is None when hidden."""

    cells: Mapping[str, int]
    relations: tuple[Relation, ...]
    latent: frozenset[str]
    hidden: frozenset[str]
    primary: frozenset[str]
    own: frozenset[str] = field(default_factory=frozenset)

    def value(self, name: str) -> int | None:
        if name not in self.cells:
            raise KeyError(f"No cell called {name!r} in this publication.")
        if name in self.hidden or name in self.latent:
            return None
        return self.cells[name]

    def shown(self, name: str) -> bool:
        return self.value(name) is not None

    def ranges(self) -> dict[str, Range]:
        """What a reader of everything published can deduce about each hidden cell."""
        return feasible_ranges(self.cells, self.relations, self.hidden, self.latent)


class DisclosureError(ValueError):
    """A table that cannot be protected as described (a relation that does not add up, …)."""


def protect(table: Table, *, given: Publication | None = None) -> Publication:
    """Decide which cells of `table` are shown (see the module docstring)."""
    cells, relations, latent, own, primary = _merge(table, given)
    hidden = set(primary) | (set(given.hidden) if given else set())
    by_cell: dict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        for name in relation.cells:
            by_cell[name].append(relation)

    def hideable(name: str) -> bool:
        return name in own and name not in hidden and cells[name] > 0

    # Hiding a cell only frees it, so a range never narrows as more cells are hidden: a cell found
    # safe stays safe, and each round checks only the cells that failed and the cells just hidden.
    unchecked = set(hidden)
    while True:
        before = set(hidden)
        _propagate(relations, cells, hidden, latent, hideable)
        unchecked |= hidden - before
        failing = _unsafe(cells, relations, hidden, latent, unchecked)
        unchecked = set(failing)
        if not failing:
            break
        # One more hidden cell for each failing cell (the nearest, smallest), chosen before any is
        # hidden so that cells failing for the same reason usually share it.
        extras: set[str] = set()
        near: set[str] = set()
        for name in sorted(failing):
            if name in near:
                continue  # the cell just chosen nearby may well free it: see next round
            extra = _nearest_candidate(name, by_cell, cells, hidden, latent, hideable)
            if extra is None:
                raise DisclosureError(
                    f"{name} is bounded by figures already published and nothing left to hide protects it."
                )
            extras.add(extra)
            near |= _neighbourhood(extra, by_cell, NEIGHBOURHOOD)
        hidden |= extras
        unchecked |= extras
    return _publication(table, given, frozenset(hidden) - (given.hidden if given else frozenset()))


def republish(table: Table, *, hidden: frozenset[str], given: Publication | None = None) -> Publication:
    """The publication `protect` decided earlier for this table, rebuilt from its own hidden cells
    (for callers that remember decisions; `hidden` must be what `protect` hid, primary cells included)."""
    published = _publication(table, given, hidden)
    missing = published.primary - published.hidden
    if missing:
        raise DisclosureError(f"Small cells would be shown: {', '.join(sorted(missing))}.")
    return published


def _merge(
    table: Table, given: Publication | None
) -> tuple[dict[str, int], tuple[Relation, ...], frozenset[str], frozenset[str], frozenset[str]]:
    """Cells, relations and latent cells of the table and the earlier publication; own and primary cells."""
    cells: dict[str, int] = dict(given.cells) if given else {}
    clash = sorted(set(cells) & set(table.cells))
    if clash:
        raise DisclosureError(f"Cells already published: {', '.join(clash)}.")
    cells.update(table.cells)
    latent = (given.latent if given else frozenset()) | table.latent
    relations = (given.relations if given else ()) + table.relations
    _validate(cells, relations, latent)
    own = frozenset(table.cells) - table.latent
    primary = frozenset(k for k in own if 0 < cells[k] < THRESHOLD or (k in table.sensitive and cells[k] > 0))
    return cells, relations, latent, own, primary


def _publication(table: Table, given: Publication | None, own_hidden: frozenset[str]) -> Publication:
    cells, relations, latent, own, primary = _merge(table, given)
    return Publication(
        cells=cells,
        relations=relations,
        latent=latent,
        hidden=own_hidden | (given.hidden if given else frozenset()),
        primary=primary | (given.primary if given else frozenset()),
        own=own | (given.own if given else frozenset()),
    )


def feasible_ranges(
    cells: Mapping[str, int],
    relations: Iterable[Relation],
    hidden: Iterable[str],
    latent: Iterable[str] = (),
) -> dict[str, Range]:
    """Bound every hidden cell given the shown cells and the relations (hidden non-zero cells ≥ 1,
    other unknown cells ≥ 0)."""
    hidden_set = set(hidden)
    ceiling = _ceiling(cells)
    ranges: dict[str, Range] = {}
    for names, group in _groups(hidden_set, set(latent), relations):
        targets = sorted(names & hidden_set)
        if targets:
            ranges.update(_bound_group(targets, names, group, cells, hidden_set, ceiling))
    return ranges


# -- Internals ---------------------------------------------------------------------------------


def _ceiling(cells: Mapping[str, int]) -> int:
    return sum(cells.values()) + 10 * NEEDED_VALUES  # "no limit" for the solver


def _groups(
    hidden: set[str], latent: set[str], relations: Iterable[Relation]
) -> list[tuple[set[str], list[Relation]]]:
    """Unknown cells split into independent groups, each with the relations that link them."""
    unknown = hidden | latent
    parent = {name: name for name in unknown}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    live = [r for r in relations if any(c in unknown for c in r.cells)]
    for relation in live:
        linked = [c for c in relation.cells if c in unknown]
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])
    groups: dict[str, list[Relation]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)
    for relation in live:
        groups[root(next(c for c in relation.cells if c in unknown))].append(relation)
    for name in unknown:
        members[root(name)].add(name)
    return [(names, groups[key]) for key, names in members.items()]


def _unsafe(
    cells: Mapping[str, int],
    relations: Iterable[Relation],
    hidden: set[str],
    latent: frozenset[str],
    candidates: set[str],
) -> list[str]:
    """The cells of `candidates` whose range holds fewer than `NEEDED_VALUES` values.

    Same answer as `feasible_ranges`, sooner: a whole-number solution at least 4 away from a
    cell's true value proves the cell safe (the true values are a solution too), so two solves per
    group (everything hidden as high, then as low, as it goes) settle most cells at once, and a
    cell's own maximum or minimum settles it, and every whole solution found on the way settles the
    other cells it moves far enough."""
    ceiling = _ceiling(cells)
    failing: list[str] = []
    for names, group in _groups(hidden, set(latent), relations):
        targets = sorted(names & hidden & candidates)
        if not targets:
            continue
        solver, var = _model(sorted(names), group, cells, hidden, ceiling)
        settled: set[str] = set()
        for maximise in (True, False):
            _settle(settled, _solve(solver, var, targets, maximise=maximise), targets, cells)
        for name in targets:
            if name in settled:
                continue
            high, solution = _optimum(solver, var, name, group, cells, hidden, ceiling, maximise=True)
            _settle(settled, solution, targets, cells)
            if name in settled:
                continue
            low, solution = _optimum(solver, var, name, group, cells, hidden, ceiling, maximise=False)
            _settle(settled, solution, targets, cells)
            if high - low + 1 < NEEDED_VALUES:
                failing.append(name)
    return failing


NEIGHBOURHOOD = 2  # relations away from a newly hidden cell within which failing cells wait a round


def _neighbourhood(start: str, by_cell: Mapping[str, list[Relation]], steps: int) -> set[str]:
    """Every cell within `steps` relations of `start`."""
    seen, frontier = {start}, {start}
    for _ in range(steps):
        frontier = {c for name in frontier for r in by_cell.get(name, []) for c in r.cells} - seen
        seen |= frontier
    return seen


def _settle(settled: set[str], solution: dict[str, int] | None, targets: list[str], cells: Mapping[str, int]) -> None:
    """Cells that a whole solution moves at least 4 from their true value have 5 values or more."""
    if solution is not None:
        settled.update(n for n in targets if abs(solution[n] - cells[n]) >= NEEDED_VALUES - 1)


def _validate(cells: Mapping[str, int], relations: tuple[Relation, ...], latent: frozenset[str]) -> None:
    for name, value in cells.items():
        if not isinstance(value, int) or value < 0:
            raise DisclosureError(f"{name} must be a whole count, not {value!r}.")
    for name in latent:
        if name not in cells:
            raise DisclosureError(f"Latent cell {name} has no value.")
    for relation in relations:
        missing = [c for c in relation.cells if c not in cells]
        if missing:
            raise DisclosureError(f"The relation for {relation.total} names unknown cells: {', '.join(missing)}.")
        if len(set(relation.cells)) != len(relation.cells):
            raise DisclosureError(f"The relation for {relation.total} names a cell twice.")
        parts = sum(cells[p] for p in relation.parts)
        if cells[relation.total] != parts:
            raise DisclosureError(
                f"{relation.total} is {cells[relation.total]} but its parts add up to {parts}."
            )


def _propagate(
    relations: tuple[Relation, ...],
    cells: Mapping[str, int],
    hidden: set[str],
    latent: frozenset[str],
    hideable: Callable[[str], bool],
) -> None:
    """Hide a partner wherever a relation would give a lone hidden cell away by subtraction."""
    changed = True
    while changed:
        changed = False
        for relation in relations:
            unknown = [c for c in relation.cells if c in hidden or c in latent]
            if len(unknown) != 1 or unknown[0] in latent:
                continue
            choices = [c for c in relation.cells if hideable(c)]
            if choices:
                hidden.add(min(choices, key=lambda c: (cells[c], c == relation.total, c)))
                changed = True


def _nearest_candidate(
    start: str,
    by_cell: Mapping[str, list[Relation]],
    cells: Mapping[str, int],
    hidden: set[str],
    latent: frozenset[str],
    hideable: Callable[[str], bool],
) -> str | None:
    """The smallest hideable cell in the relations nearest `start` (breadth-first)."""
    seen_cells: set[str] = {start}
    seen_relations: set[int] = set()
    frontier = deque([start])
    while frontier:
        layer = list(frontier)
        frontier.clear()
        candidates: set[str] = set()
        for name in layer:
            for relation in by_cell.get(name, []):
                if id(relation) in seen_relations:
                    continue
                seen_relations.add(id(relation))
                for other in relation.cells:
                    if hideable(other):
                        candidates.add(other)
                    elif (other in hidden or other in latent) and other not in seen_cells:
                        seen_cells.add(other)
                        frontier.append(other)
        if candidates:
            return min(candidates, key=lambda c: (cells[c], c))
    return None


def _floor(name: str, cells: Mapping[str, int], hidden: set[str]) -> int:
    """What a reader knows at least: a hidden cell is not zero, since zeros are shown."""
    return 1 if name in hidden and cells[name] > 0 else 0


def _model(
    order: list[str], relations: list[Relation], cells: Mapping[str, int], hidden: set[str], ceiling: int
) -> tuple[pywraplp.Solver, dict[str, pywraplp.Variable]]:
    from ortools.linear_solver import pywraplp

    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "GLOP ships with OR-Tools"
    var = {n: solver.NumVar(_floor(n, cells, hidden), ceiling, n) for n in order}
    for relation in relations:
        expression = var[relation.total] if relation.total in var else cells[relation.total]
        parts = sum(var[p] if p in var else cells[p] for p in relation.parts)
        solver.Add(expression == parts)
    return solver, var


def _bound_group(
    targets: list[str],
    names: set[str],
    relations: list[Relation],
    cells: Mapping[str, int],
    hidden: set[str],
    ceiling: int,
) -> dict[str, Range]:
    solver, var = _model(sorted(names), relations, cells, hidden, ceiling)
    ranges: dict[str, Range] = {}
    for target in targets:
        low, _ = _optimum(solver, var, target, relations, cells, hidden, ceiling, maximise=False)
        high, _ = _optimum(solver, var, target, relations, cells, hidden, ceiling, maximise=True)
        ranges[target] = Range(low, None if high >= ceiling else high)
    return ranges


def _solve(
    solver: pywraplp.Solver, var: Mapping[str, pywraplp.Variable], terms: Iterable[str], *, maximise: bool
) -> dict[str, int] | None:
    """An optimal vertex for the sum of `terms`, when it is made of whole numbers."""
    from ortools.linear_solver import pywraplp

    objective = solver.Objective()
    objective.Clear()
    for name in terms:
        objective.SetCoefficient(var[name], 1)
    if maximise:
        objective.SetMaximization()
    else:
        objective.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    values = {n: float(v.solution_value()) for n, v in var.items()}
    if any(abs(v - round(v)) >= 1e-6 for v in values.values()):
        return None
    return {n: round(v) for n, v in values.items()}


def _optimum(
    solver: pywraplp.Solver,
    var: Mapping[str, pywraplp.Variable],
    target: str,
    relations: list[Relation],
    cells: Mapping[str, int],
    hidden: set[str],
    ceiling: int,
    *,
    maximise: bool,
) -> tuple[int, dict[str, int] | None]:
    """The cell's least or greatest whole value, and the whole solution when the LP gave one."""
    solution = _solve(solver, var, [target], maximise=maximise)
    if solution is not None:
        return solution[target], solution
    return _exact(var, target, relations, cells, hidden, ceiling, maximise=maximise), None


def _exact(
    var: Mapping[str, pywraplp.Variable],
    target: str,
    relations: list[Relation],
    cells: Mapping[str, int],
    hidden: set[str],
    ceiling: int,
    *,
    maximise: bool,
) -> int:
    """The whole-number optimum when the relaxation's vertex is fractional."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    ints = {n: model.new_int_var(_floor(n, cells, hidden), ceiling, n) for n in var}
    for relation in relations:
        total = ints[relation.total] if relation.total in ints else cells[relation.total]
        model.add(total == sum(ints[p] if p in ints else cells[p] for p in relation.parts))
    if maximise:
        model.maximize(ints[target])
    else:
        model.minimize(ints[target])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status != cp_model.OPTIMAL:
        raise DisclosureError(f"Could not bound {target} (solver status {solver.status_name(status)}).")
    return int(solver.value(ints[target]))
