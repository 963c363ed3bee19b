"""Forms for the programme pages: a lead's sponsor grants and completion rule, and a person's own
profile with where they work in each system."""

from typing import Any

from django import forms

from commonground.accounts.models import Person
from commonground.core.forms import StyledFormMixin
from commonground.programmes import affiliations
from commonground.programmes.models import (
    COMPLETION_FIELD_LABEL,
    Affiliation,
    Organisation,
    Place,
    Programme,
    System,
    Team,
    completion_rule_problem,
    completion_rule_too_big,
)


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


class CompletionRuleForm(StyledFormMixin, forms.Form):
    """A lead sets how many module days a participant must attend to complete the programme.

    The bound depends on the schedule, which sits above this app, so the page passes in how many
    module days are scheduled."""

    min_module_days_to_complete = forms.IntegerField(
        label=COMPLETION_FIELD_LABEL.capitalize(),
        required=False,
        error_messages={
            "invalid": "Module days to attend must be a whole number, such as 5.",
            "min_value": "Module days to attend must be at least 1.",
        },
    )

    def __init__(self, *args: Any, module_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.module_days = module_days
        field = self.fields["min_module_days_to_complete"]
        # A number too big for the database is refused with the same words as one past the schedule.
        field.error_messages["max_value"] = completion_rule_too_big(module_days)
        field.widget.attrs.update({"inputmode": "numeric", "class": "nhsuk-input nhsuk-input--width-2"})
        field.help_text = (
            f"A number from 1 to {module_days}: {module_days} module "
            f"{'day is' if module_days == 1 else 'days are'} scheduled. Leave it empty for all but one."
            if module_days
            else "No module days are scheduled yet. Leave it empty for all but one of them."
        )

    def clean_min_module_days_to_complete(self) -> int | None:
        minimum: int | None = self.cleaned_data.get("min_module_days_to_complete")
        problem = completion_rule_problem(minimum, module_days=self.module_days)
        if problem:
            raise forms.ValidationError(problem)
        return minimum


class ProfileForm(StyledFormMixin, forms.ModelForm):
    """What a person may change about themselves (where they work is one `WhereForm` per system)."""

    class Meta:
        model = Person
        fields = ["full_name", "job_title", "profession", "seniority", "accessibility_needs"]
        labels = {"full_name": "Full name"}
        widgets = {"accessibility_needs": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True


class WhereForm(StyledFormMixin, forms.Form):
    """Where a person works in one system, chosen from that system's organisations and places."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)
    place = forms.ModelChoiceField(
        queryset=Place.objects.none(), required=False, label="Place you mostly work in"
    )

    def __init__(self, *args: Any, system: System, member: bool, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"where-{system.pk}", **kwargs)
        self.system = system
        organisations = Organisation.objects.filter(system=system).order_by("name")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            organisation__system=system
        ).select_related("organisation")
        self.fields["place"].queryset = Place.objects.filter(system=system)  # type: ignore[attr-defined]
        if member:
            self.fields["organisation"].help_text = (
                "Because you take part in a programme here, a programme lead confirms a change of "
                "organisation or team before it shows."
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organisation = cleaned.get("organisation")
        team = cleaned.get("team")
        if team is not None and (organisation is None or team.organisation_id != organisation.pk):
            self.add_error("team", "Choose a team that belongs to the organisation you chose, or leave it empty.")
        return cleaned


def where_forms(person: Person, data: Any = None) -> list[WhereForm]:
    """One form per system the person works in or takes part in, filled with where they work there."""
    system_ids = affiliations.systems_of(person)
    member = set(person.memberships.values_list("programme__system_id", flat=True))
    current = {a.system_id: a for a in Affiliation.objects.filter(person=person)}
    forms_ = []
    for system in System.objects.filter(pk__in=system_ids).order_by("name", "pk"):
        now = current.get(system.pk)
        initial = (
            {"organisation": now.organisation_id, "team": now.team_id, "place": now.place_id} if now else {}
        )
        forms_.append(WhereForm(data, system=system, member=system.pk in member, initial=initial))
    return forms_
