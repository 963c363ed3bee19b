"""The coordinator's rules and weights, the line-management list, and a mentee's ranked choices."""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook

from commonground.accounts.models import Person
from commonground.mentoring.models import LineManagement, MentorOffer, Preference, Rules, Wish
from commonground.programmes.models import Programme

RULE_FIELDS = (
    "apart_organisation", "apart_team", "apart_line_management", "cross_sector_weight", "same_place_weight",
    "preference_weight", "first_meeting_days", "checkin_weeks",
)
MAX_LINES = 20_000


@transaction.atomic
def save_rules(*, programme: Programme, **values: object) -> Rules:
    """Store the programme's rules and weights (every field in RULE_FIELDS, checked by the model)."""
    rules = Rules.objects.select_for_update().filter(programme=programme).first() or Rules(programme=programme)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rules, name, values[name])
    rules.full_clean()
    rules.save()
    return rules


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, {self.field}: {self.message}"


class LineImportInvalid(ValidationError):
    """A line-management list with errors; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__([str(e) for e in errors])
        self.row_errors = errors


def _table(upload: IO[bytes], filename: str) -> list[list[str]]:
    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            book = load_workbook(upload, read_only=True, data_only=True)
            rows = [["" if v is None else str(v).strip() for v in r] for r in book.worksheets[0].iter_rows(values_only=True)]
            book.close()
            return rows
        if name.endswith(".csv"):
            return [[v.strip() for v in r] for r in csv.reader(io.TextIOWrapper(upload, encoding="utf-8-sig", newline=""))]
    except (UnicodeDecodeError, csv.Error) as exc:
        raise LineImportInvalid([RowError(0, "file", f"The file could not be read as UTF-8 CSV ({exc}).")]) from exc
    except Exception as exc:  # openpyxl raises many kinds for a damaged or disguised file
        raise LineImportInvalid([RowError(0, "file", "The file could not be read as an Excel workbook (.xlsx).")]) from exc
    raise LineImportInvalid([RowError(0, "file", "Upload a .csv or .xlsx file.")])


@transaction.atomic
def import_line_management(*, programme: Programme, upload: IO[bytes], filename: str) -> int:
    """Replace the programme's list with `manager_email,report_email` rows: every row valid, or nothing written."""
    table = _table(upload, filename)
    if not table:
        raise LineImportInvalid([RowError(1, "file", "The file is empty.")])
    header = [h.lower().replace(" ", "_") for h in table[0]]
    missing = [c for c in ("manager_email", "report_email") if c not in header]
    if missing:
        raise LineImportInvalid([RowError(1, c, "This column is missing from the header row.") for c in missing])
    at = {c: header.index(c) for c in ("manager_email", "report_email")}
    rows = [(n, r) for n, r in enumerate(table[1:], start=2) if any(r)]
    if len(rows) > MAX_LINES:
        raise LineImportInvalid([RowError(0, "file", f"Import at most {MAX_LINES:,} rows at a time.")])
    emails = {r[i].lower() for _, r in rows for i in at.values() if i < len(r) and r[i]}
    people = {p.email.lower(): p.pk for p in Person.objects.filter(email__in=emails)}  # addresses are kept lower case
    errors: list[RowError] = []
    pairs: set[tuple[int, int]] = set()
    for number, row in rows:
        found = []
        for column, index in at.items():
            value = row[index].lower() if index < len(row) else ""
            if not value:
                errors.append(RowError(number, column, "This cell is empty."))
            elif value not in people:
                errors.append(RowError(number, column, f"Nobody signs in as {value}."))
            else:
                found.append(people[value])
        if len(found) == 2:
            if found[0] == found[1]:
                errors.append(RowError(number, "report_email", "A person cannot manage themselves."))
            else:
                pairs.add((found[0], found[1]))
    if errors:
        raise LineImportInvalid(errors)
    LineManagement.objects.filter(programme=programme).delete()
    LineManagement.objects.bulk_create(
        [LineManagement(programme=programme, manager_id=a, report_id=b) for a, b in sorted(pairs)]
    )
    return len(pairs)


@transaction.atomic
def save_preferences(
    *, programme: Programme, mentee: Person, offer_ids: Sequence[int], same_place: bool
) -> int:
    """Replace a mentee's ranked mentors (offer ids, 1st choice first) and whether they ask for their place."""
    if len(set(offer_ids)) != len(offer_ids):
        raise ValidationError("Give each mentor a different place in your order.")
    allowed = set(
        MentorOffer.objects.filter(programme=programme, active=True).exclude(person=mentee).values_list("pk", flat=True)
    )
    if any(pk not in allowed for pk in offer_ids):
        raise ValidationError("Choose from the mentors offered in this programme.")
    Preference.objects.filter(programme=programme, mentee=mentee).delete()
    Preference.objects.bulk_create(
        [Preference(programme=programme, mentee=mentee, offer_id=pk, rank=r) for r, pk in enumerate(offer_ids, start=1)]
    )
    Wish.objects.update_or_create(programme=programme, mentee=mentee, defaults={"same_place": same_place})
    return len(offer_ids)
