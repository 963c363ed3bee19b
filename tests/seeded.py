"""The demo seeded once for the test modules that only read it.

Seeding the demo takes seconds (its learning sets are solved, its report packs drawn as PDFs), so
modules whose tests read the same demo share one seed: `demo_for_module(...)` returns a
module-scoped fixture that seeds and commits that demo before the module's first test. The seed
stays for the next module that asks for the same demo (same size, seed, moment and options); before
any other module runs, every row the seed added is deleted, table by table, and the database is
checked to be as it was. `order_by_demo` runs the modules that share a demo one after the other, at
the end of the tests that run in a transaction. Each test still runs inside its own transaction,
rolled back after it, so what a test writes is gone before the next one reads the demo.

Not for tests that seed the demo themselves, with other options, or with a reset, nor for
transactional tests (their flush would empty the shared demo).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

Rows = dict[str, set[Any]]


def _tables() -> list[tuple[str, str]]:
    """(table, primary key column) of every table Django knows, many-to-many links included."""
    seen: dict[str, str] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and meta.db_table not in seen:
            seen[meta.db_table] = meta.pk.column
    return sorted(seen.items())


def _rows(tables: list[tuple[str, str]]) -> Rows:
    with connection.cursor() as cursor:
        found: Rows = {}
        for table, pk in tables:
            cursor.execute(f"SELECT {connection.ops.quote_name(pk)} FROM {connection.ops.quote_name(table)}")
            found[table] = {row[0] for row in cursor.fetchall()}
        return found


def _delete_added(tables: list[tuple[str, str]], before: Rows) -> None:
    """Delete what was added since `before`, in one transaction: foreign keys are checked at its end
    (Django declares them deferrable on both databases), once every added row is gone."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, pk in tables:
            kept = sorted(before[table])
            if not kept:
                cursor.execute(f"DELETE FROM {quote(table)}")
                continue
            cursor.execute(
                f"DELETE FROM {quote(table)} WHERE {quote(pk)} NOT IN ({', '.join(['%s'] * len(kept))})", kept
            )
    after = _rows(tables)
    changed = sorted(table for table, _ in tables if after[table] != before[table])
    assert not changed, f"rows the shared demo added are still there, or rows it found are gone: {changed}"


@dataclass(frozen=True)
class DemoKey:
    participants: int
    seed: int
    at: dt.datetime | None
    options: tuple[str, ...]


# Which demo each module asked for (filled as modules are imported), and the one seeded now.
KEYS_OF_MODULES: dict[str, DemoKey] = {}
_seeded: dict[str, Any] = {}


def _seed(key: DemoKey) -> None:
    tables = _tables()
    before = _rows(tables)
    _seeded.update(key=key, tables=tables, before=before)
    clock = time_machine.travel(key.at, tick=False) if key.at is not None else nullcontext()
    with clock:
        call_command(
            "seed_demo", "--participants", str(key.participants), "--seed", str(key.seed), *key.options, verbosity=0,
        )


def use_demo(key: DemoKey | None) -> None:
    """Make `key`'s demo the one in the database (None: none), removing another first."""
    if not _seeded and key is None:
        return  # nothing to do, and no database to reach
    if _seeded.get("key") == key:
        return
    if _seeded:
        tables, before = _seeded["tables"], _seeded["before"]
        _seeded.clear()
        _delete_added(tables, before)
    if key is not None:
        _seed(key)


def demo_for_module(
    *, participants: int = 80, seed: int = 7, at: dt.datetime | None = None, options: tuple[str, ...] = ()
) -> Callable[..., None]:
    """A module-scoped fixture: the demo of `participants` people from `seed` (and any further
    `seed_demo` options), seeded (at the moment `at`, when given) unless the previous module's is
    the same, and removed before a module that does not share it."""
    key = DemoKey(participants, seed, at, options)
    KEYS_OF_MODULES[sys._getframe(1).f_globals["__name__"]] = key

    @pytest.fixture(scope="module")
    def shared_demo(django_db_setup: None, django_db_blocker: Any) -> None:
        with django_db_blocker.unblock():
            use_demo(key)

    return shared_demo


def demo_of_module(module: Any) -> DemoKey | None:
    return KEYS_OF_MODULES.get(module.__name__) if module is not None else None


def demo_of(item: pytest.Item) -> DemoKey | None:
    return demo_of_module(getattr(item, "module", None))


def order_by_demo(items: list[pytest.Item]) -> None:
    """After pytest-django's order (tests in a transaction, then transactional ones, then those
    without the database), move the modules sharing a demo to the end of the first group, modules
    of one demo together, so each demo is seeded once."""
    ranks: dict[DemoKey, int] = {}
    for item in items:
        key = demo_of(item)
        if key is not None:
            ranks.setdefault(key, len(ranks) + 1)
    if not ranks:
        return
    position = {id(item): i for i, item in enumerate(items)}

    def group(item: pytest.Item) -> int:  # pytest-django's: 0 in a transaction, 1 transactional, 2 no database
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
            "transactional_db" in fixtures or "live_server" in fixtures
        ):
            return 1
        return 0 if marker or "db" in fixtures else 2

    def order(item: pytest.Item) -> tuple[int, int, int]:
        key = demo_of(item)
        return (group(item), ranks[key] if key is not None else 0, position[id(item)])

    items.sort(key=order)
