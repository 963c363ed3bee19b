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
*sensitive*: hidden whatever its value, because fewer than 5 people stand behind it (a row of
sessions offered and attended by three people, say).

**What is published.** `protect` returns a `Publication`: every cell either shown with its true
value or hidden. It is never perturbed, so every shown figure is true and adds up.

1. *Zero is shown*, unless the cell is sensitive or a zero must be hidden to protect another cell
   (a sensitive zero under a published zero total, say). A zero identifies nobody, and showing it
   keeps tables readable. The check below assumes the reader knows that every hidden cell that
   is not zero is at least 1 (as if they could tell the hidden zeros apart), which only makes it
   stricter.
2. *Primary suppression:* every cell from 1 to 4 (`THRESHOLD` − 1) is hidden, and every
   sensitive cell.
3. *Secondary suppression:* further cells are hidden until every hidden cell keeps a feasible
   range of at least `NEEDED_VALUES` (5) whole numbers given everything published, totals
   included: for hidden cell c, with every shown cell fixed at its value, every relation holding,
   every hidden non-zero cell at least 1 and other unknown cells at least 0, max(c) − min(c) + 1 ≥ 5. So a
   hidden 1 could be anything from 1 to 5 or more, and nobody can tell a hidden 1 from a hidden 4
   by subtraction, however many published figures they combine.
4. *Labels.* A hidden cell is shown with one neutral label ("not shown"), never "fewer than 5":
   a secondary cell may be large, and a label that told primary from secondary cells would give
   the reader a bound the check does not allow for.

**How secondary cells are chosen** (a well-known two-stage approach):

- *Propagation.* While some relation has exactly one unknown cell and that cell is hidden (it is
  its total minus its published parts), hide the smallest shown cell of the same relation
  (non-zero cells first, parts before the total, then by name, so the choice is deterministic).
- *Verification.* Bound each hidden cell by linear programming (`feasible_ranges`). For every
  group of linked hidden cells that still has a cell with a range under 5 values, hide the
  smallest shown cell (non-zero first) among the relations nearest that cell (breadth-first
  through the relations), then propagate and verify again. Each round hides one more cell, and a
  table with every cell hidden passes unless an earlier publication bounds it (nothing else
  bounds a hidden cell from above), so it ends; if an earlier publication alone pins a cell,
  `protect` raises `DisclosureError` rather than publish it.

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

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

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
    cells: dict[str, int] = dict(given.cells) if given else {}
    clash = sorted(set(cells) & set(table.cells))
    if clash:
        raise DisclosureError(f"Cells already published: {', '.join(clash)}.")
    cells.update(table.cells)
    latent = (given.latent if given else frozenset()) | table.latent
    relations = (given.relations if given else ()) + table.relations
    _validate(cells, relations, latent)
    own = frozenset(table.cells) - table.latent
    primary = frozenset(k for k in own if 0 < cells[k] < THRESHOLD or k in table.sensitive)
    hidden = set(primary) | (set(given.hidden) if given else set())
    by_cell: dict[str, list[Relation]] = defaultdict(list)
    for relation in relations:
        for name in relation.cells:
            by_cell[name].append(relation)

    def hideable(name: str) -> bool:
        return name in own and name not in hidden

    while True:
        _propagate(relations, cells, hidden, latent, hideable)
        failing = [c for c, r in feasible_ranges(cells, relations, hidden, latent).items() if not r.safe]
        if not failing:
            break
        done: set[str] = set()
        for name in sorted(failing):
            if name in done:
                continue
            extra = _nearest_candidate(name, by_cell, cells, hidden, latent, hideable)
            if extra is None:
                raise DisclosureError(
                    f"{name} is bounded by figures already published and nothing left to hide protects it."
                )
            hidden.add(extra)
            done |= _component(name, by_cell, hidden | latent)
    return Publication(
        cells=cells,
        relations=relations,
        latent=latent,
        hidden=frozenset(hidden),
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
    hidden_set, latent_set = set(hidden), set(latent)
    unknown = hidden_set | latent_set
    ceiling = sum(cells.values()) + 10 * NEEDED_VALUES  # "no limit" for the solver
    groups: dict[str, list[Relation]] = defaultdict(list)
    members: dict[str, set[str]] = defaultdict(set)
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
    for relation in live:
        groups[root(next(c for c in relation.cells if c in unknown))].append(relation)
    for name in unknown:
        members[root(name)].add(name)
    ranges: dict[str, Range] = {}
    for key, names in members.items():
        targets = sorted(names & hidden_set)
        if targets:
            ranges.update(_bound_group(targets, names, groups[key], cells, hidden_set, ceiling))
    return ranges


# -- Internals ---------------------------------------------------------------------------------


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
                hidden.add(min(choices, key=lambda c: (cells[c] == 0, cells[c], c == relation.total, c)))
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
            return min(candidates, key=lambda c: (cells[c] == 0, cells[c], c))
    return None


def _component(start: str, by_cell: Mapping[str, list[Relation]], unknown: set[str]) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        name = todo.pop()
        for relation in by_cell.get(name, []):
            for other in relation.cells:
                if other in unknown and other not in seen:
                    seen.add(other)
                    todo.append(other)
    return seen


def _floor(name: str, cells: Mapping[str, int], hidden: set[str]) -> int:
    """What a reader knows at least: a hidden cell is not zero, since zeros are shown (sensitive
    zeros aside, which are hidden and so may be 0)."""
    return 1 if name in hidden and cells[name] > 0 else 0


def _bound_group(
    targets: list[str],
    names: set[str],
    relations: list[Relation],
    cells: Mapping[str, int],
    hidden: set[str],
    ceiling: int,
) -> dict[str, Range]:
    order = sorted(names)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    assert solver is not None, "GLOP ships with OR-Tools"
    var = {n: solver.NumVar(_floor(n, cells, hidden), ceiling, n) for n in order}
    for relation in relations:
        expression = var[relation.total] if relation.total in var else cells[relation.total]
        parts = sum(var[p] if p in var else cells[p] for p in relation.parts)
        solver.Add(expression == parts)
    ranges: dict[str, Range] = {}
    for target in targets:
        low = _optimum(solver, var, target, relations, cells, hidden, ceiling, maximise=False)
        high = _optimum(solver, var, target, relations, cells, hidden, ceiling, maximise=True)
        ranges[target] = Range(low, None if high >= ceiling else high)
    return ranges


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
) -> int:
    objective = solver.Objective()
    objective.Clear()
    objective.SetCoefficient(var[target], 1)
    if maximise:
        objective.SetMaximization()
    else:
        objective.SetMinimization()
    status = solver.Solve()
    if status == pywraplp.Solver.OPTIMAL:
        values = [float(v.solution_value()) for v in var.values()]
        if all(abs(v - round(v)) < 1e-6 for v in values):
            return round(float(var[target].solution_value()))
    return _exact(var, target, relations, cells, hidden, ceiling, maximise=maximise)


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
