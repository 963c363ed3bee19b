"""The lowest layer: helpers every app may use (disclosure control, exports, input checks, HTTP hygiene).

It imports no other Common Ground app.
"""
from django.apps import AppConfig, apps
from django.db import models
from django.urls import register_converter

from commonground.core import lookups
from commonground.core.converters import IdConverter
from commonground.core.inputs import OneLineValidator


class CoreConfig(AppConfig):
    name = "commonground.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        register_converter(IdConverter, "id")  # `<id:programme_id>` in every urls.py
        lookups.register()
        one_line_model_fields()


def one_line_model_fields() -> None:
    """Every CharField of our models refuses line breaks and control characters, however the
    text arrives (a form, the admin, an import). The validator joins the field's validators,
    not its deconstruction, so no migration carries it."""
    for model in apps.get_models():
        if not model.__module__.startswith("commonground."):
            continue
        for field in model._meta.local_fields:
            if (
                isinstance(field, models.CharField)
                and field.editable
                and not any(isinstance(v, OneLineValidator) for v in field.validators)
            ):
                field.validators.append(OneLineValidator(str(field.verbose_name)))
