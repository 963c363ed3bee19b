from typing import Any

from django import forms

from commonground.core.forms import StyledFormMixin
from commonground.identity.models import ProviderKind


class ProviderForm(StyledFormMixin, forms.Form):
    name = forms.CharField(max_length=80, help_text='What people see, e.g. "NHSmail" or "Northshire County Council".')
    kind = forms.ChoiceField(choices=ProviderKind.choices, widget=forms.RadioSelect, initial=ProviderKind.ENTRA)
    tenant = forms.CharField(
        max_length=100, required=False, label="Tenant",
        help_text="For Microsoft Entra ID: the directory (tenant) id, or its primary domain.",
    )
    issuer = forms.URLField(
        required=False, label="Issuer address",
        help_text="For another provider: the address its /.well-known/openid-configuration is under.",
    )
    client_id = forms.CharField(max_length=191, label="Client id", help_text="From the app registered at the provider.")
    client_secret = forms.CharField(
        max_length=400, required=False, widget=forms.PasswordInput(render_value=False), label="Client secret",
        help_text="Kept sealed; never shown again. Leave empty to keep the one stored.",
    )
    domains = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="Email domains",
        help_text="One per line, e.g. nhs.net. People whose address ends in one are sent to this sign-in.",
    )
    vouches_for_domains = forms.BooleanField(
        required=False, initial=True, label="This is the organisation's own directory for these domains",
        help_text="Then an address in them counts as verified even when the provider does not say so.",
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            self.fields["client_secret"].required = True
            self.fields["client_secret"].help_text = "Kept sealed; never shown again."

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ProviderKind.ENTRA and not data.get("tenant"):
            self.add_error("tenant", "Give the tenant id or domain of the Microsoft Entra directory.")
        if data.get("kind") == ProviderKind.OIDC and not data.get("issuer"):
            self.add_error("issuer", "Give the issuer address of the OpenID Connect provider.")
        return data


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        max_length=20, label="Security code",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split()).replace("-", "")
        if not code.isascii() or not code.isalnum():
            raise forms.ValidationError("Enter the 6 digits from your app, or one of your recovery codes.")
        return code


class PasskeyForm(StyledFormMixin, forms.Form):
    """A new passkey: the name the person gives it, and (filled in by the page's script) what the
    browser answered."""

    name = forms.CharField(
        max_length=40, label="Name for this passkey",
        help_text='So you can tell your passkeys apart, for example "Work laptop" or "Phone".',
        error_messages={"required": "Give the passkey a name, for example Work laptop."},
    )
    credential = forms.CharField(required=False, max_length=20_000, widget=forms.HiddenInput)


class PasskeyAnswerForm(StyledFormMixin, forms.Form):
    """What the browser answered when the person used their passkey (filled in by the page's script)."""

    credential = forms.CharField(max_length=20_000, widget=forms.HiddenInput)
