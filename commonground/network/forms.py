from django import forms

from commonground.core.forms import StyledFormMixin


class ConsentForm(StyledFormMixin, forms.Form):
    listed = forms.TypedChoiceField(
        label="Do you want to be listed in the relationship survey?",
        choices=[
            ("yes", "Yes, list me: colleagues can mark that they know me, and I can answer the survey"),
            ("no", "No, leave me out: I will not appear in any list, count or map"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    named_on_maps = forms.BooleanField(
        label="Show my name on programme maps (otherwise I am an anonymous dot)", required=False
    )


class RosterFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    organisation = forms.IntegerField(required=False, widget=forms.Select)
    place = forms.IntegerField(required=False, widget=forms.Select)
