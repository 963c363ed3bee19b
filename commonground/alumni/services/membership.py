"""Who is alumni: the completers of each programme, kept in step by `sync_alumni`.

Completing is decided by `schedule.completion` alone; this module only records it. Completion
changes when a cohort's last module day ends or a register is taken, so the periodic task
(`alumni.tasks.sync_all_alumni`, in `PERIODIC_TASKS`) runs `sync_all` every few minutes rather
than hooking every write that could change it. Alumni status, once recorded, stays: a later
correction of a register does not take it away (a lead can still erase a person).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commonground.alumni.models import Alumnus, DirectoryEntry
from commonground.programmes.models import Programme
from commonground.schedule.completion import completers


@transaction.atomic
def sync_alumni(*, programme: Programme, now: dt.datetime | None = None) -> int:
    """Record every completer of the programme as its alumnus, each with a directory entry in its
    system that shows nothing yet; returns how many became alumni now (0 on a second run)."""
    now = now or timezone.now()
    done = set(completers(programme, now=now).values_list("pk", flat=True))
    known = set(Alumnus.objects.filter(programme=programme).values_list("person_id", flat=True))
    new = sorted(done - known)
    if not new:
        return 0
    Alumnus.objects.bulk_create(
        [Alumnus(person_id=pk, programme=programme, since=now) for pk in new], ignore_conflicts=True
    )
    DirectoryEntry.objects.bulk_create(
        [DirectoryEntry(person_id=pk, system_id=programme.system_id) for pk in new], ignore_conflicts=True
    )
    return len(new)


def sync_all(*, now: dt.datetime | None = None) -> int:
    """`sync_alumni` for every programme (one with no module day ended costs a query); returns how
    many became alumni."""
    return sum(sync_alumni(programme=p, now=now) for p in Programme.objects.order_by("pk"))
