"""The erasure log: which people were erased and when, outside the database, for restoring backups.

A backup taken on Monday and restored on Friday would bring back everyone erased in between. So
every erasure, once its transaction commits, appends one line per person to the file named by
`settings.ERASURE_LOG`: `{"person_id": 42, "erased_at": "2026-12-07T10:00:00+00:00"}`. Ids and
times only: the log says nothing about anyone who is not erased, and nothing about anyone beyond
an id that no longer leads anywhere. After a restore, `manage.py reapply_erasures` erases again,
through `erasure.erase_many`, everyone in the log who is back.
"""

import datetime as dt
import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class LogUnreadable(ValueError):
    """A line of the log is not what the log writes; the message names the line."""


@dataclass(frozen=True)
class Entry:
    person_id: int
    erased_at: dt.datetime


def log_path() -> Path | None:
    return Path(settings.ERASURE_LOG) if settings.ERASURE_LOG else None


def append(person_ids: Iterable[int], *, when: dt.datetime | None = None, path: Path | None = None) -> int:
    """Append these people to the log now (flushed to disk before returning); returns lines written."""
    path = path or log_path()
    ids = list(person_ids)
    if path is None or not ids:
        return 0
    stamp = (when or timezone.now()).isoformat()
    lines = "".join(json.dumps({"person_id": pk, "erased_at": stamp}) + "\n" for pk in ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(lines)
        log.flush()
        os.fsync(log.fileno())
    return len(ids)


def append_on_commit(person_ids: Iterable[int]) -> None:
    """Log these people once the erasure commits: an erasure that rolls back is never logged (a
    logged id is erased again after a restore, so a wrong line would erase someone for real)."""
    ids, when = list(person_ids), timezone.now()

    def write() -> None:
        try:
            append(ids, when=when)
        except OSError:
            logger.exception("could not append %d erased people to the erasure log %s", len(ids), log_path())

    transaction.on_commit(write)


def read(path: Path) -> Iterator[Entry]:
    with path.open(encoding="utf-8") as log:
        for number, line in enumerate(log, start=1):
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
                entry = Entry(person_id=int(fields["person_id"]), erased_at=dt.datetime.fromisoformat(fields["erased_at"]))
            except (ValueError, KeyError, TypeError) as exc:
                raise LogUnreadable(f"{path}: line {number} is not an erasure entry ({exc}).") from None
            yield entry


def due(path: Path, *, since: dt.datetime | None = None) -> list[int]:
    """The ids logged (at or after `since`, when given), each once, in the order first logged."""
    seen: dict[int, None] = {}
    for entry in read(path):
        if since is None or entry.erased_at >= since:
            seen.setdefault(entry.person_id, None)
    return list(seen)
