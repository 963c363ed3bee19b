"""manage.py send_development_reminders: invitations and reminders for open rounds (run it from cron or the worker)."""

from typing import Any

from django.core.management.base import BaseCommand

from commonground.development import services


class Command(BaseCommand):
    help = (
        "Invite everyone asked by an open development round, and remind those who have not answered "
        "in the last three days before it closes. Nothing is ever sent twice."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = services.send_round_notices()
        if options["verbosity"]:
            self.stdout.write(f"Sent {summary.invitations} invitation(s) and {summary.reminders} reminder(s).")
