"""Applicants from a CSV or XLSX file: parse, then validate every row against the programme, reporting each error
by row, column and reason. Nothing is written here; `services.imports.import_applications` writes only an all-valid file.

`validate` is pure: it takes the rows and a `Lookup` (plain data read from the database in a fixed number
of queries), so the rules are tested without a database.
"""

import csv
import datetime as dt
import io
from dataclasses import asdict, dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from openpyxl import load_workbook

from commonground.accounts.models import Profession, Seniority
from commonground.core.inputs import has_refused_characters
from commonground.programmes.models import Cohort, Organisation, Place, Programme, Sector, Team
from commonground.recruitment import eligibility
from commonground.recruitment.models import Application

COLUMNS = (
    "full_name",
    "email",
    "organisation",
    "team",
    "sector",
    "place",
    "job_title",
    "profession",
    "seniority",
    "cohort",
    "submitted_on",
    "why_now",
    "sponsor_email",
    "access_needs",
)
REQUIRED = ("full_name", "email", "organisation", "place", "seniority")
MAX_LENGTH = {
    "full_name": 200,
    "email": 254,
    "organisation": 200,
    "team": 200,
    "place": 200,
    "job_title": 200,
    "cohort": 200,
    "why_now": 3000,
    "sponsor_email": 254,
    "access_needs": 2000,
}
SEVERAL_LINES = ("why_now", "access_needs")  # every other column is one line of text
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MAX_ROWS = 20_000
ONE_LINE = "Must be one line of text: it holds a line break, a tab or another control character."
CONTROL_CHARACTERS = "Holds a control character (such as NUL) that text cannot contain."


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it: the header is row 1
    field: str
    message: str


@dataclass(frozen=True)
class ImportRow:
    """One valid applicant, resolved to database ids."""

    row: int
    full_name: str
    email: str
    organisation_id: int
    place_id: int
    seniority: str
    team_id: int | None = None
    cohort_id: int | None = None
    job_title: str = ""
    profession: str = ""
    submitted_on: str = ""  # ISO date, or empty for today
    why_now: str = ""
    sponsor_email: str = ""
    access_needs: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class OrganisationFacts:
    id: int
    name: str
    sector: str
    system_id: int
    place_ids: frozenset[int]


@dataclass(frozen=True)
class Lookup:
    """Everything validation needs to know about the programme, keyed by lower-case names."""

    rules: eligibility.Rules
    organisations: dict[str, OrganisationFacts]
    teams: dict[tuple[int, str], int]
    places: dict[str, tuple[int, int]]  # name -> (id, system id)
    cohorts: dict[str, int]
    applied_emails: frozenset[str]


@dataclass
class Parsed:
    rows: list[dict[str, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _header(value: object) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("-", "_")


def _cell(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def parse(upload: IO[bytes], filename: str) -> Parsed:
    """Read the header and rows of a CSV or XLSX file; blank rows are skipped."""
    name = filename.lower()
    table: list[list[object]]
    try:
        if name.endswith(".xlsx"):
            workbook = load_workbook(upload, read_only=True, data_only=True)
            sheet = workbook.worksheets[0]
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
            workbook.close()
        elif name.endswith(".csv"):
            text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
            table = [list(r) for r in csv.reader(text)]
        else:
            return Parsed(errors=[RowError(0, "file", "Upload a .csv or .xlsx file.")])
    except (UnicodeDecodeError, csv.Error) as exc:
        return Parsed(
            errors=[RowError(0, "file", f"The file could not be read as UTF-8 CSV ({exc}).")]
        )
    except Exception:  # openpyxl raises many kinds for a damaged or disguised file
        return Parsed(
            errors=[RowError(0, "file", "The file could not be read as an Excel workbook (.xlsx).")]
        )
    if not table:
        return Parsed(errors=[RowError(1, "file", "The file is empty.")])
    headers = [_header(h) for h in table[0]]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        return Parsed(
            errors=[RowError(1, c, "This column is missing from the header row.") for c in missing]
        )
    parsed = Parsed()
    for number, values in enumerate(table[1:], start=2):
        row = {h: _cell(v) for h, v in zip(headers, values, strict=False) if h in COLUMNS}
        if any(row.values()):
            row["_row"] = str(number)
            parsed.rows.append(row)
    if len(parsed.rows) > MAX_ROWS:
        parsed.errors.append(RowError(0, "file", f"Import at most {MAX_ROWS:,} rows at a time."))
    if not parsed.rows:
        parsed.errors.append(RowError(2, "file", "The file has a header row but no applicants."))
    return parsed


def _date(value: str) -> str | None:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def validate(rows: list[dict[str, str]], lookup: Lookup) -> tuple[list[ImportRow], list[RowError]]:
    """Check every row and collect every error (not just the first), with the row and column it belongs to."""
    valid: list[ImportRow] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    for raw in rows:
        number = int(raw["_row"])
        row_errors: list[RowError] = []

        def error(
            column: str, message: str, row_errors: list[RowError] = row_errors, number: int = number
        ) -> None:
            row_errors.append(RowError(number, column, message))

        for column in COLUMNS:
            several = column in SEVERAL_LINES
            if has_refused_characters(raw.get(column, ""), line_breaks=several):
                error(column, CONTROL_CHARACTERS if several else ONE_LINE)
        for column, limit in MAX_LENGTH.items():
            if len(raw.get(column, "")) > limit:
                error(column, f"Too long: {len(raw[column]):,} characters, at most {limit:,}.")
        for column in REQUIRED:
            if not raw.get(column):
                error(column, "Empty: this column is required.")

        email = raw.get("email", "").lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                error("email", f"“{raw['email']}” is not an email address.")
            else:
                if email in lookup.applied_emails:
                    error("email", f"{email} has already applied to this programme.")
                elif email in first_seen:
                    error(
                        "email",
                        f"{email} appears twice in this file (first in row {first_seen[email]}).",
                    )
                else:
                    first_seen[email] = number
        sponsor_email = raw.get("sponsor_email", "").lower()
        if sponsor_email:
            try:
                validate_email(sponsor_email)
            except ValidationError:
                error("sponsor_email", f"“{raw['sponsor_email']}” is not an email address.")

        organisation = lookup.organisations.get(raw.get("organisation", "").lower())
        if raw.get("organisation") and organisation is None:
            error(
                "organisation",
                f"No organisation called “{raw['organisation']}” in {lookup.rules.system_name}.",
            )
        sector = raw.get("sector", "")
        if sector and sector not in Sector.values:
            error(
                "sector",
                f"“{sector}” is not a sector code (for example {Sector.NHS_ACUTE}, {Sector.VOLUNTARY_COMMUNITY}).",
            )
        elif sector and organisation and organisation.sector != sector:
            error(
                "sector", f"{organisation.name} is recorded as {organisation.sector}, not {sector}."
            )
        team_id = None
        if raw.get("team") and organisation:
            team_id = lookup.teams.get((organisation.id, raw["team"].lower()))
            if team_id is None:
                error("team", f"{organisation.name} has no team called “{raw['team']}”.")
        place = lookup.places.get(raw.get("place", "").lower())
        if raw.get("place") and place is None:
            error("place", f"No place called “{raw['place']}” in {lookup.rules.system_name}.")
        seniority = raw.get("seniority", "")
        if seniority and seniority not in Seniority.values:
            error(
                "seniority",
                f"“{seniority}” is not a seniority band ({', '.join(Seniority.values)}).",
            )
        profession = raw.get("profession", "")
        if profession and profession not in Profession.values:
            error("profession", f"“{profession}” is not a profession code.")
        cohort_id = None
        if raw.get("cohort"):
            cohort_id = lookup.cohorts.get(raw["cohort"].lower())
            if cohort_id is None:
                error("cohort", f"This programme has no cohort called “{raw['cohort']}”.")
        submitted_on = ""
        if raw.get("submitted_on"):
            submitted_on = _date(raw["submitted_on"]) or ""
            if not submitted_on:
                error(
                    "submitted_on",
                    f"“{raw['submitted_on']}” is not a date (use 2026-03-31 or 31/03/2026).",
                )

        if organisation and place and seniority in Seniority.values:
            who = eligibility.Candidate(
                organisation_name=organisation.name,
                organisation_system_id=organisation.system_id,
                organisation_sector=organisation.sector,
                organisation_place_ids=organisation.place_ids,
                place_id=place[0],
                place_system_id=place[1],
                seniority=seniority,
            )
            for reason in eligibility.problems(lookup.rules, who):
                error("eligibility", reason)

        if row_errors:
            errors.extend(row_errors)
            continue
        assert organisation is not None and place is not None
        valid.append(
            ImportRow(
                row=number,
                full_name=raw["full_name"],
                email=email,
                organisation_id=organisation.id,
                place_id=place[0],
                seniority=seniority,
                team_id=team_id,
                cohort_id=cohort_id,
                job_title=raw.get("job_title", ""),
                profession=profession,
                submitted_on=submitted_on,
                why_now=raw.get("why_now", ""),
                sponsor_email=sponsor_email,
                access_needs=raw.get("access_needs", ""),
            )
        )
    return valid, errors


def lookup_for(programme: Programme) -> Lookup:
    """Read what validation needs about the programme, in a fixed number of queries."""
    system = programme.system
    place_links: dict[int, set[int]] = {}
    for org_id, place_id in Organisation.places.through.objects.filter(
        organisation__system=system
    ).values_list("organisation_id", "place_id"):
        place_links.setdefault(org_id, set()).add(place_id)
    organisations = {
        org.name.lower(): OrganisationFacts(
            org.pk, org.name, org.sector, org.system_id, frozenset(place_links.get(org.pk, ()))
        )
        for org in Organisation.objects.filter(system=system)
    }
    return Lookup(
        rules=eligibility.rules_for(programme),
        organisations=organisations,
        teams={
            (t.organisation_id, t.name.lower()): t.pk
            for t in Team.objects.filter(organisation__system=system)
        },
        places={p.name.lower(): (p.pk, p.system_id) for p in Place.objects.filter(system=system)},
        cohorts={c.name.lower(): c.pk for c in Cohort.objects.filter(programme=programme)},
        applied_emails=frozenset(
            e.lower()
            for e in Application.objects.filter(programme=programme).values_list(
                "person__email", flat=True
            )
        ),
    )
