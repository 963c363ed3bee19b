"""The disclosure module on its own: worked examples, and random tables whose output always passes
the auditor's integer programme (tests/disclosure_audit.py, which knows nothing of the module)."""

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.core.disclosure import (
    DisclosureError,
    Publication,
    Range,
    Relation,
    Table,
    feasible_ranges,
    protect,
)
from tests.disclosure_audit import Audit


def audit(published: Publication, *, names: set[str] | None = None) -> Audit:
    """The reader's model of a publication: shown cells, hidden cells, the relations."""
    reader = Audit()
    for name in names or (set(published.cells) - published.latent):
        reader.see(name, published.value(name))
    for relation in published.relations:
        reader.sum(relation.total, relation.parts)
    return reader


def test_a_total_of_6_beside_5_hides_both_parts_and_keeps_the_total() -> None:
    published = protect(Table(cells={"all": 6, "nhs": 5, "other": 1}, relations=(Relation("all", ("nhs", "other")),)))
    assert (published.value("all"), published.value("nhs"), published.value("other")) == (6, None, None)
    assert published.primary == {"other"}
    # Both are at least 1 and add up to 6: each could be anything from 1 to 5.
    assert published.ranges() == {"nhs": Range(1, 5), "other": Range(1, 5)}
    assert feasible_ranges(published.cells, published.relations, {"other"}) == {"other": Range(1, 1)}
    assert audit(published).run().leaks == []


def test_two_small_cells_whose_sum_is_small_pull_in_a_third() -> None:
    # 1 + 2 = 3 would leave each hidden cell 1 to 2: a third cell must join them.
    cells = {"all": 20, "a": 1, "b": 2, "c": 17}
    published = protect(Table(cells=cells, relations=(Relation("all", ("a", "b", "c")),)))
    assert published.hidden == {"a", "b", "c"}
    assert all(r.safe for r in published.ranges().values())


def test_zero_is_shown_and_a_large_cell_is_shown_when_nothing_needs_it() -> None:
    cells = {"all": 30, "a": 0, "b": 12, "c": 18}
    published = protect(Table(cells=cells, relations=(Relation("all", ("a", "b", "c")),)))
    assert published.hidden == frozenset()


def test_a_latent_cell_bounds_what_is_hidden() -> None:
    # Invited 7, answered 3: "answered" is at most 7; a hidden 3 keeps 1 to 7, seven values.
    table = Table(cells={"invited": 7, "answered": 3, "gap": 4}, relations=(Relation("invited", ("answered", "gap")),),
                  latent=frozenset({"gap"}))
    published = protect(table)
    assert published.value("invited") == 7 and published.value("answered") is None
    assert published.ranges()["answered"].values == 7


def test_sensitive_cells_are_hidden_whatever_their_value() -> None:
    table = Table(cells={"all": 40, "big": 30, "few": 10}, relations=(Relation("all", ("big", "few")),),
                  sensitive=frozenset({"few"}))
    published = protect(table)
    assert published.value("few") is None and published.value("big") is None and published.value("all") == 40


def test_a_linked_table_is_protected_with_what_was_published_before() -> None:
    reach = protect(Table(cells={"all": 18, "east": 12, "west": 6}, relations=(Relation("all", ("east", "west")),)))
    assert reach.hidden == frozenset()
    # West's 6 answered 1: shown beside its total it would be 1; the end-of-round total pulls in East.
    answers = Table(
        cells={"answers": 8, "answers.east": 7, "answers.west": 1, "gap.east": 5, "gap.west": 5},
        relations=(Relation("answers", ("answers.east", "answers.west")),
                   Relation("east", ("answers.east", "gap.east")), Relation("west", ("answers.west", "gap.west"))),
        latent=frozenset({"gap.east", "gap.west"}),
    )
    published = protect(answers, given=reach)
    assert published.value("answers.west") is None and published.value("east") == 12
    assert all(r.safe for r in published.ranges().values())
    with pytest.raises(DisclosureError, match="already published"):
        protect(Table(cells={"east": 12}), given=reach)


def test_a_table_that_does_not_add_up_is_refused() -> None:
    with pytest.raises(DisclosureError, match="all is 7 but its parts add up to 6"):
        protect(Table(cells={"all": 7, "a": 3, "b": 3}, relations=(Relation("all", ("a", "b")),)))
    with pytest.raises(DisclosureError, match="unknown cells"):
        protect(Table(cells={"all": 7}, relations=(Relation("all", ("a",)),)))


def test_the_module_and_the_export_writer_never_import_django() -> None:
    code = (
        "import sys, commonground.core.disclosure, commonground.core.exports;"
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# -- Random tables -------------------------------------------------------------------------------

COUNTS = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def hierarchies(draw: st.DrawFn) -> Table:
    """A grand total over groups over leaves (sector family → sector → organisation)."""
    cells: dict[str, int] = {}
    relations = []
    groups = []
    for g in range(draw(st.integers(1, 4))):
        leaves = [f"g{g}.l{i}" for i in range(draw(st.integers(1, 5)))]
        for leaf in leaves:
            cells[leaf] = draw(COUNTS)
        cells[f"g{g}"] = sum(cells[leaf] for leaf in leaves)
        relations.append(Relation(f"g{g}", tuple(leaves)))
        groups.append(f"g{g}")
    cells["all"] = sum(cells[g] for g in groups)
    relations.append(Relation("all", tuple(groups)))
    return Table(cells=cells, relations=tuple(relations))


@st.composite
def two_way_tables(draw: st.DrawFn) -> Table:
    """Rows × columns with row totals, column totals and a grand total (both ways)."""
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    cells = {f"r{r}c{c}": draw(COUNTS) for r in range(rows) for c in range(columns)}
    relations = []
    for r in range(rows):
        cells[f"r{r}"] = sum(cells[f"r{r}c{c}"] for c in range(columns))
        relations.append(Relation(f"r{r}", tuple(f"r{r}c{c}" for c in range(columns))))
    for c in range(columns):
        cells[f"c{c}"] = sum(cells[f"r{r}c{c}"] for r in range(rows))
        relations.append(Relation(f"c{c}", tuple(f"r{r}c{c}" for r in range(rows))))
    cells["all"] = sum(cells[f"r{r}"] for r in range(rows))
    relations += [Relation("all", tuple(f"r{r}" for r in range(rows))),
                  Relation("all", tuple(f"c{c}" for c in range(columns)))]
    return Table(cells=cells, relations=tuple(relations))


def check(table: Table) -> None:
    published = protect(table)
    for name, value in table.cells.items():
        shown = published.value(name)
        assert shown is None or shown == value, "what is shown is true"
        if 0 < value < 5:
            assert shown is None, f"{name} = {value} is a small number"
    result = audit(published).run()
    assert result.leaks == [], result.summary()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hierarchies())
def test_random_hierarchies_pass_the_audit(table: Table) -> None:
    check(table)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_way_tables())
def test_random_two_way_tables_pass_the_audit(table: Table) -> None:
    check(table)


def test_a_decision_is_remembered_for_the_same_data_and_taken_again_when_it_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from commonground.core import disclosure, publishing

    calls = []
    real = disclosure.protect
    monkeypatch.setattr(disclosure, "protect", lambda table, **kw: calls.append(table) or real(table, **kw))
    table = Table(cells={"all": 6, "nhs": 5, "other": 1}, relations=(Relation("all", ("nhs", "other")),))
    first = publishing.publish(table)
    again = publishing.publish(Table(cells=dict(table.cells), relations=table.relations))
    assert len(calls) == 1 and again == first == real(table)
    changed = publishing.publish(Table(cells={"all": 7, "nhs": 5, "other": 2}, relations=table.relations))
    assert len(calls) == 2 and changed.value("all") == 7
    with pytest.raises(DisclosureError, match="Small cells would be shown: other"):
        disclosure.republish(table, hidden=frozenset({"nhs"}))
