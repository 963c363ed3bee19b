"""A programme's retention periods (its lead's or its system administrator's form): whole months, each within its bounds."""

from typing import Any

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.core.inputs import MAX_ID
from commonground.privacy.models import BOUNDS, DEFAULT_MONTHS, RetentionKind

LABELS: dict[str, str] = {
    RetentionKind.JOURNALS: "Delete journal entries this many months after the programme ends",
    RetentionKind.ANSWERS: "Pseudonymise wellbeing and self-assessment answers this many months after the end",
    RetentionKind.SURVEY_MARKS: "Pseudonymise relationship survey marks this many months after the end",
    RetentionKind.EQUALITY: "Delete equality monitoring answers this many months after the end",
    RetentionKind.APPLICATIONS: "Delete applications not accepted this many months after the last decision on them",
    RetentionKind.CONSENTS: "Delete consents withdrawn or replaced this many months after they ended",
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
    equality_months = _months_field(RetentionKind.EQUALITY)
    applications_months = _months_field(RetentionKind.APPLICATIONS)
    consents_months = _months_field(RetentionKind.CONSENTS)
    audit_months = _months_field(RetentionKind.AUDIT)

    def months(self) -> dict[str, int]:
        """The cleaned periods, by kind."""
        return {kind: int(self.cleaned_data[field_name(kind)]) for kind in RetentionKind.values}


class RunForm(StyledFormMixin, forms.Form):
    """The confirmation of a run now: the counts the preview showed, so the run does exactly that."""

    MESSAGE = "The counts this page showed were not understood. Look at what is due again, then confirm."

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.IntegerField(
                min_value=0, max_value=MAX_ID, widget=forms.HiddenInput, error_messages={key: self.MESSAGE for key in (
                    "required", "invalid", "min_value", "max_value")},
            )

    def expected(self) -> dict[str, int]:
        return {kind: int(value) for kind, value in self.cleaned_data.items()}
