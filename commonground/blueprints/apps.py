from typing import Any

from django.apps import AppConfig


class BlueprintsConfig(AppConfig):
    name = "commonground.blueprints"
    label = "blueprints"
    verbose_name = "Programme templates"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # The shipped template is ensured after every migrate, as Django ensures its permissions:
        # every install, a fresh test database included, offers it from the start.
        post_migrate.connect(_ensure_shipped, sender=self, dispatch_uid="blueprints-ensure-shipped")


def _ensure_shipped(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from commonground.blueprints.shipped import ensure_shipped_template

    ensure_shipped_template(using=using)
