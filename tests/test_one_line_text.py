"""Names and other one-line fields refuse line breaks and control characters, wherever they arrive.

A name with a line break reached mail subjects: on the console a forged `Bcc:` line, through
SMTP an error and a lost message. Every form text box that is not a text area, and every
CharField of our models (the admin, imports), now refuses them with a message naming the field.
"""

import pytest
from django import forms
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.core.forms import StyledFormMixin
from commonground.core.inputs import OneLineValidator, one_line
from commonground.recruitment.models import Application
from tests.conftest import World
from tests.recruitment import objects
from tests.recruitment.test_applications import form_data as application_data

FORGED = "Alice Acute\r\nBcc: everyone@example.org"
REFUSED = ["\r", "\n", "\r\n", "\t", "\x00", "\x1b", "\x1f", "\x7f", "\x85", "\u2028", "\u2029", "\u202e", "\u2066"]


class ExampleForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label="Full name")
    email = forms.EmailField(required=False)
    story = forms.CharField(required=False, widget=forms.Textarea)
    password = forms.CharField(required=False, widget=forms.PasswordInput)
    size = forms.IntegerField(required=False)


@pytest.mark.parametrize("char", REFUSED, ids=[ascii(c) for c in REFUSED])
def test_a_one_line_form_field_refuses_control_characters_naming_the_field(char: str) -> None:
    form = ExampleForm({"full_name": f"Alice{char}Acute"})
    assert not form.is_valid()
    assert form.errors["full_name"][-1] == (
        "Full name must be one line of text, without line breaks, tabs or other control characters."
    )


@pytest.mark.parametrize("name", ["Alice Acute", "Zoë O’Brien-Ñúñez", "محمد علی", "گل‌ها", "👩‍⚕️ Ana"])
def test_ordinary_names_in_any_script_are_accepted(name: str) -> None:
    form = ExampleForm({"full_name": name})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == name


def test_a_text_area_keeps_its_line_breaks_and_a_password_is_left_alone() -> None:
    form = ExampleForm({"full_name": "Alice", "story": "One.\r\nTwo.", "password": "tab\there"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["story"] == "One.\r\nTwo."


def test_a_whole_number_must_fit_the_database_and_other_scripts_digits_are_read() -> None:
    assert ExampleForm({"full_name": "A", "size": str(2**63)}).errors["size"] == ["Enter a smaller number."]
    assert ExampleForm({"full_name": "A", "size": str(-(2**63) - 1)}).errors["size"] == ["Enter a larger number."]
    assert ExampleForm({"full_name": "A", "size": "²"}).errors["size"] == ["Enter a whole number."]
    # Digits of other scripts are digits (Django reads "٣" as 3), within the same bounds.
    form = ExampleForm({"full_name": "A", "size": "٣"})
    assert form.is_valid() and form.cleaned_data["size"] == 3


def test_a_name_with_a_line_break_is_refused_on_the_profile_and_nothing_changes(
    client: Client, world: World
) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("programmes:profile"),
        {"full_name": FORGED, "seniority": world.alice.seniority, "profession": world.alice.profession},
    )
    assert response.status_code == 400
    assert "Full name must be one line of text" in response.text
    world.alice.refresh_from_db()
    assert world.alice.full_name == "Alice Acute"


def test_an_application_with_a_line_break_in_the_name_is_refused_and_nobody_is_mailed(
    client: Client, world: World, django_capture_on_commit_callbacks
) -> None:
    objects.open_applications(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruitment:apply", args=[world.programme.pk]),
            application_data(world, full_name="Dana Newcomer\nBcc: everyone@example.org"),
        )
    assert response.status_code == 400
    assert "must be one line of text" in response.text
    assert not Application.objects.exists() and not mail.outbox


def test_a_model_refuses_a_line_break_in_a_name_for_the_admin_and_imports(world: World) -> None:
    world.alice.full_name = FORGED
    with pytest.raises(ValidationError) as refused:
        world.alice.full_clean()
    assert refused.value.message_dict["full_name"] == [
        "Full name must be one line of text, without line breaks, tabs or other control characters."
    ]


def test_every_editable_char_field_of_our_models_refuses_control_characters() -> None:
    unchecked = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("commonground.")
        for field in model._meta.local_fields
        if isinstance(field, models.CharField)
        and field.editable
        and not any(isinstance(v, OneLineValidator) for v in field.validators)
    ]
    assert not unchecked
    assert Person._meta.get_field("full_name").deconstruct()[3].get("validators") is None  # no migration


def test_one_line_collapses_line_breaks_and_control_characters_into_spaces() -> None:
    assert one_line(FORGED) == "Alice Acute Bcc: everyone@example.org"
    assert one_line("  A\tB\x00C\u2028D\x85E  ") == "A B C D E"
