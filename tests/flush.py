"""Emptying the database between transactional tests (browser journeys, live servers, real
concurrency), which Django does with its flush command after each one, faster:

- On PostgreSQL, DELETE rather than Django's TRUNCATE. TRUNCATE of every table gives each table new
  files on disk; DELETE of the few rows a test leaves is a few hundredths of a second. Foreign keys
  are declared deferrable, so they are checked once every table is empty, at the end of the flush's
  transaction. Sequences are left as TRUNCATE without RESTART IDENTITY leaves them; a flush that
  asks to reset them keeps TRUNCATE.
- On both databases, the content types and permissions are kept. The flush is followed by Django's
  post-migrate step, which writes exactly these rows again when they are gone (hundreds of inserts
  a test) and only reads them when they are there, so the database ends in the same state.
"""

from typing import Any

import django.db.backends.postgresql.base
import django.db.backends.sqlite3.base  # noqa: F401  (each backend's module before its operations)
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresOperations
from django.db.backends.sqlite3.operations import DatabaseOperations as SqliteOperations

# Rows every migrated database holds, written again by post-migrate when a flush removed them.
KEPT = frozenset({"django_content_type", "auth_permission"})

_postgres = PostgresOperations.sql_flush
_sqlite = SqliteOperations.sql_flush


def _postgres_flush(self: PostgresOperations, style: Any, tables: list[str], *, reset_sequences: bool = False,
                    allow_cascade: bool = False) -> list[str]:
    if reset_sequences:
        return _postgres(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
    return [
        f"{style.SQL_KEYWORD('DELETE')} {style.SQL_KEYWORD('FROM')} {style.SQL_FIELD(self.quote_name(table))};"
        for table in tables if table not in KEPT
    ]


def _sqlite_flush(self: SqliteOperations, style: Any, tables: list[str], *, reset_sequences: bool = False,
                  allow_cascade: bool = False) -> list[str]:
    kept = tables if reset_sequences else [table for table in tables if table not in KEPT]
    return _sqlite(self, style, kept, reset_sequences=reset_sequences, allow_cascade=allow_cascade)


def flush_quickly() -> None:
    """Install both for the test run (tests/conftest.py)."""
    PostgresOperations.sql_flush = _postgres_flush  # type: ignore[method-assign]
    SqliteOperations.sql_flush = _sqlite_flush  # type: ignore[method-assign]
