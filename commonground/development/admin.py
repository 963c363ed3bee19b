"""Instruments and rounds only. Responses (health data among them), goals and journal entries are
deliberately NOT registered: nobody but their owner reads them, site administrators included."""

from django.contrib import admin

from commonground.development import models


class InstrumentVersionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.InstrumentVersion
    extra = 0
    fields = ["number", "citation", "licence_note", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(models.Instrument)
class InstrumentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "kirkpatrick_level", "is_health_data", "programme"]
    list_filter = ["kind", "kirkpatrick_level", "is_health_data"]
    inlines = [InstrumentVersionInline]


@admin.register(models.Round)
class RoundAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "programme", "cohort", "kind", "opens_at", "closes_at"]
    list_filter = ["programme", "kind"]
    raw_id_fields = ["session"]  # a text box for the session's id, not a list of every session
