"""Writes for the relationship survey and encounters (the one writer of `Encounter` rows)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from itertools import combinations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import Person
from commonground.network import figures
from commonground.network.models import (
    Encounter,
    EncounterSource,
    RosterConsent,
    SurveyRound,
    TieReport,
)
from commonground.network.queries import listed_ids, population_ids
from commonground.programmes.models import Cohort, Programme


@transaction.atomic
def decide_roster_consent(
    *,
    person: Person,
    programme: Programme,
    listed: bool,
    named_on_maps: bool,
    versions: Mapping[Purpose, str] | None = None,
) -> RosterConsent:
    """Record whether a person is listed (and named on maps), under the wording versions they read
    (today's by default); not listed removes their survey answers."""
    consent, _ = RosterConsent.objects.update_or_create(
        person=person,
        programme=programme,
        defaults={"listed": listed, "named_on_maps": listed and named_on_maps, "decided_at": timezone.now()},
    )
    # The ledger keeps each choice dated, with the wording shown, in this same transaction.
    for purpose, given in ((Purpose.ROSTER, consent.listed), (Purpose.NAMED_ON_MAPS, consent.named_on_maps)):
        if given:
            consent_ledger.give(
                person=person, purpose=purpose, programme_id=programme.pk,
                version=(versions or {}).get(purpose), at=consent.decided_at,
            )
        else:
            consent_ledger.withdraw(person=person, purpose=purpose, programme_id=programme.pk, at=consent.decided_at)
    if not listed:
        # Their own answers go; what others said about them is excluded from every figure while they are unlisted.
        TieReport.objects.filter(round__programme=programme, reporter=person).delete()
    figures.changed(programme.pk)  # who is listed is in every relationship figure
    return consent


@transaction.atomic
def create_survey_round(
    *, programme: Programme, cohort: Cohort | None, kind: str, opens_at: dt.datetime, closes_at: dt.datetime
) -> SurveyRound:
    """Add a round of the relationship survey for a cohort (or the whole programme)."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise ValidationError("That cohort belongs to another programme.")
    if closes_at <= opens_at:
        raise ValidationError("A round must close after it opens.")
    survey_round = SurveyRound(programme=programme, cohort=cohort, kind=kind, opens_at=opens_at, closes_at=closes_at)
    survey_round.full_clean()
    survey_round.save()
    figures.changed(programme.pk)
    return survey_round


@transaction.atomic
def save_tie_marks(
    *,
    survey_round: SurveyRound,
    reporter: Person,
    colleague_id: int,
    knows: bool,
    worked_with: bool,
    go_to_for_help: bool,
) -> TieReport | None:
    """Save one row of the roster; clearing every mark removes the row."""
    if not survey_round.is_open():
        raise ValidationError("This survey round is closed, so answers can no longer change.")
    if colleague_id == reporter.pk:
        raise ValidationError("You cannot mark yourself.")
    listed = listed_ids(survey_round)
    if reporter.pk not in listed:
        raise ValidationError("Choose to be listed before answering: the survey is for listed colleagues.")
    if colleague_id not in listed:
        raise ValidationError("That colleague is not listed in this survey.")
    if not (knows or worked_with or go_to_for_help):
        TieReport.objects.filter(round=survey_round, reporter=reporter, colleague_id=colleague_id).delete()
        figures.changed(survey_round.programme_id)
        return None
    report, _ = TieReport.objects.update_or_create(
        round=survey_round,
        reporter=reporter,
        colleague_id=colleague_id,
        defaults={"knows": knows, "worked_with": worked_with, "go_to_for_help": go_to_for_help},
    )
    figures.changed(survey_round.programme_id)
    return report


def _encounter_rows(
    *,
    programme: Programme,
    groups: Iterable[Iterable[int]],
    source: EncounterSource,
    source_ref: str,
    source_label: str,
    occurred_on: dt.date,
) -> list[Encounter]:
    """Every pair inside each group as an unsaved row (lower id first); refuses anyone who is not a participant."""
    population = population_ids(programme=programme, cohort=None)
    rows = []
    for group in groups:
        members = sorted(set(group))
        outside = [m for m in members if m not in population]
        if outside:
            raise ValidationError(f"People {outside} are not participants of {programme}.")
        for a, b in combinations(members, 2):
            rows.append(
                Encounter(
                    programme=programme, person_a_id=a, person_b_id=b, source=source,
                    source_ref=source_ref, source_label=source_label, occurred_on=occurred_on,
                )
            )
    return rows


def _save_encounters(rows: list[Encounter]) -> int:
    created = Encounter.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(created)


@transaction.atomic
def record_encounters(
    *,
    programme: Programme,
    groups: Iterable[Iterable[int]],
    source: EncounterSource,
    source_ref: str,
    source_label: str,
    occurred_on: dt.date,
) -> int:
    """Record every pair inside each group as having met through the programme; repeats are ignored."""
    return _save_encounters(
        _encounter_rows(
            programme=programme, groups=groups, source=source, source_ref=source_ref,
            source_label=source_label, occurred_on=occurred_on,
        )
    )


STALE_CHUNK = 500  # encounter ids per delete


@transaction.atomic
def replace_encounters(
    *,
    programme: Programme,
    groups: Iterable[Iterable[int]],
    source: EncounterSource,
    source_ref: str,
    source_label: str,
    occurred_on: dt.date,
) -> tuple[int, int]:
    """Make one source's encounters under `source_ref` the pairs inside these groups now (a feature's
    groups that can change, such as learning sets): pairs no longer together are removed, new pairs
    recorded, pairs still together keep their row. Returns (pairs recorded, pairs removed)."""
    rows = _encounter_rows(
        programme=programme, groups=groups, source=source, source_ref=source_ref,
        source_label=source_label, occurred_on=occurred_on,
    )
    current = {(row.person_a_id, row.person_b_id) for row in rows}
    existing = Encounter.objects.filter(programme=programme, source=source, source_ref=source_ref)
    stale = [pk for pk, a, b in existing.values_list("pk", "person_a_id", "person_b_id") if (a, b) not in current]
    for start in range(0, len(stale), STALE_CHUNK):
        Encounter.objects.filter(pk__in=stale[start : start + STALE_CHUNK]).delete()
    return _save_encounters(rows), len(stale)
