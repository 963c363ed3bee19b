from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from commonground.accounts import audit
from commonground.accounts.models import AuditAction
from commonground.programmes import figures, models
from commonground.programmes.cohorts import set_cohort


class PlaceInline(admin.TabularInline):
    model = models.Place
    extra = 0


class SystemAdministratorInline(admin.TabularInline):
    """Who administers the system: its identity providers, and erasure beyond one programme."""

    model = models.SystemAdmin
    extra = 0
    raw_id_fields = ["person"]
    verbose_name = "system administrator"


@admin.register(models.System)
class SystemAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "data_controller", "privacy_contact"]
    inlines = [PlaceInline, SystemAdministratorInline]


@admin.register(models.Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "system", "population"]
    list_filter = ["system"]


class TeamInline(admin.TabularInline):
    model = models.Team
    extra = 0


@admin.register(models.Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "system", "parent"]
    list_filter = ["sector", "system", "places"]
    search_fields = ["name"]
    filter_horizontal = ["places"]
    inlines = [TeamInline]


@admin.register(models.Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]


class CohortInline(admin.TabularInline):
    model = models.Cohort
    extra = 0


class ReadOnly:
    """The funding ledger is kept on the lead's ledger pages (`programmes/ledger.py`), which keep the
    history of every change; here it can only be read."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ContributionInline(ReadOnly, admin.TabularInline):
    model = models.Contribution
    extra = 0
    fields = ["funder", "programme", "kind", "description"]


@admin.register(models.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "system", "starts_on", "ends_on", "status"]
    list_filter = ["status", "system"]
    inlines = [CohortInline, ContributionInline]


@admin.register(models.Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "place", "capacity", "starts_on"]
    list_filter = ["programme", "place"]


@admin.register(models.Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "programme", "role", "cohort", "funder"]
    list_filter = ["programme", "role", "cohort"]
    search_fields = ["person__full_name", "person__email"]
    raw_id_fields = ["person"]
    list_select_related = ["person", "programme", "cohort", "funder"]

    def save_model(self, request: HttpRequest, obj: models.Membership, form: ModelForm, change: bool) -> None:
        """A participant's cohort changes through its owner, so their invitations and sets follow. The
        audit trail records the role given or taken away (and a cohort, sponsored organisation or
        funder changed), by whom and from where, in the same transaction."""
        with transaction.atomic():
            moved = None
            if obj.role != models.Role.PARTICIPANT:
                super().save_model(request, obj, form, change)
            else:
                cohort = obj.cohort
                obj.cohort_id = form.initial.get("cohort")  # as it was: the owner writes the change
                super().save_model(request, obj, form, change)
                moved = set_cohort(membership=obj, cohort=cohort)
            audit.changes(
                *_role_changes(obj, form, change),
                audit.Change("cohort", [obj.person_id], ["cohort"] if moved else [], obj.pk),
                request=request, programme_id=obj.programme_id,
            )
            # A role given or taken away changes who the figures count (a move already said so).
            figures.programmes_changed({obj.programme_id, form.initial.get("programme") or obj.programme_id})

    def delete_model(self, request: HttpRequest, obj: models.Membership) -> None:
        with transaction.atomic():
            _revoked(request, [obj])
            super().delete_model(request, obj)
            figures.programmes_changed([obj.programme_id])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[models.Membership]) -> None:
        with transaction.atomic():
            memberships = list(queryset)
            _revoked(request, memberships)
            super().delete_queryset(request, queryset)
            figures.programmes_changed(m.programme_id for m in memberships)


def _role_changes(obj: models.Membership, form: ModelForm, change: bool) -> list[audit.Change]:
    """A new membership grants its role; a changed role, person or programme takes the old one away
    and grants the new; a sponsor's organisation or a funder's funder changed is a change to that role."""
    fields = ["role", *(["organisation"] if obj.organisation_id else []), *(["funder"] if obj.funder_id else [])]
    granted = audit.Change("membership", [obj.person_id], fields, obj.pk, AuditAction.ROLE_GRANTED)
    if not change:
        return [granted]
    if {"person", "programme", "role"} & set(form.changed_data):
        was = form.initial
        return [
            audit.Change(
                "membership", [was["person"]], ["role"], obj.pk, AuditAction.ROLE_REVOKED,
                programme_id=was["programme"],
            ),
            granted,
        ]
    named = [name for name in ("organisation", "funder") if name in form.changed_data]
    if named:
        return [audit.Change("membership", [obj.person_id], named, obj.pk)]
    return []


def _revoked(request: HttpRequest, memberships: list[models.Membership]) -> None:
    audit.changes(
        *(
            audit.Change(
                "membership", [m.person_id], ["role"], m.pk, AuditAction.ROLE_REVOKED,
                programme_id=m.programme_id,
            )
            for m in memberships
        ),
        request=request,
    )


@admin.register(models.Funder)
class FunderAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "system", "organisation", "org_identifier", "commercial"]
    list_filter = ["system", "commercial"]
    search_fields = ["name"]
    inlines = [ContributionInline]


@admin.register(models.Contribution)
class ContributionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["description", "funder", "programme", "kind", "amount_committed", "amount_received"]
    list_filter = ["kind", "programme"]


@admin.register(models.LedgerChange)
class LedgerChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "programme", "record", "label", "action"]
    list_filter = ["programme", "record", "action"]


@admin.register(models.Affiliation)
class AffiliationAdmin(admin.ModelAdmin):
    """Read-only: where people work changes through their profile and a lead's confirmation
    (`programmes/affiliations.py`), never by hand here."""

    list_display = ["person", "system", "organisation", "team", "place"]
    list_filter = ["system"]
    search_fields = ["person__full_name", "person__email", "organisation__name"]
    list_select_related = ["person", "system", "organisation", "team", "place"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
