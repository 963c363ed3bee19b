"""Remove someone's second factors (a lost phone or passkey and no recovery code left): they set one up again
at their next sign-in. Recorded in the audit trail."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.accounts.models import Person
from commonground.identity import second_factor


class Command(BaseCommand):
    help = "Remove a person's second factor so they set up a new one at their next sign-in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="Do it (without this, only say what would go).")

    def handle(self, *args: Any, email: str, yes: bool, **options: Any) -> None:
        person = Person.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"Nobody has the address {email!r}.")
        found = second_factor.factors(person)
        if not found.rows:
            self.stdout.write(f"{person.email} has no second factor.")
            return
        if not yes:
            self.stdout.write(f"{person.email} has a second factor; run again with --yes to remove it.")
            return
        removed = second_factor.remove(request=None, person=person)
        self.stdout.write(f"Removed {removed} second-factor records of {person.email}; they set one up at their next sign-in.")
