from django.contrib import admin

from commonground.recruitment import models


@admin.register(models.EligibilityRule)
class EligibilityRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["programme", "applications_open", "offer_days"]
    filter_horizontal = ["allowed_places"]


@admin.register(models.Quota)
class QuotaAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["cohort", "dimension", "sector", "organisation", "min_share", "max_share"]
    list_filter = ["cohort__programme", "dimension"]


class DecisionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = models.Decision
    extra = 0
    readonly_fields = ["by", "from_status", "to_status", "reason", "at"]


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["person", "programme", "cohort", "status", "source", "submitted_at"]
    list_filter = ["programme", "status", "source"]
    raw_id_fields = ["person", "nominated_by", "organisation", "team"]
    inlines = [DecisionInline]


@admin.register(models.Offer)
class OfferAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["application", "cohort", "status", "deadline", "from_waiting_list"]
    list_filter = ["status"]
    raw_id_fields = ["application"]
    exclude = ["link_key"]


@admin.register(models.Nomination)
class NominationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["nominee_name", "programme", "sponsor", "created_at", "expires_at"]
    raw_id_fields = ["sponsor", "application"]
    exclude = ["token_digest"]
