"""Forms for the programme pages: a lead's sponsor grants, and a person's own profile."""

from typing import Any

from django import forms

from commonground.accounts.models import Person
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Organisation, Place, Programme, Team


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


class ProfileForm(StyledFormMixin, forms.ModelForm):
    """What a person may change about themselves."""

    class Meta:
        model = Person
        fields = ["full_name", "job_title", "profession", "seniority", "organisation", "team", "place", "accessibility_needs"]
        labels = {"full_name": "Full name", "place": "Place you mostly work in"}
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Person = self.instance
        system_ids = (
            list(person.memberships.values_list("programme__system_id", flat=True).distinct())
            if person.pk
            else []
        )
        organisations = Organisation.objects.filter(system_id__in=system_ids).order_by("name")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            organisation__in=organisations
        ).select_related("organisation")
        self.fields["place"].queryset = Place.objects.filter(system_id__in=system_ids)  # type: ignore[attr-defined]
        self.fields["full_name"].required = True
        if system_ids:
            self.fields["organisation"].help_text = (
                "Because you take part in a programme, a programme lead confirms a change of "
                "organisation or team before it shows."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation = cleaned.get("organisation")
        team = cleaned.get("team")
        if team is not None and (organisation is None or team.organisation_id != organisation.pk):
            self.add_error("team", "Choose a team that belongs to the organisation you chose, or leave it empty.")
        return cleaned
