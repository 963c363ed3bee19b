"""Erasures are logged outside the database, so a restored backup can be made to forget again."""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from commonground.accounts.models import Person
from commonground.privacy import erasure
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 5, 4, 10, 30, tzinfo=dt.UTC)


@pytest.fixture
def log(settings, tmp_path):
    settings.ERASURE_LOG = str(tmp_path / "erasures.log")
    return tmp_path / "erasures.log"


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@time_machine.travel(NOW, tick=False)
def test_an_erasure_is_logged_by_id_and_time_once_it_commits(world: World, log, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=world.alice)
    assert lines(log) == [{"person_id": world.alice.pk, "erased_at": NOW.isoformat()}]
    assert "Alice" not in log.read_text() and "alice@" not in log.read_text()


def test_an_erasure_rolled_back_is_never_logged(world: World, log, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        erasure.erase(person=world.bob)
        raise RuntimeError("the request failed after the erasure")
    assert lines(log) == []
    assert Person.objects.filter(pk=world.bob.pk).exists()


def test_a_restored_copy_forgets_again_who_was_erased_since_the_backup(world: World, log, django_capture_on_commit_callbacks):
    """A restore brings the erased rows back as they were; reapply_erasures erases exactly them."""
    carol_id = world.carol.pk
    backup = [(p.pk, p.email, p.full_name) for p in Person.objects.filter(pk__in=[carol_id, world.bob.pk])]
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False), django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=world.bob)  # before the backup's time: not asked for below
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        erasure.erase(person=world.carol)
    # The restore: both come back with their ids, as a dump restored into a fresh database would hold them.
    for pk, email, name in backup:
        factories.PersonFactory(pk=pk, email=email, full_name=name)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("reapply_erasures", "--since", (NOW - dt.timedelta(hours=1)).isoformat(), stdout=out)
    assert "1 people in the erasure log; 1 were back in this database and are erased again." in out.getvalue()
    assert not Person.objects.filter(pk=carol_id).exists()
    assert Person.objects.filter(pk=world.bob.pk).exists(), "an erasure before --since is left to the backup"
    assert Person.objects.filter(pk=world.alice.pk).exists()

    call_command("reapply_erasures", stdout=out)  # without --since: the whole log
    assert not Person.objects.filter(pk=world.bob.pk).exists()


def test_a_damaged_log_is_named_with_its_line_and_nothing_is_erased(world: World, log):
    log.write_text(json.dumps({"person_id": world.alice.pk, "erased_at": NOW.isoformat()}) + "\nnot json\n")
    with pytest.raises(CommandError, match=r"line 2 is not an erasure entry"):
        call_command("reapply_erasures", stdout=StringIO())
    assert Person.objects.filter(pk=world.alice.pk).exists()


def test_a_missing_log_or_a_time_without_its_zone_is_refused(log):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("reapply_erasures", stdout=StringIO())
    log.write_text("")
    with pytest.raises(CommandError, match="needs a time zone"):
        call_command("reapply_erasures", "--since", "2026-05-04T10:00", stdout=StringIO())
