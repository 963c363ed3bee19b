"""Forms for the learning-set pages."""

from typing import Any

from django import forms

from commonground.forms import StyledFormMixin
from commonground.grouping.services import DEFAULT_MAX_SIZE, DEFAULT_MIN_SIZE


class GenerateForm(StyledFormMixin, forms.Form):
    min_size = forms.IntegerField(label="Smallest set", min_value=2, max_value=50, initial=DEFAULT_MIN_SIZE,
                                  widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}))
    max_size = forms.IntegerField(label="Largest set", min_value=2, max_value=50, initial=DEFAULT_MAX_SIZE,
                                  widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-2"}))

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
