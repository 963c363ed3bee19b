"""Sign-in forms (the profile form, which offers a system's organisations, is in programmes)."""

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest

from commonground.accounts import throttle
from commonground.core.forms import StyledFormMixin


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
