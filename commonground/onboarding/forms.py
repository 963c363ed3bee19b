"""The onboarding pages' forms; the services check again what matters and name the field."""

from typing import Any

from django import forms

from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin, check_input
from commonground.programmes.models import Place, Sector, System
from commonground.programmes.ods import EXAMPLES
from commonground.programmes.system_setup import NAME_LENGTH
from commonground.recruitment.forms import EligibilityForm


class InviteForm(StyledFormMixin, forms.Form):
    system_name = forms.CharField(label="The new system's name", max_length=NAME_LENGTH,
                                  help_text="For example, Northshire Health and Care Partnership.")
    admin_name = forms.CharField(label="Its administrator's full name", max_length=200)
    admin_email = forms.EmailField(label="Its administrator's email address", max_length=254,
                                   help_text="We email them a sign-in link to set the system up.")


class DetailsForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="System name", max_length=NAME_LENGTH)
    short_name = forms.CharField(label="Short name", max_length=60, required=False,
                                 help_text="Used where space is short, for example Northshire.")
    data_controller = forms.CharField(
        label="Data controller", max_length=200,
        help_text="The organisation responsible for the personal data of the system's programmes, as the privacy notice names it.",
    )
    privacy_contact = forms.EmailField(
        label="Privacy contact's email address", max_length=254,
        help_text="Where people write about their data, often the data controller's data protection officer.",
    )

    @classmethod
    def for_system(cls, system: System, data: Any = None) -> "DetailsForm":
        return cls(data, initial={"name": system.name, "short_name": system.short_name,
                                  "data_controller": system.data_controller, "privacy_contact": system.privacy_contact})


class PlaceForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Place name", max_length=NAME_LENGTH,
                           help_text="A local health-and-care partnership, for example East Northshire.")
    population = forms.IntegerField(label="Residents, roughly", required=False, min_value=0, max_value=100_000_000,
                                    widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-10"}))


class OrganisationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="Organisation name", max_length=NAME_LENGTH)
    ods_code = forms.CharField(label="NHS organisation code", max_length=20, required=False,
                               help_text=f"Its ODS code, {EXAMPLES}. Leave empty when it has none.",
                               widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}))
    sector = forms.ChoiceField(label="Sector", choices=[("", "Choose a sector"), *Sector.choices])
    places = forms.ModelMultipleChoiceField(label="Places it works in", queryset=Place.objects.none(),
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, system: System, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["places"].queryset = Place.objects.filter(system=system).order_by("name")  # type: ignore[attr-defined]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Upload a CSV or Excel file", help_text="At most 2,000 organisations, one a row.")


LEAD_CHOICES = [("me", "I will lead it"), ("someone", "Someone else: invite them")]


class ProgrammeForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="Programme title", max_length=200,
                            help_text="For example, Northshire 400: leading across boundaries.")
    starts_on = DateField(label="Starts on", help_text="Applications stay open until this day. For example, 1 9 2027")
    ends_on = DateField(label="Ends on", help_text="For example, 30 4 2028")
    lead = forms.ChoiceField(label="Who leads the programme?", choices=LEAD_CHOICES, widget=forms.RadioSelect,
                             initial="me")
    lead_name = forms.CharField(label="The lead's full name", max_length=200, required=False)
    lead_email = forms.EmailField(label="The lead's email address", max_length=254, required=False,
                                  help_text="We email them a sign-in link.")

    def __init__(self, *args: Any, places: list[Place], capacities: dict[int, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.places = places
        for place in places:
            field = forms.IntegerField(label=f"Places in the {place.name} cohort", min_value=1, max_value=5000,
                                       initial=capacities.get(place.pk, 100),
                                       widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}))
            check_input(f"capacity_{place.pk}", field)  # added after the mixin styled the others
            field.widget.attrs["class"] = "nhsuk-input nhsuk-input--width-4"
            self.fields[f"capacity_{place.pk}"] = field

    def capacity_fields(self) -> list[forms.BoundField]:
        return [self[f"capacity_{p.pk}"] for p in self.places]

    def capacities(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"capacity_{p.pk}"] for p in self.places}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("lead") == "someone" and not data.get("lead_email"):
            self.add_error("lead_email", "Enter the email address of the person who will lead it.")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The programme must end on or after the day it starts.")
        return data


class WhoMayApplyForm(EligibilityForm):
    """Recruitment's eligibility rules, without opening applications: the checklist does that."""

    class Meta(EligibilityForm.Meta):
        fields = [f for f in EligibilityForm.Meta.fields if f != "applications_open"]
