"""manage.py programme_report PROGRAMME_ID --format pdf|xlsx --out FILE [--funder FUNDER_ID] [--from DATE --to DATE]

The same report a lead makes on the Reports page, written to a file: for scheduled board papers,
or a programme team working from a shell.
"""

import datetime as dt
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from commonground.core.inputs import parse_id
from commonground.programmes.models import Funder, Programme
from commonground.reporting import render
from commonground.reporting.build import build_report
from commonground.reporting.evidence import Choice


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} must be a date written YYYY-MM-DD, not {value!r}.") from None


def _id(value: str, what: str) -> int:
    number = parse_id(value)
    if number is None:
        raise CommandError(f"{what} must be a number, not {value!r}.")
    return number


class Command(BaseCommand):
    help = "Write a programme's report pack (PDF or XLSX), for one funder or for the programme board."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("programme_id", help="The programme's id (as in its addresses).")
        parser.add_argument("--format", required=True, choices=["pdf", "xlsx"], dest="kind")
        parser.add_argument("--out", required=True, help="The file to write.")
        parser.add_argument("--funder", help="A funder's id: the pack for that funder (default: the programme board).")
        parser.add_argument("--from", dest="period_from", help="The first day of the period, YYYY-MM-DD.")
        parser.add_argument("--to", dest="period_to", help="The last day of the period, YYYY-MM-DD.")

    def handle(self, *args: Any, programme_id: str, kind: str, out: str, funder: str | None,
               period_from: str | None, period_to: str | None, **options: Any) -> None:
        programme = Programme.objects.select_related("system").filter(pk=_id(programme_id, "PROGRAMME_ID")).first()
        if programme is None:
            raise CommandError(f"There is no programme {programme_id}.")
        chosen = None
        if funder is not None:
            chosen = Funder.objects.filter(pk=_id(funder, "--funder"), system_id=programme.system_id).first()
            if chosen is None:
                raise CommandError(f"There is no funder {funder} in {programme.system.name}.")
        start, end = _date(period_from, "--from"), _date(period_to, "--to")
        if start and end and start > end:
            raise CommandError("--to must be on or after --from.")
        target = Path(out)
        if not target.parent.is_dir():
            raise CommandError(f"The folder {str(target.parent)!r} does not exist.")
        started = time.perf_counter()
        report = build_report(programme, choice=Choice(start, end), funder=chosen)
        data = render.pdf(report) if kind == "pdf" else render.xlsx(report)
        target.write_bytes(data)
        self.stdout.write(
            f"Wrote {target}: {report.title}, {len(report.sections)} sections, {len(data) / 1024:,.1f} KiB "
            f"in {time.perf_counter() - started:.2f} s."
        )
