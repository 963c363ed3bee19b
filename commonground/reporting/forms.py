"""The lead's choice of what a report pack covers."""

from typing import Any

from django import forms

from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Cohort, Funder, Programme


class ReportPackForm(StyledFormMixin, forms.Form):
    funder = forms.ModelChoiceField(
        queryset=Funder.objects.none(), required=False, empty_label="The programme board (every funder)",
        help_text="A pack for one funder shows their contributions in full; only that funder can see it once you sign it off.",
    )
    period_from = DateField(label="Period from", required=False, help_text="For example, 1 4 2026. Leave empty for the start of the programme.")
    period_to = DateField(label="Period to", required=False, help_text="For example, 31 3 2027. Leave empty for today.")
    cohorts = forms.ModelMultipleChoiceField(
        queryset=Cohort.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked for every cohort.",
    )
    did_not_work = forms.CharField(
        label="What did not work", max_length=6000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Kept with this pack and printed in it.",
    )
    lessons = forms.CharField(
        label="Lessons", max_length=6000, required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you would keep or change next time.",
    )

    def __init__(self, programme: Programme, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        funder = self.fields["funder"]
        cohorts = self.fields["cohorts"]
        assert isinstance(funder, forms.ModelChoiceField) and isinstance(cohorts, forms.ModelMultipleChoiceField)
        funder.queryset = Funder.objects.filter(system_id=programme.system_id).order_by("name")
        cohorts.queryset = Cohort.objects.filter(programme=programme).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", "The end of the period must be on or after its start.")
        return data
