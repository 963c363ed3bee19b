"""Completing a programme makes a person its alumnus: the periodic task records the completers
(the grid of tests/schedule/completion_objects.py), once, each with an entry that shows nothing."""

import time_machine
from django.conf import settings

from commonground.alumni.models import FIELDS, Alumnus, Audience, DirectoryEntry
from commonground.alumni.services.membership import sync_alumni
from commonground.alumni.tasks import sync_all_alumni
from commonground.schedule import completion
from tests.conftest import World
from tests.schedule.completion_objects import AFTER_THE_LAST, DURING_THE_LAST, build


def alumni_names(world: World) -> set[str]:
    return {a.person.full_name.split()[0] for a in Alumnus.objects.filter(programme=world.programme)}


def test_the_periodic_task_makes_the_completers_alumni_once(world: World) -> None:
    assert "commonground.alumni.tasks.sync_all_alumni" in settings.PERIODIC_TASKS
    build(world)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        completers = {p.full_name.split()[0] for p in completion.completers(world.programme)}
        assert sync_all_alumni.call() == len(completers)
        assert alumni_names(world) == completers
        assert sync_all_alumni.call() == 0  # idempotent
    assert Alumnus.objects.filter(programme=world.programme).count() == len(completers)


def test_nobody_is_alumni_before_the_last_module_day_has_ended(world: World) -> None:
    build(world)
    with time_machine.travel(DURING_THE_LAST, tick=False):
        assert sync_alumni(programme=world.programme) == 0
    assert not Alumnus.objects.exists()


def test_each_new_alumnus_gets_one_entry_in_the_system_that_shows_nothing(world: World) -> None:
    people = build(world)
    with time_machine.travel(AFTER_THE_LAST, tick=False):
        sync_alumni(programme=world.programme)
        sync_alumni(programme=world.programme)
    entry = DirectoryEntry.objects.get(person=people["Alice"])
    assert entry.system_id == world.programme.system_id
    assert all(entry.audience(key) == Audience.NOBODY for key in FIELDS)
    assert entry.consented_at is None and not entry.is_listed()
    assert DirectoryEntry.objects.filter(person=people["Bob"]).count() == 0  # Bob did not complete
