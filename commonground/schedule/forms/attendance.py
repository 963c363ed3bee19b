"""Forms for registers and table plans."""

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.schedule.models import Mark


class MarkForm(forms.Form):
    mark = forms.ChoiceField(
        choices=Mark.choices,
        error_messages={
            "required": "Choose present, late, absent or apologies.",
            "invalid_choice": "Choose present, late, absent or apologies.",
        },
    )


class TablePlanForm(StyledFormMixin, forms.Form):
    table_size = forms.IntegerField(
        label="People per table",
        min_value=2,
        max_value=20,
        help_text="Tables seat this many at most; the plan uses as few tables as that allows.",
        error_messages={
            "required": "Enter how many people sit at a table.",
            "invalid": "Enter how many people sit at a table, as a whole number.",
            "min_value": "People per table must be at least 2.",
            "max_value": "People per table must be 20 or fewer.",
        },
    )
