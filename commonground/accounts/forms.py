"""Sign-in and profile forms."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from commonground.accounts import throttle
from commonground.accounts.models import Person
from commonground.core.forms import StyledFormMixin
from commonground.programmes.models import Organisation, Place, Team


class SignInForm(StyledFormMixin, AuthenticationForm):
    """Email and password, refusing further tries once throttled."""

    username = forms.EmailField(
        label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": (
            "The email address or password is not right. Check both, or ask for a sign-in link by email."
        ),
        "inactive": "This account is switched off. Ask your programme team to switch it back on.",
        "throttled": (
            "Too many failed attempts. Wait 15 minutes, or ask for a sign-in link by email instead."
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email is None or not password:
            return self.cleaned_data
        address = throttle.client_address(self.request) if self.request else "unknown"
        if throttle.is_locked(email=email, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        self.user_cache = authenticate(self.request, username=email, password=password)
        if self.user_cache is None:
            throttle.record_failure(email=email, address=address)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        throttle.clear(email=email)
        return self.cleaned_data


class SignInLinkForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(label="Email address", widget=forms.EmailInput(attrs={"autocomplete": "email"}))


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
