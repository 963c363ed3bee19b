"""The forms of the API's pages: a new token, a webhook's address and secret."""

from typing import Any

from django import forms

from commonground.api.models import Scope
from commonground.core.dates import DateField
from commonground.core.forms import StyledFormMixin


class TokenForm(StyledFormMixin, forms.Form):
    programme = forms.TypedChoiceField(coerce=int, label="Programme", help_text="A token works for one programme only.")
    name = forms.CharField(max_length=100, label="What it is for", help_text="For example: the HR records link.")
    scope = forms.ChoiceField(choices=Scope.choices, initial=Scope.READ, widget=forms.RadioSelect, label="It may")
    expires_on = DateField(label="Expires on", help_text="At most a year from today. For example, 31 3 2027")

    def __init__(self, *args: Any, programmes: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = programmes  # type: ignore[attr-defined]


class WebhookForm(StyledFormMixin, forms.Form):
    url = forms.URLField(max_length=500, label="Address", assume_scheme="https", help_text="Where to send each event: an https:// address on the public internet.")
    secret = forms.CharField(
        min_length=16, max_length=200, label="Secret", widget=forms.PasswordInput(render_value=False),
        help_text="At least 16 characters. Each request is signed with it (HMAC-SHA256); keep a copy where the receiver runs.",
    )
