from typing import Any

from django import forms

from commonground.accounts.models import Profession, Seniority
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Cohort, Organisation, Place, Programme, Sector, Team
from commonground.recruitment.eligibility import ApplicantDetails
from commonground.recruitment.models import EligibilityRule, Quota, QuotaDimension
from commonground.recruitment.services.decisions import DecisionKind


class ApplicationForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(
        label="Email address", help_text="We send your sign-in links and any offer here."
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Organisation you work for"
    )
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Team", required=False)
    job_title = forms.CharField(
        label="Your role", max_length=200, help_text="Your job title, for example Ward Manager."
    )
    profession = forms.ChoiceField(
        label="Profession", choices=[("", "Choose a profession"), *Profession.choices]
    )
    seniority = forms.ChoiceField(
        label="Seniority band", choices=[("", "Choose a band"), *Seniority.choices]
    )
    place = forms.ModelChoiceField(queryset=Place.objects.none(), label="Place you mostly work in")
    cohort = forms.ModelChoiceField(
        queryset=Cohort.objects.none(),
        label="Cohort you would like to join",
        required=False,
        empty_label="No preference",
    )
    why_now = forms.CharField(
        label="Why now?",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What would taking part now mean for you, your team and the people you serve?",
    )
    sponsor_name = forms.CharField(label="Your sponsor's name", max_length=200, required=False)
    sponsor_email = forms.EmailField(
        label="Your sponsor's email",
        required=False,
        help_text="Usually your line manager. We ask them to support your application.",
    )
    access_needs = forms.CharField(
        label="Access needs",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything that would help you take part. Only the programme team sees this.",
    )
    consent = forms.BooleanField(
        label="I have read the privacy notice and agree to my answers being used as it says"
    )

    def __init__(
        self, *args: Any, programme: Programme, fixed_email: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        system = programme.system_id
        organisations = Organisation.objects.filter(system_id=system).order_by("name")
        teams = Team.objects.filter(organisation__system_id=system).select_related("organisation")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
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
        if (
            team is not None
            and organisation is not None
            and team.organisation_id != organisation.pk
        ):
            self.add_error("team", f"{team.name} is not a team of {organisation.name}.")
        return data

    def details(self) -> ApplicantDetails:
        d = self.cleaned_data
        return ApplicantDetails(
            full_name=d["full_name"],
            email=d["email"],
            organisation=d["organisation"],
            team=d["team"],
            place=d["place"],
            cohort=d["cohort"],
            job_title=d["job_title"],
            profession=d["profession"],
            seniority=d["seniority"],
            why_now=d["why_now"],
            sponsor_name=d.get("sponsor_name", ""),
            sponsor_email=d.get("sponsor_email", ""),
            access_needs=d["access_needs"],
        )


class NominationForm(StyledFormMixin, forms.Form):
    nominee_name = forms.CharField(label="Their full name", max_length=200)
    nominee_email = forms.EmailField(label="Their work email address")
    note = forms.CharField(
        label="Why you are nominating them",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SponsorSupportForm(StyledFormMixin, forms.Form):
    supported = forms.TypedChoiceField(
        label="Do you support this application?",
        choices=[
            ("yes", "Yes, I support it and will release them for the programme days"),
            ("no", "No, I do not"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything the programme team should know",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DecisionKind.CHOICES)
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
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


class WithdrawForm(StyledFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="Yes, withdraw my application",
        error_messages={"required": "Tick the box to confirm that you want to withdraw."},
    )
    reason = forms.CharField(
        label="Tell us why (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CapacityForm(StyledFormMixin, forms.Form):
    capacity = forms.IntegerField(
        label="Capacity (places)",
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        help_text="Cannot be below the number of people who have already accepted a place.",
    )


class QuotaForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """One quota of one cohort: a sector or an organisation (or each organisation), minimum and maximum share."""

    class Meta:
        model = Quota
        fields = ["dimension", "sector", "organisation", "min_share", "max_share"]
        labels = {
            "dimension": "Quota for",
            "sector": "Sector",
            "organisation": "Organisation",
            "min_share": "Minimum share (%)",
            "max_share": "Maximum share (%)",
        }
        help_texts = {
            "sector": "For a sector quota.",
            "organisation": "For an organisation quota. Leave empty for a limit on each organisation.",
        }
        widgets = {
            "dimension": forms.RadioSelect,
            "min_share": forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
            "max_share": forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
        }

    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.instance.cohort = cohort
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            system_id=cohort.programme.system_id
        ).order_by("name")
        self.fields["organisation"].empty_label = "Each organisation"  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", "Choose a sector"), *Sector.choices]  # type: ignore[attr-defined]
        for name in ("min_share", "max_share"):
            field = self.fields[name]
            field.min_value, field.max_value = 0, 100  # type: ignore[attr-defined]
            field.error_messages["min_value"] = "Enter a share from 0 to 100%%."
            field.error_messages["max_value"] = "Enter a share from 0 to 100%%."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        dimension, sector, organisation = (
            data.get("dimension"),
            data.get("sector"),
            data.get("organisation"),
        )
        low, high = data.get("min_share"), data.get("max_share")
        if low is not None and high is not None and low > high:
            self.add_error(
                "min_share", f"The minimum ({low}%) cannot be above the maximum ({high}%)."
            )
        if dimension == QuotaDimension.SECTOR:
            if not sector:
                self.add_error("sector", "Choose the sector this quota is for.")
            if organisation is not None:
                self.add_error(
                    "organisation",
                    "A sector quota does not name an organisation; leave this empty.",
                )
            data["organisation"] = None
        elif dimension == QuotaDimension.ORGANISATION:
            if sector:
                self.add_error(
                    "sector", "An organisation quota does not name a sector; leave this empty."
                )
            data["sector"] = ""
        if self.errors or dimension is None:
            return data
        others = Quota.objects.filter(cohort=self.cohort).exclude(pk=self.instance.pk)
        same = others.filter(
            dimension=dimension,
            sector=data.get("sector", ""),
            organisation=data.get("organisation"),
        )
        if same.exists():
            self.add_error(
                "dimension", f"{self.cohort.name} already has this quota; change that one instead."
            )
        if dimension == QuotaDimension.SECTOR and low:
            total = low + sum(
                others.filter(dimension=QuotaDimension.SECTOR).values_list("min_share", flat=True)
            )
            if total > 100:
                self.add_error(
                    "min_share",
                    f"The sector minimums of {self.cohort.name} would add up to {total}%, "
                    "more than every place.",
                )
        return data


class EligibilityForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    allowed_sectors = forms.MultipleChoiceField(
        label="Sectors that may apply",
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none to allow every sector.",
    )
    allowed_seniority = forms.MultipleChoiceField(
        label="Seniority bands that may apply",
        choices=Seniority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none to allow every band.",
    )

    class Meta:
        model = EligibilityRule
        fields = [
            "applications_open",
            "allowed_sectors",
            "allowed_seniority",
            "allowed_places",
            "offer_days",
            "reminder_hours",
            "privacy_notice",
        ]
        labels = {
            "applications_open": "Applications are open (the public form is shown)",
            "allowed_places": "Places of work that may apply",
            "offer_days": "Days an offer stays open",
            "reminder_hours": "Remind people this many hours before their offer lapses",
            "privacy_notice": "Privacy notice",
        }
        help_texts = {"allowed_places": "Tick none to allow every place of the system."}
        widgets = {
            "allowed_places": forms.CheckboxSelectMultiple,
            "offer_days": forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
            "reminder_hours": forms.NumberInput(attrs={"class": "nhsuk-input--width-3"}),
            "privacy_notice": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["allowed_places"].queryset = Place.objects.filter(  # type: ignore[attr-defined]
            system_id=programme.system_id
        ).order_by("name")
        self.fields["offer_days"].min_value, self.fields["offer_days"].max_value = 1, 60  # type: ignore[attr-defined]
        self.fields["offer_days"].error_messages.update(
            min_value="An offer must stay open for at least 1 day.",
            max_value="An offer can stay open for 60 days at most.",
        )
        self.fields["reminder_hours"].min_value = 1  # type: ignore[attr-defined]
        self.fields["reminder_hours"].error_messages["min_value"] = (
            "Remind at least 1 hour before the deadline."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days, hours = data.get("offer_days"), data.get("reminder_hours")
        if days and hours and hours >= days * 24:
            self.add_error(
                "reminder_hours",
                f"An offer stays open {days * 24} hours ({days} days); "
                "remind people before that, not after.",
            )
        if data.get("applications_open") and not (data.get("privacy_notice") or "").strip():
            self.add_error(
                "privacy_notice",
                "Applicants must see a privacy notice while applications are open.",
            )
        return data
