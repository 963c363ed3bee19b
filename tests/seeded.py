"""The demo seeded once for a whole test module, for modules whose tests only read it.

Seeding the demo takes seconds (its learning sets are solved, its report packs drawn as PDFs), so a
module of tests that each read the same demo seeds it once: `demo_for_module(...)` returns a
module-scoped fixture that seeds and commits it before the module's first test and, after its last,
deletes every row the seed added, table by table, and checks that the database is as it was. Each
test still runs inside its own transaction, rolled back after it, so what a test writes is gone
before the next one reads the demo.

Not for tests that seed the demo themselves, with other options, or with a reset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import nullcontext
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


def demo_for_module(
    *, participants: int = 80, seed: int = 7, at: dt.datetime | None = None, options: tuple[str, ...] = ()
) -> Callable[..., Iterator[None]]:
    """A module-scoped fixture: the demo of `participants` people from `seed` (and any further
    `seed_demo` options), seeded once (at the moment `at`, when given) and removed after the
    module's last test."""

    @pytest.fixture(scope="module")
    def shared_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
        with django_db_blocker.unblock():
            tables = _tables()
            before = _rows(tables)
            clock = time_machine.travel(at, tick=False) if at is not None else nullcontext()
            try:
                with clock:
                    call_command(
                        "seed_demo", "--participants", str(participants), "--seed", str(seed), *options,
                        verbosity=0,
                    )
                yield
            finally:
                _delete_added(tables, before)

    return shared_demo
