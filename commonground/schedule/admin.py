"""Site administration for the schedule: modules, sessions and what was sent. Day-to-day changes go
through the schedule pages, which invite, mail and keep calendars in step; the admin does not."""

from django.contrib import admin

from commonground.schedule.models import Module, SentNotice, Session


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "partner", "order"]
    list_filter = ["programme"]
    search_fields = ["title"]
    autocomplete_fields = ["facilitators"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "kind", "starts_at", "status", "sequence"]
    list_filter = ["programme", "kind", "status"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    # Which support in kind delivered a session is the ledger's (schedule/services/delivery.py keeps its history).
    readonly_fields = ["sequence", "uid", "status", "cancel_reason", "delivered_under"]
    filter_horizontal = ["cohorts"]
    autocomplete_fields = ["facilitators"]


@admin.register(SentNotice)
class SentNoticeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["session", "person", "kind", "key", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["session__title", "person__email"]

    def has_add_permission(self, request: object) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:  # type: ignore[override]
        return False
