from django import forms

from commonground.accounts import consents
from commonground.accounts.consent_forms import ShownWordingMixin
from commonground.accounts.consents import Purpose
from commonground.core.forms import StyledFormMixin


class ConsentForm(StyledFormMixin, ShownWordingMixin):
    purposes = (Purpose.ROSTER, Purpose.NAMED_ON_MAPS)

    listed = forms.TypedChoiceField(
        label="Do you want to be listed in the relationship survey?",
        choices=[
            # The ledger records the version of these words that a "yes" was given under.
            ("yes", consents.current(Purpose.ROSTER).text),
            ("no", "No, leave me out: I will not appear in any list, count or map"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    named_on_maps = forms.BooleanField(
        label=consents.current(Purpose.NAMED_ON_MAPS).text, required=False
    )


class RosterFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
    organisation = forms.IntegerField(required=False, widget=forms.Select)
    place = forms.IntegerField(required=False, widget=forms.Select)
