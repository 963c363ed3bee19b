"""A system's partner organisations from a spreadsheet: every row checked, then all written or none."""

from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.onboarding import importing
from commonground.programmes import system_setup
from commonground.programmes.models import Organisation, System


@dataclass(frozen=True)
class Imported:
    made: list[Organisation] = field(default_factory=list)
    errors: list[importing.RowError] = field(default_factory=list)


def import_organisations(*, system: System, upload: IO[bytes], filename: str) -> Imported:
    """Add the organisations of a CSV or XLSX file to the system, in one transaction; any problem in
    any row (named by row and column) and nothing is written."""
    table, unreadable = importing.read_table(upload, filename)
    if unreadable is not None:
        return Imported(errors=[unreadable])
    with transaction.atomic():
        checked = importing.check(table, system=system)
        if checked.errors:
            return Imported(errors=checked.errors)
        try:
            made = system_setup.add_organisations(system=system, organisations=checked.organisations)
        except ValidationError as exc:  # another change to the system in the same moment
            return Imported(errors=[importing.RowError(0, "file", m) for m in exc.messages])
    return Imported(made=made)
