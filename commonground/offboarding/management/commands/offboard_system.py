"""manage.py offboard_system ID --export PATH, then --delete --confirm NAME: a system leaving
Common Ground, for operators (the same export, refusal and records as the site administrator's page)."""

import shutil
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.offboarding import services
from commonground.offboarding.models import Via
from commonground.programmes.models import System


class Command(BaseCommand):
    help = "Export a whole system's data for its controller (--export), then delete the system (--delete)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("system_id", type=int, help="The system's id.")
        parser.add_argument("--export", metavar="PATH", help="Write the export, a ZIP, to PATH.")
        parser.add_argument("--delete", action="store_true", help="Delete the system (after an export in the last 24 hours).")
        parser.add_argument("--confirm", metavar="NAME", default="", help="The system's name, exactly, to confirm --delete.")

    def handle(self, *args: Any, system_id: int, export: str | None, delete: bool, confirm: str, **options: Any) -> None:
        system = System.objects.filter(pk=system_id).first()
        if system is None:
            raise CommandError(f"There is no system {system_id}.")
        if not export and not delete:
            raise CommandError("Say what to do: --export PATH, --delete --confirm NAME, or both.")
        if export:
            made, record = services.export_system(system=system, by=None, via=Via.COMMAND)
            with made.file, Path(export).open("wb") as out:
                shutil.copyfileobj(made.file, out)
            self.stdout.write(f"Exported {system.name} to {export}: {record.total:,} rows, SHA-256 {record.sha256}.")
            for table, count in record.rows.items():
                self.stdout.write(f"  {table}: {count:,}")
        if delete:
            try:
                done = services.delete_system(system_id=system.pk, confirm=confirm, by=None, via=Via.COMMAND)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(f"Deleted {done.system_name}: {done.total:,} rows went or were emptied.")
            for table, count in done.rows.items():
                self.stdout.write(f"  {table}: {count:,}")
