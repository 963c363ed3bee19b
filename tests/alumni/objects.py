"""Alumni objects for tests that get the shared `world`.

- "Heartlands 500 (first intake)" is a programme of the same system that ended last year; Alice
  and Carol completed it, so they are its alumni (recorded directly: completing is tested in
  test_sync.py against the completion rule).
- Nobody else is alumni; Oscar leads a programme of another system.
"""

import datetime as dt

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.alumni.models import FIELDS, Alumnus, Audience, DirectoryEntry, Topic
from commonground.programmes.models import Membership, Programme, ProgrammeStatus, Role
from tests import factories
from tests.conftest import World

PAST_TITLE = "Heartlands 500 (first intake)"


def past_programme(world: World) -> Programme:
    """The system's earlier programme, ended a year before today."""
    today = timezone.localdate()
    programme, _ = Programme.objects.get_or_create(
        system=world.programme.system, title=PAST_TITLE,
        defaults={"starts_on": today - dt.timedelta(days=600), "ends_on": today - dt.timedelta(days=365),
                  "status": ProgrammeStatus.COMPLETED},
    )
    return programme


def alumnus(world: World, person: Person, *, participant: bool = True) -> DirectoryEntry:
    """Make the person an alumnus of the past programme (once); returns their entry."""
    programme = past_programme(world)
    if participant:
        Membership.objects.get_or_create(person=person, programme=programme, role=Role.PARTICIPANT)
    Alumnus.objects.get_or_create(person=person, programme=programme)
    entry, _ = DirectoryEntry.objects.get_or_create(person=person, system_id=programme.system_id)
    return entry


def alice_is_alumna(world: World) -> DirectoryEntry:
    return alumnus(world, world.alice)


def share(
    entry: DirectoryEntry,
    audience: str = Audience.MEMBERS,
    *,
    keys: tuple[str, ...] = tuple(FIELDS),
    consented_at: dt.datetime | None = None,
    topics: tuple[str, ...] = (),
    **values: str,
) -> DirectoryEntry:
    """Show these fields of the entry to the audience, with consent given (now, unless said)."""
    for key in keys:
        setattr(entry, f"{key}_audience", audience)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.consented_at = consented_at or timezone.now()
    entry.opted_out_at = None
    entry.save()
    Topic.objects.bulk_create([Topic(entry=entry, words=words) for words in topics])
    return entry


def another_alumnus(world: World, name: str, **kwargs: object) -> DirectoryEntry:
    """A new person who completed the past programme (and takes part in nothing now)."""
    email = name.lower().replace(" ", ".") + "@example.org"
    person = factories.PersonFactory(full_name=name, email=email, **kwargs)
    return alumnus(world, person)
