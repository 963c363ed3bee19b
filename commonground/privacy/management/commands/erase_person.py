"""manage.py erase_person EMAIL --yes: erase one person's data for good (see privacy/erasure.py)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts.models import Person
from commonground.privacy import erasure


class Command(BaseCommand):
    help = "Erase everything Common Ground holds about one person. It cannot be undone."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's email address.")
        parser.add_argument("--yes", action="store_true", help="Confirm: erase now, without asking.")

    def handle(self, *args: Any, email: str, yes: bool, **options: Any) -> None:
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the email address {email.strip()!r}.")
        if not yes:
            raise CommandError(f"Erasing {person.email} cannot be undone: run again with --yes to erase.")
        done = erasure.erase(person=person)
        self.stdout.write(f"Erased person {done.person_id}: {done.total:,} rows in {done.seconds:.2f} s.")
        for label, count in sorted(done.rows.items()):
            self.stdout.write(f"  {label}: {count:,}")
