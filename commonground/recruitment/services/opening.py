"""Opening a programme's applications: the public form appears and the programme is recruiting."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.programmes.models import Programme, ProgrammeStatus
from commonground.recruitment.models import EligibilityRule

OPENABLE = (ProgrammeStatus.DRAFT, ProgrammeStatus.RECRUITING)


@transaction.atomic
def open_applications(*, programme_id: int) -> Programme:
    """Show the public application form and mark the programme as recruiting.

    Refused, changing nothing, for a programme that is already running or over, without cohorts,
    or without eligibility rules and the privacy notice applicants agree to."""
    programme = Programme.objects.select_for_update().get(pk=programme_id)
    if programme.status not in OPENABLE:
        raise ValidationError(
            f"{programme.title} is {programme.get_status_display().lower()}: applications open only before it runs."
        )
    if not programme.cohorts.exists():
        raise ValidationError(f"{programme.title} has no cohorts yet: add a cohort with its capacity first.")
    rule = EligibilityRule.objects.select_for_update().filter(programme=programme).first()
    if rule is None:
        raise ValidationError(f"Say who may apply to {programme.title} (its eligibility rules) first.")
    if not rule.privacy_notice.strip():
        raise ValidationError("Applicants must see a privacy notice: write one in the eligibility rules first.")
    if not rule.applications_open:
        rule.applications_open = True
        rule.save(update_fields=["applications_open"])
    if programme.status != ProgrammeStatus.RECRUITING:
        programme.status = ProgrammeStatus.RECRUITING
        programme.save(update_fields=["status"])
    return programme
