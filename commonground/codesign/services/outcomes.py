"""Writes on outcomes and the showcase that lists them."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import (
    OUTCOME_STATES,
    ChallengeTeam,
    Issue,
    Moderation,
    Outcome,
    Showcase,
)
from commonground.codesign.services.audit import record_moderation
from commonground.programmes.models import Programme


@transaction.atomic
def record_outcome(
    *,
    issue: Issue,
    team: ChallengeTeam | None,
    person: Person,
    what_changed: str,
    for_whom: str,
    measure: str,
    story: str,
    unit: str = "",
    before_value: Decimal | None = None,
    before_on: dt.date | None = None,
    after_value: Decimal | None = None,
    after_on: dt.date | None = None,
) -> Outcome:
    """An outcome of an adopted, in-progress or completed issue."""
    if issue.state not in OUTCOME_STATES:
        raise ValidationError(
            {"issue": "Outcomes are recorded for adopted, in-progress or completed issues."}
        )
    if team is not None and team.issue_id != issue.pk:
        raise ValidationError({"team": "Choose a team working on this issue."})
    if (before_value is not None or after_value is not None) and not unit.strip():
        raise ValidationError(
            {"unit": "Give the unit of the figures (for example: days, people, per cent)."}
        )
    if before_value is not None and before_on is None:
        raise ValidationError({"before_on": "Give the date of the figure before."})
    if after_value is not None and after_on is None:
        raise ValidationError({"after_on": "Give the date of the figure after."})
    if before_on and after_on and after_on < before_on:
        raise ValidationError(
            {"after_on": "The figure after must be dated on or after the figure before."}
        )
    return Outcome.objects.create(
        issue=issue,
        team=team,
        what_changed=what_changed.strip(),
        for_whom=for_whom.strip(),
        measure=measure.strip(),
        story=story.strip(),
        unit=unit.strip(),
        before_value=before_value,
        before_on=before_on,
        after_value=after_value,
        after_on=after_on,
        recorded_by=person,
    )


@transaction.atomic
def set_showcase_published(
    *, programme: Programme, actor: Person, published: bool, request: HttpRequest | None = None
) -> Showcase:
    """Publish the showcase as a public, read-only page (or withdraw it: its address then answers 404)."""
    showcase, _ = Showcase.objects.select_for_update().get_or_create(programme=programme)
    if published == showcase.is_published:
        return showcase
    showcase.published_at = timezone.now() if published else None
    showcase.save(update_fields=["published_at"])
    record_moderation(
        kind=Moderation.SHOWCASE_PUBLISHED if published else Moderation.SHOWCASE_UNPUBLISHED,
        programme=programme, actor=actor, obj=showcase, request=request,
    )
    return showcase
