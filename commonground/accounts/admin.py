from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from commonground.accounts.models import Person


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "email", "profession", "is_staff"]
    list_filter = ["is_staff", "is_active", "profession", "seniority"]
    search_fields = ["full_name", "email"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("About", {"fields": ("full_name", "job_title", "profession", "seniority", "accessibility_needs")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
