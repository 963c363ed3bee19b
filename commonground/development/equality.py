"""Equality monitoring: the questions, and the writes (keyword-only, typed, each in one transaction).

The questions are optional and asked on their own page only after their own consent (ledger
purpose `equality`), separate from the health-data consent and from taking part. Each has a
"Prefer not to say" answer and may also be left blank. Withdrawing dates the consent in the
ledger and deletes the answers in the same transaction; the figures are computed on request, so
the answers stop counting at once. Nobody but the person reads their answers (leads see only the
protected counts of `equality_figures.py`), so reading one's own is not audited.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from commonground.accounts import consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.development.models import AgeBand, Disability, EqualityAnswers, EthnicGroup, Sex
from commonground.programmes.models import Membership, Programme


@dataclass(frozen=True)
class Question:
    field: str  # the field of `EqualityAnswers`
    text: str
    heading: str  # the figures table's caption
    choices: type[models.TextChoices]


QUESTIONS: tuple[Question, ...] = (
    Question("ethnic_group", "What is your ethnic group?", "Ethnic group", EthnicGroup),
    Question(
        "disability",
        "Do you consider yourself to be disabled, or to have a physical or mental health condition "
        "or illness lasting or expected to last 12 months or more?",
        "Disability or long-term condition",
        Disability,
    ),
    Question("sex", "What is your sex?", "Sex", Sex),
    Question("age_band", "What is your age?", "Age band", AgeBand),
)


def is_participant(person: Person, programme: Programme) -> bool:
    return Membership.objects.participants().filter(person=person, programme=programme).exists()


@transaction.atomic
def give_equality_consent(*, person: Person, programme: Programme, version: str | None = None) -> ConsentRecord:
    """Record consent to the equality monitoring questions of one programme (participants only)."""
    if not is_participant(person, programme):
        raise ValidationError("Only the programme's participants are asked the equality monitoring questions.")
    return consent_ledger.give(person=person, purpose=Purpose.EQUALITY, programme_id=programme.pk, version=version)


@transaction.atomic
def save_equality_answers(*, person: Person, programme: Programme, answers: Mapping[str, str]) -> EqualityAnswers:
    """Save (or replace) the person's answers; each is one of its question's choices or blank."""
    # The lock on the consent makes a withdrawal wait for this save, or this save see the withdrawal.
    if consent_ledger.in_force(person=person, purpose=Purpose.EQUALITY, programme_id=programme.pk, lock=True) is None:
        raise ValidationError("Give your consent before answering the equality monitoring questions.")
    cleaned: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in QUESTIONS:
        value = answers.get(question.field) or ""
        if value and value not in question.choices.values:
            errors[question.field] = f"Choose one of the answers listed for “{question.text}”, or leave it blank."
        cleaned[question.field] = value
    if unknown := sorted(set(answers) - {q.field for q in QUESTIONS}):
        errors["__all__"] = f"There is no equality question called {', '.join(unknown)}."
    if errors:
        raise ValidationError(errors)
    row, _ = EqualityAnswers.objects.update_or_create(
        person=person, programme=programme, defaults={**cleaned, "answered_at": timezone.now()}
    )
    return row


@transaction.atomic
def withdraw_equality_consent(*, person: Person, programme: Programme) -> bool:
    """Withdraw the consent (the dated record stays) and delete the answers; True when answers went."""
    consent_ledger.withdraw(person=person, purpose=Purpose.EQUALITY, programme_id=programme.pk)
    deleted, _ = EqualityAnswers.objects.filter(person=person, programme=programme).delete()
    return bool(deleted)


def my_answers(person: Person, programme: Programme) -> EqualityAnswers | None:
    """The person's own answers (the only read of a single person's answers)."""
    return EqualityAnswers.objects.filter(person=person, programme=programme).first()
