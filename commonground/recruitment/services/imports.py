"""Importing applications from a spreadsheet: every row valid, or nothing written."""

import datetime as dt
import secrets

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.programmes.affiliations import Work, record_new
from commonground.programmes.models import Organisation, Place, Programme, Team
from commonground.recruitment import importing
from commonground.recruitment.models import Application, ApplicationSource, Decision
from commonground.recruitment.services.sponsor_support import request_sponsor_support

# What an import writes, as the audit trail names it (never the values).
IMPORTED_FIELDS = (
    "cohort", "organisation", "team", "place", "job_title", "profession", "seniority", "why_now",
    "sponsor_email", "access_needs", "status",
)
IMPORTED_PROFILE_FIELDS = (
    "email", "full_name", "job_title", "profession", "seniority", "accessibility_needs", "organisation", "team",
    "place",
)


class ImportInvalid(ValidationError):
    """An import with row errors; nothing was written."""

    def __init__(self, errors: list[importing.RowError]) -> None:
        super().__init__([f"Row {e.row}, {e.field}: {e.message}" for e in errors])
        self.row_errors = errors


@transaction.atomic
def import_applications(
    *,
    programme: Programme,
    rows: list[dict[str, str]],
    by: Person,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> list[Application]:
    """Validate parsed rows and, only if every row is valid, write them all in one transaction.

    Validation runs here (not only at preview) because someone may have applied since the preview.
    """
    now = now or timezone.now()
    valid, errors = importing.validate(rows, importing.lookup_for(programme))
    if errors:
        raise ImportInvalid(errors)
    existing = {
        p.email.lower(): p for p in Person.objects.filter(email__in=[r.email for r in valid])
    }
    new_people = []
    for r in valid:
        if r.email not in existing:
            person = Person(
                email=r.email,
                full_name=r.full_name,
                job_title=r.job_title,
                profession=r.profession,
                seniority=r.seniority,
                accessibility_needs=r.access_needs,
                # Imported people sign in by emailed link; this is make_password(None) without its slow draws.
                password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
            )
            new_people.append(person)
            existing[r.email] = person
    Person.objects.bulk_create(new_people, batch_size=2000)
    added = {p.email for p in new_people}
    orgs = Organisation.objects.in_bulk({r.organisation_id for r in valid if r.organisation_id})
    teams = Team.objects.in_bulk({r.team_id for r in valid if r.team_id})
    places = Place.objects.in_bulk({r.place_id for r in valid if r.place_id})
    record_new(
        (
            existing[r.email],
            programme.system_id,
            Work(
                organisation=orgs.get(r.organisation_id) if r.organisation_id else None,
                team=teams.get(r.team_id) if r.team_id else None,
                place=places.get(r.place_id) if r.place_id else None,
            ),
        )
        for r in valid
        if r.email in added
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                programme=programme,
                person=existing[r.email],
                cohort_id=r.cohort_id,
                source=ApplicationSource.IMPORT,
                organisation_id=r.organisation_id,
                team_id=r.team_id,
                place_id=r.place_id,
                job_title=r.job_title,
                profession=r.profession,
                seniority=r.seniority,
                why_now=r.why_now,
                sponsor_email=r.sponsor_email,
                access_needs=r.access_needs,
                consented_at=now,
                submitted_at=(
                    dt.datetime.combine(
                        dt.date.fromisoformat(r.submitted_on), dt.time(9), tzinfo=dt.UTC
                    )
                    if r.submitted_on
                    else now
                ),
            )
            for r in valid
        ],
        batch_size=2000,
    )
    Decision.objects.bulk_create(
        [
            Decision(
                application=a, by=by, from_status="", to_status=a.status, reason="Imported", at=now
            )
            for a in applications
        ],
        batch_size=2000,
    )
    # Each person's application (and, for someone new, their account) written by the lead.
    audit.changes(
        audit.Change("application", [a.person_id for a in applications], IMPORTED_FIELDS),
        audit.Change("person", [existing[e].pk for e in added], IMPORTED_PROFILE_FIELDS),
        request=request, actor_id=by.pk, programme_id=programme.pk,
    )
    for application in applications:
        if application.sponsor_email:
            request_sponsor_support(application=application, now=now)
    return applications
