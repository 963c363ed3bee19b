"""Forms for the learning-set pages."""

from typing import Any

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.grouping.inputs import DEFAULT_MAX_SIZE, DEFAULT_MIN_SIZE


class GenerateForm(StyledFormMixin, forms.Form):
    min_size = forms.IntegerField(
        label="Smallest set",
        min_value=2,
        max_value=50,
        initial=DEFAULT_MIN_SIZE,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )
    max_size = forms.IntegerField(
        label="Largest set",
        min_value=2,
        max_value=50,
        initial=DEFAULT_MAX_SIZE,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("min_size") and data.get("max_size") and data["min_size"] > data["max_size"]:
            raise forms.ValidationError("The smallest set cannot be larger than the largest.")
        return data


class MoveForm(forms.Form):
    person = forms.IntegerField()
    to = forms.IntegerField(min_value=1)
    preview = forms.BooleanField(required=False)


class KeepApartForm(StyledFormMixin, forms.Form):
    person_a = forms.IntegerField(label="First person")
    person_b = forms.IntegerField(label="Second person")


class CohortMoveForm(StyledFormMixin, forms.Form):
    to_cohort = forms.TypedChoiceField(
        label="Move to cohort",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the cohort to move them to."},
    )
    confirm = forms.BooleanField(
        label="I understand the learning sets will need generating again",
        required=False,
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_cohort"].choices = choices  # type: ignore[attr-defined]
