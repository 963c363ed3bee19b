"""Figures are computed once and read from the store.

A made-up kind of figures ("tally", counting its computations) pins the store's rules: a read with
nothing stored computes at once, later reads serve the stored figures, `changed` marks them stale
and queues one refresh however many writers call it, and the worker's refresh brings them up to
date. The seeded demo programme then shows the real figures surviving the store unchanged, and
the disclosure chain (reach → relationships → evaluation) holding between stored figures exactly
as between live ones.
"""

import datetime as dt
from dataclasses import dataclass
from io import StringIO
from itertools import pairwise

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from commonground.core import codec, figure_store
from commonground.core.models import StoredFigures
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.demo.seed import seed_demo
from commonground.development import figures as development_figures
from commonground.network import figures as network_figures
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Programme
from commonground.schedule import attendance, completion
from commonground.schedule.attendance_figures import (
    AttendanceFigures,
    CompletionFigures,
    attendance_figures,
    completion_figures,
)
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
PROGRAMME = 41  # the made-up kind needs no programme row
TALLY = "tally"


@dataclass(frozen=True)
class Tally:
    computations: int
    scope: str


class Counter:
    """The made-up kind's computation: counts how often it runs; `meanwhile` runs inside it."""

    def __init__(self) -> None:
        self.calls = 0
        self.meanwhile: list[object] = []

    def __call__(self, programme_id: int, scope: str) -> Tally:
        self.calls += 1
        for action in self.meanwhile:
            action()  # type: ignore[operator]
        return Tally(self.calls, scope)


@pytest.fixture
def tally(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """A kind registered for one test only."""
    monkeypatch.setattr(figure_store, "_kinds", dict(figure_store._kinds))
    counter = Counter()

    def compute(programme_id: int, scope: str) -> Tally:
        return counter(programme_id, scope)

    figure_store.register(TALLY, compute, version=1)
    return counter


def _row(kind: str = TALLY, scope: str = "") -> StoredFigures:
    return StoredFigures.objects.get(programme_id=PROGRAMME, kind=kind, scope=scope)


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay", stdout=StringIO())


# -- The store's rules ------------------------------------------------------------------------------


def test_reading_computes_once_and_then_serves_the_stored_figures(tally: Counter) -> None:
    first = figure_store.read(PROGRAMME, TALLY)
    assert first.value == Tally(1, "") and not first.being_updated
    for _ in range(3):
        assert figure_store.read(PROGRAMME, TALLY).value == Tally(1, "")
    assert tally.calls == 1
    assert _row().computed_at == first.computed_at


def test_each_scope_is_stored_apart(tally: Counter) -> None:
    scope = figure_store.cohort_scope({7, 3})
    assert scope == "c:3,7" and figure_store.scope_cohorts(scope) == {3, 7}
    assert figure_store.read(PROGRAMME, TALLY, scope).value == Tally(1, "c:3,7")
    assert figure_store.read(PROGRAMME, TALLY).value == Tally(2, "")
    assert figure_store.read(PROGRAMME, TALLY, scope).value == Tally(1, "c:3,7")


def test_figures_stored_by_another_version_of_the_code_are_computed_again(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    StoredFigures.objects.update(version=0, payload={"shape": "of an older version"})
    assert figure_store.read(PROGRAMME, TALLY).value == Tally(2, "")
    assert _row().version == 1


@DATABASE_QUEUE
def test_two_changes_in_one_transaction_mark_the_figures_stale_and_queue_one_refresh(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    with transaction.atomic():
        assert figure_store.changed(PROGRAMME, TALLY) == 1
        assert figure_store.changed(PROGRAMME, TALLY) == 0, "already queued"
    row = _row()
    assert row.stale and row.queued
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "commonground.core.tasks.refresh_figures"
    assert queued.args_kwargs == {"args": [PROGRAMME, TALLY, ""], "kwargs": {}}, "ids and names only"
    shown = figure_store.read(PROGRAMME, TALLY)
    assert shown.value == Tally(1, "") and shown.being_updated, "the stored figures, said to be updating"
    assert tally.calls == 1


@DATABASE_QUEUE
def test_a_change_that_rolls_back_queues_nothing(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    with pytest.raises(RuntimeError), transaction.atomic():
        figure_store.changed(PROGRAMME, TALLY)
        raise RuntimeError("the write failed")
    assert not DBTaskResult.objects.exists()
    assert not _row().stale


@DATABASE_QUEUE
@pytest.mark.django_db(transaction=True)
def test_the_worker_refreshes_the_figures_with_the_time_it_computed_them(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    figure_store.changed(PROGRAMME, TALLY)
    later = timezone.now() + dt.timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        _run_worker()
    shown = figure_store.read(PROGRAMME, TALLY)
    assert shown.value == Tally(2, "") and not shown.being_updated
    assert shown.computed_at == later
    assert not _row().queued
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@DATABASE_QUEUE
@pytest.mark.django_db(transaction=True)
def test_the_refresh_waits_a_few_seconds_and_counts_every_change_made_meanwhile(tally: Counter) -> None:
    changed_at = timezone.now().replace(microsecond=0)
    delay = dt.timedelta(seconds=settings.FIGURES_REFRESH_DELAY_SECONDS)
    assert delay > dt.timedelta(0), "the figures are refreshed once for a burst of changes"
    with time_machine.travel(changed_at, tick=False):
        figure_store.read(PROGRAMME, TALLY)
        assert figure_store.changed(PROGRAMME, TALLY) == 1
    [queued] = DBTaskResult.objects.all()
    assert queued.run_after == changed_at + delay
    with time_machine.travel(changed_at + delay / 2, tick=False):
        assert figure_store.changed(PROGRAMME, TALLY) == 0, "the next tap finds the refresh queued"
        _run_worker()
    assert tally.calls == 1 and _row().stale, "not yet due"
    with time_machine.travel(changed_at + delay, tick=False):
        _run_worker()
    assert tally.calls == 2 and not _row().stale and DBTaskResult.objects.count() == 1


@DATABASE_QUEUE
def test_figures_that_took_seconds_to_compute_wait_ten_times_as_long_before_the_next_refresh(tally: Counter) -> None:
    changed_at = timezone.now().replace(microsecond=0)
    figure_store.read(PROGRAMME, TALLY)
    assert 0 <= _row().compute_seconds < 1, "the made-up kind computes at once"
    StoredFigures.objects.update(compute_seconds=6.5)  # as a 20,000-person programme's attendance might
    with time_machine.travel(changed_at, tick=False):
        figure_store.changed(PROGRAMME, TALLY)
    [queued] = DBTaskResult.objects.all()
    assert queued.run_after == changed_at + dt.timedelta(seconds=65)


@DATABASE_QUEUE
def test_a_change_arriving_while_the_figures_are_computed_leaves_them_stale_and_queued(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    figure_store.changed(PROGRAMME, TALLY)
    tally.meanwhile.append(lambda: figure_store.changed(PROGRAMME, TALLY))  # another writer, mid-computation
    assert figure_store.refresh_if_stale(PROGRAMME, TALLY, "")
    row = _row()
    assert row.stale and row.queued, "the change it may have missed has its own refresh"
    assert DBTaskResult.objects.count() == 2


def test_a_refresh_someone_else_already_did_computes_nothing(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    assert not figure_store.refresh_if_stale(PROGRAMME, TALLY, "")
    assert tally.calls == 1


@DATABASE_QUEUE
def test_stale_figures_whose_refresh_was_lost_are_queued_again_when_read(tally: Counter) -> None:
    figure_store.read(PROGRAMME, TALLY)
    StoredFigures.objects.update(stale=True, queued=False)  # the worker failed after taking it
    assert figure_store.read(PROGRAMME, TALLY).being_updated
    assert DBTaskResult.objects.count() == 1 and _row().queued


# -- The real figures -------------------------------------------------------------------------------


@DATABASE_QUEUE
def test_marking_who_takes_part_changed_marks_every_figure_made_from_it(world: World) -> None:
    programme = world.programme
    assert figure_store.following(["reach"]) == [
        "reach", "attendance", "network", "attendance_at_risk", "attendance_months", "completion", "evaluation",
    ]
    for kind in ("reach", "attendance", "completion", "network", "evaluation"):
        figure_store.read(programme.pk, kind)
    figure_store.read(programme.pk, "network", "c:1")  # another scope is marked too
    with transaction.atomic():
        programme_figures.programmes_changed([programme.pk])
    stale = StoredFigures.objects.filter(programme_id=programme.pk, stale=True)
    assert sorted(stale.values_list("kind", flat=True)) == sorted(
        ["reach", "attendance", "completion", "network", "network", "evaluation"]
    )
    # The figures others are computed from are queued first.
    assert [r.args_kwargs["args"][1] for r in DBTaskResult.objects.order_by("enqueued_at", "pk")][:1] == ["reach"]
    with transaction.atomic():
        figure_store.changed(programme.pk, development_figures.EVALUATION)
    assert DBTaskResult.objects.count() == 6, "nothing after the evaluation, and it is already queued"


def test_figures_the_clock_has_moved_are_marked_changed(world: World) -> None:
    figure_store.read(world.programme.pk, attendance.STORED_AS)
    computed_at = StoredFigures.objects.get(kind=attendance.STORED_AS).computed_at
    assert figure_store.refresh_due(now=computed_at + dt.timedelta(hours=1)) == 0
    make_session(world, "Ends soon", starts_at=computed_at - dt.timedelta(minutes=30), hours=1)
    # ImmediateBackend: the refresh it queues runs at once.
    assert figure_store.refresh_due(now=computed_at + dt.timedelta(hours=1)) == 1


def test_refresh_figures_computes_every_kind_of_a_programme(world: World) -> None:
    out = StringIO()
    call_command("refresh_figures", str(world.programme.pk), stdout=out)
    assert out.getvalue().strip() == (
        f"Programme {world.programme.pk}: computed reach, attendance, network, attendance_at_risk, attendance_months, "
        "completion, evaluation."
    )
    assert StoredFigures.objects.filter(programme_id=world.programme.pk).count() == 7


def test_the_real_figures_survive_the_store_and_keep_the_disclosure_chain() -> None:
    with time_machine.travel(timezone.now(), tick=False):
        seed_demo(participants=80, seed=7, reset=False)  # ends with every kind computed and stored
        programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
        pk = programme.pk
        stored = {kind: figure_store.read(pk, kind) for kind in figure_store.kinds()}
        assert not any(s.being_updated for s in stored.values())

        # Live, each published given the one before it, as the pages published them before.
        reach = programme_figures.reach(programme)
        network = network_figures.publish(programme, reach=reach)
        live = {
            "reach": reach,
            "attendance": attendance_figures(attendance.offered_invitations(programme)),
            "completion": completion_figures(programme, reach=reach),
            "network": network,
            "evaluation": development_figures.evaluation(programme, given=network.publication),
        }
    for kind, value in live.items():
        shape = type(value)
        assert codec.decode(shape, codec.encode(value)) == value, f"{kind} round trip"
        assert stored[kind].value == value, f"{kind} as stored"
    # Something real in each, so equality is not of empty tables.
    assert live["reach"].total and live["reach"].by_cohort
    assert isinstance(stored["attendance"].value, AttendanceFigures) and live["attendance"].organisations
    assert isinstance(stored["completion"].value, CompletionFigures) and live["completion"].rule is not None
    assert live["network"].rounds and live["network"].maps
    assert live["evaluation"].rates and live["evaluation"].changes
    # The chain: each stored publication contains the stored one it was given, decisions kept.
    chain = [stored["reach"].value.publication, stored["network"].value.publication,
             stored["evaluation"].value.publication]
    for given, built in pairwise(chain):
        assert set(given.cells) <= set(built.cells)
        assert given.hidden <= built.hidden


def test_stored_completion_is_published_given_the_stored_reach(world: World) -> None:
    reach = figure_store.read(world.programme.pk, programme_figures.REACH).value
    stored = figure_store.read(world.programme.pk, completion.STORED_AS).value
    assert stored == completion_figures(world.programme, reach=reach)


def test_sessions_ending_are_what_moves_attendance_by_the_clock(world: World) -> None:
    ends = make_session(world, "Ending", starts_at=timezone.now() - dt.timedelta(hours=1)).ends_at
    due = figure_store._kinds[attendance.STORED_AS].due
    assert due is not None
    assert due(world.programme.pk, ends - dt.timedelta(minutes=1), ends)
    assert not due(world.programme.pk, ends, ends + dt.timedelta(hours=1))
