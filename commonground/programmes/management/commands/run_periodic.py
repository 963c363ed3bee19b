"""manage.py run_periodic: queue the recurring tasks (offer deadlines, survey invitations and reminders)."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Queue every task in settings.PERIODIC_TASKS for the worker, then again every --every seconds. "
        "With --once, queue them once and stop (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=300, help="seconds between rounds (default 300)")
        parser.add_argument("--once", action="store_true", help="queue once and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["every"] < 1:
            self.stderr.write("--every must be at least 1 second.")
            raise SystemExit(2)
        while True:
            try:
                for path in settings.PERIODIC_TASKS:
                    result = import_string(path).enqueue()
                    if options["verbosity"] > 1:
                        self.stdout.write(f"Queued {path} ({result.id})")
            except DatabaseError as exc:
                if options["once"]:
                    raise
                # The database is away (a restart): the next round queues everything again.
                self.stderr.write(f"could not queue the periodic tasks ({exc}); trying again next round")
                connection.close()
            if options["once"]:
                return
            time.sleep(options["every"])
