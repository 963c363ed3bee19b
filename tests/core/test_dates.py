"""The NHS.UK date input: three boxes read strictly, errors on the boxes they are about, and an
existing date written back as numbers (not as 31/01/2027, which a date box shows as empty)."""

import datetime as dt
import re

import pytest
from django import forms
from django.utils.datastructures import MultiValueDict

from commonground.core.dates import DateField
from tests.forms import date_boxes, submitted


class WhenForm(forms.Form):
    when = DateField(label="When")
    maybe = DateField(label="Maybe", required=False)


def _clean(day: str, month: str, year: str) -> WhenForm:
    form = WhenForm({"when_day": day, "when_month": month, "when_year": year})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("31", "1", "2027", dt.date(2027, 1, 31)),
        ("05", "03", "2027", dt.date(2027, 3, 5)),
        (" 5 ", " 3 ", " 2027 ", dt.date(2027, 3, 5)),
        ("29", "2", "2028", dt.date(2028, 2, 29)),
    ],
)
def test_three_boxes_make_a_date(day: str, month: str, year: str, expected: dt.date) -> None:
    form = _clean(day, month, year)
    assert form.errors == {}
    assert form.cleaned_data["when"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "boxes"),
    [
        ("", "", "", "Enter a date.", ("day", "month", "year")),
        ("31", "", "2027", "Date must include a month.", ("month",)),
        ("", "1", "2027", "Date must include a day.", ("day",)),
        ("31", "1", "", "Date must include a year.", ("year",)),
        ("", "", "2027", "Date must include a day and month.", ("day", "month")),
        ("31", "13", "2027", "Date must be a real date.", ("month",)),
        ("0", "1", "2027", "Date must be a real date.", ("day",)),
        ("first", "1", "2027", "Date must be a real date.", ("day",)),
        ("31", "2", "2027", "Date must be a real date.", ("day",)),
        ("29", "2", "2027", "Date must be a real date.", ("day",)),
        ("1", "1", "0000", "Date must be a real date.", ("year",)),
        ("31", "1", "27", "Year must include 4 numbers.", ("year",)),
        ("31", "1", "2027-", "Year must include 4 numbers.", ("year",)),
    ],
)
def test_a_wrong_date_says_what_is_wrong_and_marks_only_those_boxes(
    day: str, month: str, year: str, message: str, boxes: tuple[str, ...]
) -> None:
    form = _clean(day, month, year)
    assert form.errors["when"] == [message]
    assert form["when"].error_parts == boxes
    html = str(form["when"])
    for part in ("day", "month", "year"):
        box = re.search(rf'<input[^>]*name="when_{part}"[^>]*>', html)
        assert box is not None
        assert ("nhsuk-input--error" in box.group(0)) == (part in boxes), (part, box.group(0))


def test_an_optional_date_left_empty_is_none_and_a_partial_one_is_refused() -> None:
    form = WhenForm(
        {**date_boxes("when", dt.date(2027, 1, 31)), "maybe_day": "", "maybe_month": ""}
    )
    assert form.is_valid() and form.cleaned_data["maybe"] is None
    form = WhenForm({**date_boxes("when", dt.date(2027, 1, 31)), "maybe_month": "4"})
    assert form.errors == {"maybe": ["Date must include a day and year."]}


def test_an_existing_date_goes_back_into_the_boxes_and_comes_back_unchanged() -> None:
    page = WhenForm(initial={"when": dt.date(2027, 1, 31)}).as_div()
    sent = submitted(f"<form>{page}</form>", containing="when_day")
    assert {name: sent[name] for name in ("when_day", "when_month", "when_year")} == {
        "when_day": ["31"],
        "when_month": ["1"],
        "when_year": ["2027"],
    }
    form = WhenForm(MultiValueDict(sent))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["when"] == dt.date(2027, 1, 31)


def test_the_field_draws_the_nhs_date_input_with_its_legend_hint_and_error() -> None:
    html = _clean("31", "", "2027")["when"].as_field_group()
    assert '<fieldset class="nhsuk-fieldset" role="group"' in html
    assert 'aria-describedby="id_when_helptext id_when_error"' in html
    assert '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">When</legend>' in html
    assert '<div class="nhsuk-hint" id="id_when_helptext">For example, 31 3 2027</div>' in html
    assert "Date must include a month." in html
    assert '<div class="nhsuk-date-input" id="id_when">' in html
    for part, label in (("day", "Day"), ("month", "Month"), ("year", "Year")):
        assert (
            f'<label class="nhsuk-label nhsuk-date-input__label" for="id_when_{part}">{label}</label>'
            in html
        )
    assert 'value="31"' in html and 'value="2027"' in html  # what was typed stays
    assert 'type="date"' not in html
    # The error summary's link lands on the first box in error.
    assert _clean("31", "", "2027")["when"].id_for_label == "id_when_month"
