"""manage.py export_person EMAIL --out FILE.zip: everything held about one person (subject access)."""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.privacy import subject_access


class Command(BaseCommand):
    help = "Write everything Common Ground holds about one person to a ZIP (subject access)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address.")
        parser.add_argument("--out", required=True, help="The ZIP file to write.")

    def handle(self, *args: Any, email: str, out: str, **options: Any) -> None:
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email address {email.strip()!r}.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")
        started = time.perf_counter()
        bundle = subject_access.gather(person)
        body = subject_access.zip_bytes(bundle)
        target.write_bytes(body)
        audit.record(action=AuditAction.EXPORTED, what="subject_access", subject_id=person.pk, fields=["everything"])
        self.stdout.write(
            f"Wrote {target}: {bundle.rows:,} records, {len(body) / 1024:,.1f} KiB "
            f"in {time.perf_counter() - started:.2f} s."
        )
