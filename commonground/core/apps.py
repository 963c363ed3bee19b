"""The lowest layer: helpers every app may use (disclosure control, exports, input checks, HTTP hygiene).

It imports no other Common Ground app.
"""
from django.apps import AppConfig
from django.urls import register_converter

from commonground.core import lookups
from commonground.core.converters import IdConverter


class CoreConfig(AppConfig):
    name = "commonground.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        register_converter(IdConverter, "id")  # `<id:programme_id>` in every urls.py
        lookups.register()
