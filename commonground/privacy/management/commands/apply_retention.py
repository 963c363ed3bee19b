"""manage.py apply_retention [--dry-run] [--programme ID]: apply the retention periods (see privacy/retention.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.privacy import retention
from commonground.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Delete or pseudonymise what each programme's retention periods say is due today, and report it. "
        "With --dry-run, only report."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; change nothing.")
        parser.add_argument("--programme", type=int, metavar="ID", help="Only this programme.")

    def handle(self, *args: Any, dry_run: bool, programme: int | None, **options: Any) -> None:
        if programme is not None and not Programme.objects.filter(pk=programme).exists():
            raise CommandError(f"There is no programme {programme}.")
        result = retention.apply_retention(dry_run=dry_run, programme_id=programme, trigger="command")
        for line in result.lines():
            self.stdout.write(line)
