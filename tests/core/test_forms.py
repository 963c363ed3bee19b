"""A service's refusal lands on the form that asked for it, and the page's status follows the forms."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from commonground.core.forms import errors_onto, form_status


class NameForm(forms.Form):
    name = forms.CharField()
    email = forms.EmailField(required=False)


def _valid() -> NameForm:
    form = NameForm({"name": "Ann"})
    assert form.is_valid()
    return form


def test_errors_naming_the_forms_fields_land_on_those_fields() -> None:
    form = _valid()
    errors_onto(form, ValidationError({"name": "Taken.", "email": ["Unknown.", "Blocked."]}))
    assert form.errors["name"] == ["Taken."]
    assert form.errors["email"] == ["Unknown.", "Blocked."]
    assert form.non_field_errors() == []


def test_errors_naming_no_field_of_the_form_land_on_the_whole_form() -> None:
    form = _valid()
    errors_onto(form, ValidationError({"ends_at": "Too late.", NON_FIELD_ERRORS: "No."}))
    assert form.non_field_errors() == ["Too late.", "No."]
    assert "name" not in form.errors


def test_a_plain_error_lands_on_the_whole_form_or_the_field_given() -> None:
    whole = _valid()
    errors_onto(whole, ValidationError(["First.", "Second."]))
    assert whole.non_field_errors() == ["First.", "Second."]
    on_email = _valid()
    errors_onto(on_email, ValidationError("Already nominated."), "email")
    assert on_email.errors["email"] == ["Already nominated."]
    assert on_email.non_field_errors() == []


def test_with_a_field_given_other_errors_still_land_on_their_own_fields() -> None:
    form = _valid()
    errors_onto(form, ValidationError({"name": "Taken.", "status": "Closed."}), "email")
    assert form.errors["name"] == ["Taken."]
    assert form.errors["email"] == ["Closed."]


def test_the_status_is_400_when_any_form_has_errors() -> None:
    unbound, valid, invalid = NameForm(), _valid(), NameForm({"name": ""})
    assert form_status(unbound) == 200
    assert form_status(valid, unbound) == 200
    assert form_status(valid, invalid) == 400
    failed = _valid()
    errors_onto(failed, ValidationError("No."))
    assert form_status(failed) == 400
