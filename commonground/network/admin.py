from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from commonground.network import figures, models


class FiguresFollowMixin:
    """Survey rounds and listing are set up here: the relationship figures follow each change."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)  # type: ignore[misc]
            figures.changed(obj.programme_id)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)  # type: ignore[misc]
            figures.changed(obj.programme_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        with transaction.atomic():
            programme_ids = set(queryset.values_list("programme_id", flat=True))
            super().delete_queryset(request, queryset)  # type: ignore[misc]
            for programme_id in programme_ids:
                figures.changed(programme_id)


@admin.register(models.SurveyRound)
class SurveyRoundAdmin(FiguresFollowMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "programme", "cohort", "kind", "opens_at", "closes_at"]
    list_filter = ["programme", "kind"]


@admin.register(models.RosterConsent)
class RosterConsentAdmin(FiguresFollowMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Consent records only: the answers themselves are not browsable here."""

    list_display = ["person", "programme", "listed", "named_on_maps", "decided_at"]
    list_filter = ["programme", "listed"]
    raw_id_fields = ["person"]
