"""Forms for the programme pages a lead uses to manage people."""

from typing import Any

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Organisation, Programme


class SponsorGrantForm(StyledFormMixin, forms.Form):
    """A lead names a person and the organisation whose participants they will see."""

    email = forms.EmailField(
        label="Their email address", help_text="The address they sign in with."
    )
    full_name = forms.CharField(
        label="Their full name",
        max_length=200,
        required=False,
        help_text="Only needed when they have no account yet.",
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation they sponsor",
        help_text="They will see the participants from this organisation, and nobody else.",
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            system_id=programme.system_id
        ).order_by("name")
