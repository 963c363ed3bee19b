"""An empty database beside the test database, for the tests of a migration's data step.

Taking the test database back to before an old migration means unapplying every later migration of
every app that depends on it (well over a hundred) and applying them again, and Django renders the
whole project's models at each step: a minute or more a test. A scratch database is migrated forward
from empty only as far as the migration under test needs, a few dozen small steps.

Inside `scratch_database()` every query goes to the scratch database (a router sends it there), so a
migration's own `Model.objects` and the test's historical models read and write the same place.
Asserting needs historical models (`migrated(...)`): the scratch database holds an old schema.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.apps.registry import Apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import load_backend
from django.test.utils import override_settings

SCRATCH = "scratch"
Targets = list[tuple[str, str]]


class _ToScratch:
    """Every read and write goes to the scratch database while it is open."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return SCRATCH

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return SCRATCH

    def allow_relation(self, first: Any, second: Any, **hints: Any) -> bool:
        return True


@contextmanager
def scratch_database() -> Iterator[BaseDatabaseWrapper]:
    """An empty database of the test database's kind (in memory for SQLite, a database of its own on
    PostgreSQL, dropped afterwards), with every query routed to it until the block ends."""
    default = connections["default"]
    config = copy.deepcopy(connections.settings["default"])
    name = ""
    if default.vendor == "sqlite":
        config["NAME"] = ":memory:"
    else:
        name = f"{default.settings_dict['NAME']}_scratch"[:63]
        with default.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(name)}")
            cursor.execute(f"CREATE DATABASE {default.ops.quote_name(name)}")
        config["NAME"] = name
    # Known to the handler (so routing and .using() find it) but not among its configured aliases,
    # so the test case counts it as a connection made for the test.
    scratch = load_backend(config["ENGINE"]).DatabaseWrapper(config, SCRATCH)
    connections[SCRATCH] = scratch
    try:
        with override_settings(DATABASE_ROUTERS=[_ToScratch()]):
            yield scratch
    finally:
        scratch.close()
        del connections[SCRATCH]
        if name:
            with default.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {default.ops.quote_name(name)}")


def migrate(scratch: BaseDatabaseWrapper, targets: Targets) -> Apps:
    """Migrate the scratch database to `targets` (forwards or back) and return the models as they
    were there."""
    executor = MigrationExecutor(scratch)
    executor.migrate(targets)
    return migrated(scratch, targets)


def migrated(scratch: BaseDatabaseWrapper, targets: Targets) -> Apps:
    """The historical models at `targets`."""
    return MigrationExecutor(scratch).loader.project_state(targets).apps


def tables(scratch: BaseDatabaseWrapper) -> set[str]:
    with scratch.cursor() as cursor:
        return set(scratch.introspection.table_names(cursor))
