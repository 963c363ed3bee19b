"""Shared form helpers: NHS.UK classes on every widget, the input checks every form shares, and
how a page shows a service's refusal on its form."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.utils import pretty_name
from django.forms.widgets import Input

from commonground.core.inputs import MAX_ID, OneLineValidator

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.Textarea, "nhsuk-textarea"),
    (forms.Select, "nhsuk-select"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (Input, "nhsuk-input"),
]


def check_input(name: str, field: forms.Field) -> None:
    """The checks every form field gets: text outside a text area is one line (no line breaks,
    tabs or control characters: names reach mail subjects), and a whole number fits the database."""
    if (
        isinstance(field, forms.CharField)
        and not isinstance(field.widget, forms.Textarea | forms.PasswordInput)
        and not any(isinstance(v, OneLineValidator) for v in field.validators)
    ):
        field.validators.append(OneLineValidator(str(field.label or pretty_name(name))))
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.FloatField | forms.DecimalField):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(MAX_ID, "Enter a smaller number."))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-MAX_ID - 1, "Enter a larger number."))


class StyledFormMixin:
    """Give each widget the NHS.UK class for its kind, mark errors for styling, and check input
    (see `check_input`)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            check_input(name, field)
            for widget_type, css_class in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css_class}".strip()
                    break

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                for widget_type, css_class in WIDGET_CLASSES:
                    if isinstance(widget, widget_type):
                        if not isinstance(widget, forms.CheckboxInput):
                            widget.attrs["class"] = widget.attrs.get("class", "") + f" {css_class}--error"
                        break


def errors_onto(form: forms.BaseForm, exc: ValidationError, field: str | None = None) -> None:
    """Show a service's refusal on the form that asked for it: each error naming one of the form's
    fields on that field, every other error on `field` (the whole form when None)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, exc)


def form_status(*shown: forms.BaseForm) -> int:
    """The status of a page that shows these forms: 400 when any has errors, else 200."""
    return 400 if any(form.errors for form in shown) else 200
