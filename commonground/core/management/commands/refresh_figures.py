"""manage.py refresh_figures [PROGRAMME_ID]: compute a programme's stored figures now (see core/figure_store.py)."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.core import figure_store
from commonground.core.models import StoredFigures


class Command(BaseCommand):
    help = (
        "Compute every kind of a programme's figures now and store them, without the task queue. "
        "Without a programme, every programme that has stored figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme_id", nargs="?", type=int, metavar="PROGRAMME_ID")

    def handle(self, *args: Any, programme_id: int | None, **options: Any) -> None:
        programme_ids = (
            [programme_id] if programme_id is not None
            else list(StoredFigures.objects.order_by("programme_id").values_list("programme_id", flat=True).distinct())
        )
        for pk in programme_ids:
            try:
                kinds = figure_store.refresh_all(pk)
            except ObjectDoesNotExist as exc:
                raise CommandError(f"There is no programme {pk}.") from exc
            self.stdout.write(f"Programme {pk}: computed {', '.join(kinds)}.")
            left = [kind for kind in figure_store.kinds() if kind not in kinds]
            if left:
                self.stderr.write(f"Programme {pk}: could not compute {', '.join(left)} (see the log).")
