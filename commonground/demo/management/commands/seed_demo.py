"""manage.py seed_demo: deterministic fictional demo data at any size (contract 6)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.demo.scale import MAX_PROGRAMMES, MAX_SYSTEMS
from commonground.demo.seed import DEFAULT_PARTICIPANTS, DEFAULT_SEED, DemoDataExists, seed_demo
from commonground.programmes.models import Programme


class Command(BaseCommand):
    help = (
        "Create the fictional demo programme: four place cohorts, about sixty organisations and the demo "
        "sign-ins (password 'demo'). The same seed always gives the same data. For load tests, --programmes "
        "and --systems add more programmes and systems of the same size; the demo sign-ins stay in the first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--participants", type=int, default=DEFAULT_PARTICIPANTS,
            help=f"How many participants in each programme, shared between its place cohorts (default "
            f"{DEFAULT_PARTICIPANTS}).",
        )
        parser.add_argument(
            "--programmes", type=int, default=1, metavar="N",
            help=f"How many running programmes in the demo system, each with its own cohorts and --participants "
            f"participants (default 1, at most {MAX_PROGRAMMES}). The demo sign-ins are in the first.",
        )
        parser.add_argument(
            "--systems", type=int, default=1, metavar="M",
            help=f"How many systems: the demo system and M-1 smaller fictional ones, each with its own three places, "
            f"about twenty-five organisations and one programme of --participants participants (default 1, at most "
            f"{MAX_SYSTEMS}).",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Random seed (default {DEFAULT_SEED})."
        )
        parser.add_argument("--reset", action="store_true", help="Delete earlier demo data and create it again.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing, quietly, when any programme already exists."
        )

    def handle(
        self, *args: Any, participants: int, programmes: int, systems: int, seed: int, reset: bool, if_empty: bool,
        **options: Any,
    ) -> None:
        if if_empty and Programme.objects.exists():
            return
        progress = self.stdout.write if options["verbosity"] >= 1 else None
        try:
            summary = seed_demo(
                participants=participants, seed=seed, reset=reset, progress=progress, programmes=programmes,
                systems=systems,
            )
        except (DemoDataExists, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(summary.describe()))
