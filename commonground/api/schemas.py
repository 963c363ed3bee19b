"""What the API answers, as ninja schemas (and so as the OpenAPI document describes it)."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema

from commonground.api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from commonground.core.inputs import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")]
Cursor = Annotated[str | None, Field(max_length=100, description="The next_cursor of the page before; none for the first.")]
LIMIT_DEFAULT = DEFAULT_LIMIT


class Problem(Schema):
    """A refusal: 400 bad input, 401 no valid token, 403 a read-only token writing, 404 not found
    (or not yours to see)."""

    detail: str


class Invalid(Schema):
    """422: a parameter or body that does not match this schema."""

    detail: list[dict[str, Any]]


class RowErrorOut(Schema):
    row: int
    field: str
    message: str


class ImportRefused(Schema):
    """400 from an import: every row's errors; nothing was written."""

    detail: str
    errors: list[RowErrorOut]


READ_ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 404: Problem, 422: Invalid}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: Problem}


class ProgrammeOut(Schema):
    id: int
    title: str
    system: str
    roles: list[str]


class ProgrammePage(Schema):
    items: list[ProgrammeOut]
    next_cursor: str | None


class CohortOut(Schema):
    id: int
    name: str
    place: str | None
    capacity: int | None


class CohortPage(Schema):
    items: list[CohortOut]
    next_cursor: str | None


class PersonOut(Schema):
    id: int = Field(description="The participant's person id.")
    membership_id: int
    full_name: str
    cohort_id: int | None
    organisation: str | None
    job_title: str
    sector: str | None = Field(None, description="Staff only.")
    seniority: str | None = Field(None, description="Staff only.")


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class SessionOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    module: str | None
    cohort_ids: list[int] = Field(description="Empty: the whole programme.")


class SessionPage(Schema):
    items: list[SessionOut]
    next_cursor: str | None


class AttendanceOut(Schema):
    person_id: int
    full_name: str
    reply: str
    mark: str | None


class AttendancePage(Schema):
    items: list[AttendanceOut]
    next_cursor: str | None


class ApplicationOut(Schema):
    id: int
    person_id: int
    full_name: str
    status: str
    source: str
    cohort_id: int | None
    submitted_at: dt.datetime


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_cursor: str | None


class LearningSetOut(Schema):
    id: int
    cohort_id: int
    number: int
    name: str
    member_ids: list[int]


class LearningSetPage(Schema):
    items: list[LearningSetOut]
    next_cursor: str | None


class FigureRowOut(Schema):
    label: str
    count: int | None = Field(description="None: not shown (fewer than 5, or it would give one away).")


class ReachOut(Schema):
    computed_at: dt.datetime
    being_updated: bool
    total: int | None
    by_place: list[FigureRowOut]
    by_family: list[FigureRowOut]
    by_sector: list[FigureRowOut] | None = Field(None, description="Staff only.")
    by_cohort: list[FigureRowOut] | None = Field(None, description="Staff only.")
    by_seniority: list[FigureRowOut] | None = Field(None, description="Staff only.")


class HoursOut(Schema):
    person_id: int
    full_name: str
    email: str
    sessions: int
    hours: str = Field(description="Completed development hours, two decimals.")


class HoursPage(Schema):
    items: list[HoursOut]
    next_cursor: str | None


class ImportIn(Schema):
    rows: list[dict[str, str]] = Field(
        max_length=2000, description="One object per applicant, keyed by the import's column names."
    )


class Imported(Schema):
    created: int
    application_ids: list[int]


class MarkIn(Schema):
    mark: str = Field(max_length=20, description="present, late, absent or apologies.")


class MarkOut(Schema):
    session_id: int
    person_id: int
    mark: str


class ReplyIn(Schema):
    answer: str = Field(max_length=20, description="attending or apologies.")
    reason: str = Field("", max_length=300, description="Why not (apologies only).")


class ReplyOut(Schema):
    session_id: int
    reply: str
