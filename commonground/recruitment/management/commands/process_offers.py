from typing import Any

from django.core.management.base import BaseCommand

from commonground.recruitment.tasks import process_offers


class Command(BaseCommand):
    help = "Queue the offer check: lapse overdue offers, promote from waiting lists, send reminders (run from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = process_offers.enqueue()
        self.stdout.write(f"Queued {result.id}")
