"""manage.py reapply_erasures: after restoring a backup, erase again everyone the erasure log lists."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts.models import Person
from commonground.privacy import erasure, erasure_log


class Command(BaseCommand):
    help = (
        "Erase again the people the erasure log lists (settings.ERASURE_LOG, or --log) who are in this "
        "database: run it on a database restored from a backup, before anyone uses it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--log", type=Path, help="The erasure log to read (default: settings.ERASURE_LOG).")
        parser.add_argument(
            "--since", type=dt.datetime.fromisoformat, metavar="ISO-TIME",
            help="Only erasures logged at or after this time (the backup's), e.g. 2026-12-07T09:30+00:00.",
        )

    def handle(self, *args: Any, log: Path | None, since: dt.datetime | None, **options: Any) -> None:
        path = log or erasure_log.log_path()
        if path is None:
            raise CommandError("No erasure log: set ERASURE_LOG or pass --log PATH.")
        if not path.exists():
            raise CommandError(f"The erasure log {path} does not exist.")
        if since is not None and since.tzinfo is None:
            raise CommandError("--since needs a time zone, e.g. 2026-12-07T09:30+00:00.")
        try:
            logged = erasure_log.due(path, since=since)
        except erasure_log.LogUnreadable as exc:
            raise CommandError(str(exc)) from None
        back = list(Person.objects.filter(pk__in=logged).values_list("pk", flat=True))
        if back:
            erasure.erase_many(person_ids=back)
        self.stdout.write(
            f"{len(logged):,} people in the erasure log; {len(back):,} were back in this database and are erased again."
        )
