"""Shared form helpers: NHS.UK classes on every widget."""

from typing import Any

from django import forms
from django.forms.widgets import Input

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.Textarea, "nhsuk-textarea"),
    (forms.Select, "nhsuk-select"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (Input, "nhsuk-input"),
]


class StyledFormMixin:
    """Give each widget the NHS.UK class for its kind, and mark errors for styling."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
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
