from django.contrib import admin

from commonground.network import models


@admin.register(models.SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "programme", "cohort", "kind", "opens_at", "closes_at"]
    list_filter = ["programme", "kind"]


@admin.register(models.RosterConsent)
class RosterConsentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Consent records only: the answers themselves are not browsable here."""

    list_display = ["person", "programme", "listed", "named_on_maps", "decided_at"]
    list_filter = ["programme", "listed"]
    raw_id_fields = ["person"]
