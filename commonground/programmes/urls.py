from django.urls import path

from commonground.programmes import views, views_audit, views_ledger, views_profile, views_sponsors

LEDGER = "<id:programme_id>/ledger"

app_name = "programmes"

urlpatterns = [
    path("profile/", views_profile.profile, name="profile"),
    path("profile/seen/", views_profile.seen, name="seen"),
    path("<id:programme_id>/", views.overview, name="overview"),
    path("<id:programme_id>/cohorts/", views.cohort_list, name="cohort-list"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/", views.cohort_detail, name="cohort-detail"),
    path(
        "<id:programme_id>/cohorts/<id:cohort_id>/people.<str:fmt>", views.cohort_people_export,
        name="cohort-people-export",
    ),
    path("<id:programme_id>/organisations/", views.organisation_list, name="organisation-list"),
    path("<id:programme_id>/audit.csv", views_audit.audit_export, name="audit-export"),
    path("<id:programme_id>/people/<id:person_id>/", views.person_detail, name="person-detail"),
    # Leads: sponsor grants and members' requests to change organisation.
    path("<id:programme_id>/sponsors/", views_sponsors.sponsor_list, name="sponsors"),
    path(
        "<id:programme_id>/sponsors/<id:membership_id>/revoke/",
        views_sponsors.sponsor_revoke,
        name="sponsor-revoke",
    ),
    path(
        "<id:programme_id>/organisation-changes/",
        views_sponsors.organisation_changes,
        name="organisation-changes",
    ),
    path(
        "<id:programme_id>/organisation-changes/<id:change_id>/",
        views_sponsors.organisation_change_decide,
        name="organisation-change-decide",
    ),
    # Leads: the funding ledger (which sessions support in kind delivered is the schedule's page).
    path(f"{LEDGER}/", views_ledger.ledger_page, name="ledger"),
    path(f"{LEDGER}/history/", views_ledger.history_page, name="ledger-history"),
    path(f"{LEDGER}/spending/", views_ledger.spending_page, name="ledger-spending"),
    path(f"{LEDGER}/funders/new/", views_ledger.funder_add, name="funder-add"),
    path(f"{LEDGER}/funders/<id:funder_id>/", views_ledger.funder_edit, name="funder-edit"),
    path(f"{LEDGER}/funders/<id:funder_id>/delete/", views_ledger.funder_delete, name="funder-delete"),
    path(f"{LEDGER}/funders/<id:funder_id>/transfers/", views_ledger.transfers_page, name="funder-transfers"),
    path(f"{LEDGER}/contributions/new/", views_ledger.contribution_add, name="contribution-add"),
    path(f"{LEDGER}/contributions/<id:contribution_id>/", views_ledger.contribution_edit, name="contribution-edit"),
    path(
        f"{LEDGER}/contributions/<id:contribution_id>/delete/",
        views_ledger.contribution_delete,
        name="contribution-delete",
    ),
    path(f"{LEDGER}/budget/new/", views_ledger.budget_line_add, name="budget-line-add"),
    path(f"{LEDGER}/budget/<id:line_id>/", views_ledger.budget_line_edit, name="budget-line-edit"),
    path(f"{LEDGER}/budget/<id:line_id>/delete/", views_ledger.budget_line_delete, name="budget-line-delete"),
    path(f"{LEDGER}/spending/new/", views_ledger.spend_add, name="spend-add"),
    path(f"{LEDGER}/spending/<id:spend_id>/", views_ledger.spend_edit, name="spend-edit"),
    path(f"{LEDGER}/spending/<id:spend_id>/delete/", views_ledger.spend_delete, name="spend-delete"),
]
