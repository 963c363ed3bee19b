"""The lead's retention periods: whole months, each within its bounds."""

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.privacy.models import BOUNDS, DEFAULT_MONTHS, RetentionKind

LABELS: dict[str, str] = {
    RetentionKind.JOURNALS: "Delete journal entries this many months after the programme ends",
    RetentionKind.ANSWERS: "Pseudonymise wellbeing and self-assessment answers this many months after the end",
    RetentionKind.SURVEY_MARKS: "Pseudonymise relationship survey marks this many months after the end",
    RetentionKind.APPLICATIONS: "Delete applications not accepted this many months after the last decision on them",
    RetentionKind.AUDIT: "Delete the programme's audit trail when it is this many months old",
}


def field_name(kind: str) -> str:
    return f"{kind}_months"


def _months_field(kind: str) -> forms.IntegerField:
    low, high = BOUNDS[kind]
    words = f"a whole number of months from {low} to {high}"
    return forms.IntegerField(
        label=LABELS[kind],
        min_value=low,
        max_value=high,
        help_text=f"The default is {DEFAULT_MONTHS[kind]}. Enter {words}.",
        error_messages={
            "required": f"Enter {words}.",
            "invalid": f"Enter {words}, like {DEFAULT_MONTHS[kind]}.",
            "min_value": f"Enter at least {low}: {words}.",
            "max_value": f"Enter at most {high}: {words}.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "nhsuk-input--width-4"}),
    )


class RetentionForm(StyledFormMixin, forms.Form):
    journals_months = _months_field(RetentionKind.JOURNALS)
    answers_months = _months_field(RetentionKind.ANSWERS)
    survey_marks_months = _months_field(RetentionKind.SURVEY_MARKS)
    applications_months = _months_field(RetentionKind.APPLICATIONS)
    audit_months = _months_field(RetentionKind.AUDIT)

    def months(self) -> dict[str, int]:
        """The cleaned periods, by kind."""
        return {kind: int(self.cleaned_data[field_name(kind)]) for kind in RetentionKind.values}
