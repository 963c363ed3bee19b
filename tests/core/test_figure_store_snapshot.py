"""Figures are computed from one snapshot: a write that commits while they are computed is either
wholly in them or wholly out, so a total and its parts, read by separate queries, add up.

Under load a register mark committed between the attendance figures' total and their breakdowns,
and the disclosure module refused a table whose parts did not add up to its total. Here a made-up
kind counts rows twice, with another connection committing a row between the two counts.
PostgreSQL only: the test needs a second connection writing while the first reads (SQLite
serialises the two, and its transactions already read one snapshot).
"""

import threading
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from commonground.core import figure_store
from commonground.core.models import StoredFigures

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: a second connection committing while the figures are read",
    ),
    pytest.mark.django_db(transaction=True),
]

PROGRAMME = 43  # the made-up kinds need no programme row
COUNTED = 44  # the programme whose stored rows they count


@dataclass(frozen=True)
class Counts:
    first: int
    second: int


@dataclass(frozen=True)
class Given:
    given: int
    own: int


def _counted() -> int:
    return StoredFigures.objects.filter(programme_id=COUNTED).count()


def _another_connection_adds_a_row(kind: str) -> None:
    def add() -> None:
        try:
            StoredFigures.objects.create(
                programme_id=COUNTED, kind=kind, scope="", payload={}, version=1, computed_at=timezone.now()
            )
        finally:
            connection.close()

    writer = threading.Thread(target=add)
    writer.start()
    writer.join(timeout=30)


@pytest.fixture
def kinds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setattr(figure_store, "_kinds", dict(figure_store._kinds))
    added: list[str] = []

    def counts(programme_id: int, scope: str) -> Counts:
        first = _counted()
        _another_connection_adds_a_row(f"row{len(added)}")
        added.append("row")
        return Counts(first, _counted())

    def given(programme_id: int, scope: str) -> Given:
        counted = figure_store.latest(programme_id, "counts").value
        _another_connection_adds_a_row(f"row{len(added)}")
        added.append("row")
        return Given(counted.second, _counted())

    figure_store.register("counts", counts, version=1)
    figure_store.register("given", given, version=1, after=["counts"])
    return added


def test_a_write_committed_between_two_queries_of_a_refresh_is_in_neither(kinds: list[str]) -> None:
    stored = figure_store.refresh(PROGRAMME, "counts")
    assert kinds == ["row"], "the other connection committed its row mid-computation"
    assert stored.value == Counts(0, 0)
    assert _counted() == 1, "and the row is there for the next refresh"
    assert figure_store.refresh(PROGRAMME, "counts").value == Counts(1, 1)


def test_figures_given_a_stale_kind_compute_it_from_their_own_snapshot_and_leave_it_to_its_refresh(
    kinds: list[str],
) -> None:
    figure_store.refresh(PROGRAMME, "counts")  # stored as Counts(0, 0), and a row has arrived since
    StoredFigures.objects.filter(programme_id=PROGRAMME, kind="counts").update(stale=True, queued=True)
    before = StoredFigures.objects.get(programme_id=PROGRAMME, kind="counts").computed_at

    shown = figure_store.refresh(PROGRAMME, "given")

    assert shown.value.given == shown.value.own, "given the counts as of the same snapshot it counts from"
    counts_row = StoredFigures.objects.get(programme_id=PROGRAMME, kind="counts")
    assert counts_row.stale and counts_row.computed_at == before, "the given kind is stored by its own refresh"
