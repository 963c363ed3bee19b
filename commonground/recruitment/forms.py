from typing import Any

from django import forms

from commonground.accounts.models import Profession, Seniority
from commonground.forms import StyledFormMixin
from commonground.programmes.models import Cohort, Organisation, Place, Programme, Team
from commonground.recruitment.services import ApplicantDetails, DecisionKind


class ApplicationForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email address", help_text="We send your sign-in links and any offer here.")
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label="Organisation you work for")
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team", required=False)
    job_title = forms.CharField(label="Your role", max_length=200, help_text="Your job title, for example Ward Manager.")
    profession = forms.ChoiceField(label="Profession", choices=[("", "Choose a profession"), *Profession.choices])
    seniority = forms.ChoiceField(label="Seniority band", choices=[("", "Choose a band"), *Seniority.choices])
    place = forms.ModelChoiceField(queryset=Place.objects.none(), label="Place you mostly work in")
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(), label="Cohort you would like to join", required=False,
        empty_label="No preference",
    )
    why_now = forms.CharField(
        label="Why now?", max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What would taking part now mean for you, your team and the people you serve?",
    )
    sponsor_name = forms.CharField(label="Your sponsor's name", max_length=200, required=False)
    sponsor_email = forms.EmailField(
        label="Your sponsor's email", required=False,
        help_text="Usually your line manager. We ask them to support your application.",
    )
    access_needs = forms.CharField(
        label="Access needs", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that would help you take part. Only the programme team sees this.",
    )
    consent = forms.BooleanField(label="I have read the privacy notice and agree to my answers being used as it says")

    def __init__(self, *args: Any, programme: Programme, fixed_email: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        system = programme.system_id
        self.fields["organisation"].queryset = Organisation.objects.filter(system_id=system).order_by("name")  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(organisation__system_id=system).select_related("organisation")  # type: ignore[attr-defined]
        self.fields["place"].queryset = Place.objects.filter(system_id=system).order_by("name")  # type: ignore[attr-defined]
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=programme).order_by("name")  # type: ignore[attr-defined]
        if fixed_email:
            self.fields["email"].disabled = True
            self.initial["email"] = fixed_email
            self.fields["sponsor_name"].widget = forms.HiddenInput()
            self.fields["sponsor_email"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        team, organisation = data.get("team"), data.get("organisation")
        if team is not None and organisation is not None and team.organisation_id != organisation.pk:
            self.add_error("team", f"{team.name} is not a team of {organisation.name}.")
        return data

    def details(self) -> ApplicantDetails:
        d = self.cleaned_data
        return ApplicantDetails(
            full_name=d["full_name"], email=d["email"], organisation=d["organisation"], team=d["team"],
            place=d["place"], cohort=d["cohort"], job_title=d["job_title"], profession=d["profession"],
            seniority=d["seniority"], why_now=d["why_now"], sponsor_name=d.get("sponsor_name", ""),
            sponsor_email=d.get("sponsor_email", ""), access_needs=d["access_needs"],
        )


class NominationForm(StyledFormMixin, forms.Form):
    nominee_name = forms.CharField(label="Their full name", max_length=200)
    nominee_email = forms.EmailField(label="Their work email address")
    note = forms.CharField(
        label="Why you are nominating them", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class SponsorSupportForm(StyledFormMixin, forms.Form):
    supported = forms.TypedChoiceField(
        label="Do you support this application?",
        choices=[("yes", "Yes, I support it and will release them for the programme days"), ("no", "No, I do not")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything the programme team should know", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DecisionKind.CHOICES)
    reason = forms.CharField(
        label="Reason", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Recorded with each decision. Required when you do not offer a place.",
    )


class CohortChoiceForm(StyledFormMixin, forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), label="Cohort")

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=programme).order_by("name")  # type: ignore[attr-defined]


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label="Applicants file (.csv or .xlsx)",
        help_text="One applicant per row, with a header row. Nothing is saved until every row is valid.",
    )
