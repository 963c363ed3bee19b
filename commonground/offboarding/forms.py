from django import forms

from commonground.core.forms import StyledFormMixin


class ConfirmDeletionForm(StyledFormMixin, forms.Form):
    """The system's name, typed to confirm its deletion."""

    confirm = forms.CharField(label="The system's name", max_length=200)

    def __init__(self, *args: object, system_name: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["confirm"].help_text = f"Type {system_name} exactly as shown here."
        self.fields["confirm"].widget.attrs.update(autocomplete="off", spellcheck="false")
