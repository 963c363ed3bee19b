"""Figures computed once, by the task worker, and read from the database by every page.

A programme's published figures (who takes part, attendance, completion, relationships, the
evaluation) take seconds to compute at a large programme, so pages never compute them: they read
the last computed figures from a `StoredFigures` row, and the services that change what the
figures are made of say so with `changed`, inside their own transaction. That marks the stored
figures stale and queues one `refresh_figures` task for each; the database task queue commits the
task with the data, so a refresh never runs before the change it follows, nor for a change that
rolled back. The task runs `FIGURES_REFRESH_DELAY_SECONDS` later (10 unless set), or ten times as
long as the figures took to compute last time when that is longer (`refresh_delay`), so the changes
made meanwhile (a register marked tap by tap) find it queued and are counted by that one refresh.
Until it has run, a page shows the stored figures and says they are being updated.

- Each feature registers its kinds in `AppConfig.ready()`: `register(kind, compute, version=...,
  after=...)`. `compute(programme_id, scope)` returns a frozen dataclass (its return annotation
  says which, and `core.codec` stores it). `after` names the kinds it is computed from (given their
  publication, or from the same data), so a change to one of them is a change to this one too.
  `due(programme_id, since, until)`, when given, says whether the clock alone has moved the figures
  between two moments (a session ended, a round opened); the periodic `refresh_due_figures` asks it.
- `read(programme_id, kind, scope)` is what pages call. With nothing stored yet (or stored by an
  older version of the code) it computes at once and stores, so a page always has figures.
- `latest(...)` is what a compute function calls for a kind it is given: the stored figures when
  they are up to date, computed now otherwise, so a publication is always protected given the
  very publication stored before it, and the chain reach → relationships → evaluation holds
  between stored figures exactly as between live ones.
- `refresh_all(programme_id)` computes every kind at once (the demo seed, `manage.py
  refresh_figures`); `forget(programme_ids)` drops a deleted programme's rows.

Consistency: a kind is computed from one snapshot of the database (a REPEATABLE READ transaction
on PostgreSQL; SQLite's transactions already read one), so a table and its parts, read by separate
queries, always add up even while registers are being marked. Inside that snapshot `latest` computes
a stale kind it is given from the same snapshot, without storing it (its own refresh stores it), so
figures given another's publication are given one that matches what they count.

Concurrency: `changed` marks each row with `UPDATE ... WHERE queued = false` and queues a task only
when that update took, so two writers (or two calls in one transaction) queue one refresh. A task
first clears `queued`, then computes, then stores with `stale = queued`: a change that arrived
while it computed leaves the figures stale with its own refresh queued.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import hashlib
import logging
import time
import typing
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Min
from django.tasks import default_task_backend
from django.utils import timezone

from commonground.core import codec
from commonground.core.models import StoredFigures

logger = logging.getLogger(__name__)

WHOLE = ""  # the scope of the whole programme
REFRESH_SHARE = 10  # a refresh waits at least ten times as long as the last one took (`refresh_delay`)
SCOPE_LENGTH = 200  # StoredFigures.scope's max_length

type Compute = Callable[[int, str], Any]
type Due = Callable[[int, dt.datetime, dt.datetime], bool]


@dataclasses.dataclass(frozen=True)
class Stored[T]:
    """Figures as a page shows them: the value, when it was computed, and whether newer data is on its way."""

    value: T
    computed_at: dt.datetime
    being_updated: bool = False


@dataclasses.dataclass(frozen=True)
class Computed:
    """What a page says under its heading: the oldest of its figures' times, and whether any is being updated."""

    at: dt.datetime
    being_updated: bool


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str
    compute: Compute
    shape: Any
    version: int
    after: tuple[str, ...]
    due: Due | None


_kinds: dict[str, Kind] = {}
_in_snapshot: contextvars.ContextVar[bool] = contextvars.ContextVar("figures_in_snapshot", default=False)


def register(kind: str, compute: Compute, *, version: int, after: Iterable[str] = (), due: Due | None = None) -> None:
    """Store `kind` computed by `compute(programme_id, scope)` (call from `AppConfig.ready()`).

    `version` is the figures' code version: raise it when their shape or meaning changes and stored
    figures of another version are computed again. `after` names the kinds this one is computed
    from; `due`, whether the clock alone moves it between two moments."""
    shape = typing.get_type_hints(compute).get("return")
    if shape is None:
        raise TypeError(f"Say what {compute.__qualname__} returns: its annotation is how its figures are stored.")
    # Apps are ready in INSTALLED_APPS order, not in the order of the figures, so `after` may name
    # a kind registered later; `kinds()` puts them in order.
    _kinds[kind] = Kind(kind, compute, shape, version, tuple(after), due)


def kinds() -> list[str]:
    """Every registered kind, each after the kinds it is computed from."""
    depth: dict[str, int] = {}

    def deep(name: str, path: tuple[str, ...] = ()) -> int:
        if name in path:
            raise ValueError(f"Figures computed after themselves: {' > '.join((*path, name))}.")
        if name not in depth:
            depth[name] = 1 + max((deep(a, (*path, name)) for a in _kinds[name].after if a in _kinds), default=0)
        return depth[name]

    return sorted(_kinds, key=lambda name: (deep(name), name))


def following(names: Iterable[str]) -> list[str]:
    """These kinds and every kind computed after them, directly or not, in `kinds()` order."""
    wanted = set(names)
    for name in wanted:
        if name not in _kinds:
            raise KeyError(f"No figures registered as {name!r}.")
    ordered = kinds()
    for name in ordered:  # each kind comes after those it is computed from
        if wanted & set(_kinds[name].after):
            wanted.add(name)
    return [name for name in ordered if name in wanted]


def cohort_scope(cohort_ids: Iterable[int] | None) -> str:
    """The scope of some cohorts' figures ("c:3,7"), or of the whole programme (None: "")."""
    if cohort_ids is None:
        return WHOLE
    scope = "c:" + ",".join(str(pk) for pk in sorted(set(cohort_ids)))
    if len(scope) > SCOPE_LENGTH:  # a facilitator of very many cohorts: a digest names the set
        scope = "c#" + hashlib.sha256(scope.encode()).hexdigest()
    return scope


def scope_cohorts(scope: str) -> set[int] | None:
    """The cohorts a scope is about (None: the whole programme)."""
    if scope == WHOLE:
        return None
    if scope.startswith("c:"):
        return {int(pk) for pk in scope[2:].split(",") if pk}
    raise ValueError(f"Cannot compute figures for the scope {scope!r} from its name alone.")


# -- Reading ---------------------------------------------------------------------------------------


def read(programme_id: int, kind: str, scope: str = WHOLE) -> Stored[Any]:
    """The stored figures, computed and stored now when there are none (or only an older version's);
    stale ones are shown as they are, `being_updated`, while their refresh is queued."""
    figure = _kinds[kind]
    row = _row(programme_id, kind, scope)
    if row is None or row.version != figure.version:
        return refresh(programme_id, kind, scope)
    if row.stale and not row.queued:
        _queue([row])  # its refresh failed or was lost: queue another
    return Stored(codec.decode(figure.shape, row.payload), row.computed_at, being_updated=row.stale)


def latest(programme_id: int, kind: str, scope: str = WHOLE) -> Stored[Any]:
    """The figures as of now: the stored ones when up to date, else computed now and stored.
    A compute function calls it for the kinds it is given, so it builds on what is stored."""
    figure = _kinds[kind]
    row = _row(programme_id, kind, scope)
    if row is None or row.stale or row.version != figure.version:
        if _in_snapshot.get():  # from the snapshot the caller counts from; its own refresh stores it
            return Stored(figure.compute(programme_id, scope), timezone.now())
        return refresh(programme_id, kind, scope)
    return Stored(codec.decode(figure.shape, row.payload), row.computed_at)


def computed(*stored: Stored[Any]) -> Computed:
    """The line a page shows under its heading, for the figures it shows."""
    return Computed(at=min(s.computed_at for s in stored), being_updated=any(s.being_updated for s in stored))


def _row(programme_id: int, kind: str, scope: str) -> StoredFigures | None:
    return StoredFigures.objects.filter(programme_id=programme_id, kind=kind, scope=scope).first()


# -- Writing -------------------------------------------------------------------------------------


def changed(programme_id: int, *kinds: str) -> int:
    """New data for these kinds of the programme's figures (every kind when none is named): mark
    them, and the kinds computed after them, stale and queue one refresh each unless one is queued.
    Call it inside the transaction that writes the data. Returns how many refreshes were queued."""
    names = following(kinds or _kinds)
    rows = list(
        StoredFigures.objects.filter(programme_id=programme_id, kind__in=names, queued=False)
        .only("pk", "programme_id", "kind", "scope", "compute_seconds")
        .order_by("pk")
    )
    return _queue(rows)


def _queue(rows: list[StoredFigures]) -> int:
    from commonground.core import tasks  # the task calls back into this module

    taken = [
        row for row in rows
        if StoredFigures.objects.filter(pk=row.pk, queued=False).update(stale=True, queued=True)
    ]
    # Every row is marked before any refresh is queued (the test backend runs it at once), and the
    # kinds others are computed from go first, so each is refreshed once.
    order = {name: i for i, name in enumerate(kinds())}
    deferred = settings.FIGURES_REFRESH_DELAY_SECONDS > 0 and default_task_backend.supports_defer
    now = timezone.now()
    for row in sorted(taken, key=lambda r: (order.get(r.kind, len(order)), r.pk)):
        task = tasks.refresh_figures
        if deferred:
            # Changes arriving before it runs find it queued and add nothing: one refresh counts them all.
            task = task.using(run_after=now + refresh_delay(row.compute_seconds))
        task.enqueue(row.programme_id, row.kind, row.scope)
    return len(taken)


def refresh_delay(compute_seconds: float) -> dt.timedelta:
    """How long a refresh waits after the change that queued it: `FIGURES_REFRESH_DELAY_SECONDS`, or
    ten times what the figures took to compute last time when that is longer. Figures that take
    seconds (a 20,000-person programme's attendance) then take at most a tenth of the workers' and
    the database's time however fast the changes come, and the pages keep the rest."""
    return dt.timedelta(seconds=max(settings.FIGURES_REFRESH_DELAY_SECONDS, REFRESH_SHARE * compute_seconds))


def refresh(programme_id: int, kind: str, scope: str = WHOLE) -> Stored[Any]:
    """Compute one kind of figures now and store them (computed_at: now)."""
    figure = _kinds[kind]
    key = {"programme_id": programme_id, "kind": kind, "scope": scope}
    # From here a change queues a new refresh, as this one may already have read past it.
    StoredFigures.objects.filter(**key).update(queued=False)
    started = time.monotonic()
    value = _computed_from_one_snapshot(figure, programme_id, scope)
    took = time.monotonic() - started
    payload = codec.encode(value)
    now = timezone.now()
    fields = {"payload": payload, "computed_at": now, "version": figure.version, "compute_seconds": took}
    stale = False
    with transaction.atomic():
        updated = StoredFigures.objects.filter(**key).update(**fields, stale=F("queued"))
        if not updated:
            try:
                with transaction.atomic():
                    StoredFigures.objects.create(**key, **fields)
            except IntegrityError:  # another request stored them first; ours are as new
                StoredFigures.objects.filter(**key).update(**fields, stale=F("queued"))
        else:
            stale = StoredFigures.objects.filter(**key, stale=True).exists()
    return Stored(value, now, being_updated=stale)


def _computed_from_one_snapshot(figure: Kind, programme_id: int, scope: str) -> Any:
    """`figure` computed from one snapshot of the database: its queries (a total here, its parts
    there) never see a write that committed between them. Inside a transaction already (a seed,
    `refresh_all`, this very snapshot), that transaction's reads are what there is."""
    if connection.in_atomic_block:
        return figure.compute(programme_id, scope)
    with transaction.atomic():
        if connection.vendor == "postgresql":  # the first statement of the transaction
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        token = _in_snapshot.set(True)
        try:
            return figure.compute(programme_id, scope)
        finally:
            _in_snapshot.reset(token)


def refresh_if_stale(programme_id: int, kind: str, scope: str = WHOLE) -> bool:
    """What the queued task does: refresh the figures unless another refresh (one computed after
    them needed them first) already has. Returns whether it computed."""
    row = _row(programme_id, kind, scope)
    if row is None or kind not in _kinds:
        return False  # forgotten since the change, or no longer a kind of figures
    if not row.stale and row.version == _kinds[kind].version:
        StoredFigures.objects.filter(pk=row.pk).update(queued=False)
        return False
    try:
        refresh(programme_id, kind, scope)
    except ObjectDoesNotExist:
        logger.info("Programme %s is gone: its stored figures are forgotten.", programme_id)
        forget([programme_id])
        return False
    return True


def refresh_all(programme_id: int) -> list[str]:
    """Compute every kind of the programme's figures now (the whole programme, and every narrower
    scope already stored), each after the kinds it is computed from. Returns the kinds computed:
    one that fails is logged and left out, with the kinds computed after it, and the rest go on
    (a page asking for it computes it then, as it would have without the store)."""
    scopes = dict.fromkeys(
        StoredFigures.objects.filter(programme_id=programme_id).exclude(scope=WHOLE)
        .order_by("scope").values_list("kind", "scope")
    )
    computed_kinds: list[str] = []
    failed: set[str] = set()
    for kind in kinds():
        if failed & set(_kinds[kind].after):
            failed.add(kind)
            continue
        try:
            with transaction.atomic():
                refresh(programme_id, kind)
                for stored_kind, scope in scopes:
                    if stored_kind == kind:
                        refresh(programme_id, kind, scope)
        except ObjectDoesNotExist:
            raise
        except Exception:
            logger.exception("Could not compute the %s figures of programme %s.", kind, programme_id)
            failed.add(kind)
        else:
            computed_kinds.append(kind)
    return computed_kinds


def forget(programme_ids: Iterable[int]) -> int:
    """Drop the stored figures of these programmes (they are being deleted)."""
    deleted, _ = StoredFigures.objects.filter(programme_id__in=list(programme_ids)).delete()
    return deleted


def refresh_due(*, now: dt.datetime | None = None) -> int:
    """Mark as changed the stored figures the clock has moved since they were computed (a session
    ended, a round opened): what the periodic task runs. Returns how many kinds were marked."""
    now = now or timezone.now()
    marked = 0
    oldest = (
        StoredFigures.objects.filter(stale=False).values("programme_id", "kind")
        .annotate(since=Min("computed_at")).order_by("programme_id", "kind")
    )
    for row in oldest:
        figure = _kinds.get(row["kind"])
        if figure is not None and figure.due is not None and figure.due(row["programme_id"], row["since"], now):
            changed(row["programme_id"], figure.name)
            marked += 1
    return marked
