"""Consent forms post back the wording they showed.

A consent is recorded under the version of the words the person read (`accounts.consents`). A
page left open while a new wording is released would otherwise record the newer version for
words the person never saw. Each consent form renders a hidden `wording` input naming the
versions on screen (`shown_wording`); if they are no longer current when the form comes back, the
form refuses with a message and nothing is written, and the page shows the new words.
"""

from typing import Any, ClassVar

from django import forms

from commonground.accounts import consents
from commonground.accounts.consents import Purpose

WORDING_CHANGED = (
    "The wording of this consent changed while the page was open. Read it again below, then choose again."
)


def versions_of(purposes: tuple[Purpose, ...]) -> str:
    """The current wording versions of these purposes, as the hidden input carries them."""
    return ",".join(consents.CURRENT[purpose] for purpose in purposes)


class ShownWordingMixin(forms.Form):
    """Refuses a consent form sent from a page that showed other words than today's.

    A form names the purposes it asks for in `purposes`; its template renders
    `<input type="hidden" name="wording" value="{{ form.shown_wording }}">`.
    """

    purposes: ClassVar[tuple[Purpose, ...]] = ()

    @property
    def shown_wording(self) -> str:
        return versions_of(self.purposes)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.data.get("wording") != self.shown_wording:
            raise forms.ValidationError(WORDING_CHANGED, code="wording_changed")
        return cleaned

    def versions(self) -> dict[Purpose, str]:
        """Purpose → the version the person read (valid only after `is_valid()`)."""
        return {purpose: consents.CURRENT[purpose] for purpose in self.purposes}
