"""Dates entered as the NHS.UK date input pattern: three boxes, day, month and year.

A browser's `<input type="date">` only understands ISO values (2027-01-31), while Django
writes an existing date in the site's format (31/01/2027 in en-GB): the box then shows as
empty, and saving either fails ("This field is required") or silently drops the date. Three
plain boxes avoid both, and are what the NHS service manual asks for.

`DateField` reads the three boxes strictly and says exactly what is wrong ("Date must include
a month", "Date must be a real date"), naming the boxes in error so that only those are marked;
an existing date goes back into the boxes as numbers, so editing without touching it keeps it.
Its template (`core/date_input.html`) draws the fieldset, legend, hint and error message;
`includes/field.html` hands it any field that has a template of its own.
"""

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

PARTS = ("day", "month", "year")
WIDTHS = {"day": 2, "month": 2, "year": 4}
# The bound field passes the boxes in error to the widget under this key of its attributes.
_ERROR_PARTS = "data-cg-error-parts"
_NUMBER = re.compile(r"[0-9]+")
_YEAR = re.compile(r"[0-9]{4}")


class NhsDateInput(forms.MultiWidget):
    """Three numeric text boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    template_name = "core/date_input_widget.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in PARTS
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[str | None]:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            try:
                return self.decompress(dt.date.fromisoformat(value))
            except ValueError:
                pass
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        attrs = dict(attrs or {})
        in_error = set(attrs.pop(_ERROR_PARTS, "").split())
        # These belong to the fieldset (and the boxes in error), not to every box.
        for moved in ("aria-describedby", "aria-invalid", "required"):
            attrs.pop(moved, None)
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        for part, box in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            box["label"] = part.capitalize()
            box_attrs = box["attrs"]
            if field_id:
                box_attrs["id"] = f"{field_id}_{part}"
            classes = f"nhsuk-input nhsuk-date-input__input nhsuk-input--width-{WIDTHS[part]}"
            if part in in_error:
                classes += " nhsuk-input--error"
                box_attrs["aria-invalid"] = "true"
            box_attrs["class"] = classes
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""


class DateBoundField(BoundField):
    """Knows which of the three boxes its errors are about."""

    @property
    def error_parts(self) -> tuple[str, ...]:
        parts: set[str] = set()
        for error in self.errors.as_data():
            # An error from the form's own checks ("must close after it opens") is about the
            # whole date; the field's own errors name their boxes.
            parts.update((error.params or {}).get("parts", PARTS))
        return tuple(part for part in PARTS if part in parts)

    @property
    def id_for_label(self) -> str:
        """The first box in error, else the day: where the error summary's link lands."""
        first = (self.error_parts or PARTS)[0]
        return f"{self.auto_id}_{first}" if self.auto_id else ""

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs[_ERROR_PARTS] = " ".join(self.error_parts)
        return attrs


def _missing(parts: Sequence[str]) -> str:
    return "Date must include a " + " and ".join(parts)


class DateField(forms.Field):
    """A date from the three boxes of `NhsDateInput`, checked strictly.

    No guessing: the year needs four numbers, and 31 2 2027 is refused rather than moved on.
    """

    widget = NhsDateInput
    bound_field_class = DateBoundField
    default_error_messages = {
        "required": "Enter a date.",
        "real": "Date must be a real date.",
        "year": "Year must include 4 numbers.",
    }

    def __init__(
        self,
        *,
        help_text: str = "For example, 31 3 2027",
        template_name: str = "core/date_input.html",
        **kwargs: Any,
    ) -> None:
        super().__init__(help_text=help_text, template_name=template_name, **kwargs)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if value is None:
            value = []
        if isinstance(value, str):
            value = [value]
        boxes = dict(zip(PARTS, (str(v or "").strip() for v in value), strict=False))
        entered = {part: boxes.get(part, "") for part in PARTS}
        if not any(entered.values()):
            return None
        missing = [part for part in PARTS if not entered[part]]
        if missing:
            raise ValidationError(
                _missing(missing) + ".", code="incomplete", params={"parts": tuple(missing)}
            )
        wrong = [
            part
            for part, low, high in (("day", 1, 31), ("month", 1, 12))
            if not _NUMBER.fullmatch(entered[part]) or not low <= int(entered[part]) <= high
        ]
        if wrong:
            raise ValidationError(
                self.error_messages["real"], code="real", params={"parts": tuple(wrong)}
            )
        if not _YEAR.fullmatch(entered["year"]):
            raise ValidationError(
                self.error_messages["year"], code="year", params={"parts": ("year",)}
            )
        try:
            return dt.date(int(entered["year"]), int(entered["month"]), int(entered["day"]))
        except ValueError:
            # Day and month are each possible, but not together (31 April, 29 February 2027),
            # or the year is 0000.
            wrong_part = "year" if int(entered["year"]) < 1 else "day"
            raise ValidationError(
                self.error_messages["real"], code="real", params={"parts": (wrong_part,)}
            ) from None
