"""manage.py seed_demo: deterministic fictional demo data at any size (contract 6)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.demo.seed import DEFAULT_PARTICIPANTS, DEFAULT_SEED, DemoDataExists, seed_demo
from commonground.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Create the fictional demo programme: four place cohorts, about sixty organisations and the demo "
        "sign-ins (password 'demo'). The same seed always gives the same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants", type=int, default=DEFAULT_PARTICIPANTS,
            help=f"How many participants, shared between the four place cohorts (default {DEFAULT_PARTICIPANTS}).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )
        parser.add_argument("--reset", action="store_true", help="Delete earlier demo data and create it again.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, quietly, when any programme already exists."
        )

    def handle(self, *args: Any, participants: int, seed: int, reset: bool, if_empty: bool, **options: Any) -> None:
        if if_empty and Programme.objects.exists():
            return
        progress = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            summary = seed_demo(participants=participants, seed=seed, reset=reset, progress=progress)
        except (DemoDataExists, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(summary.describe()))
