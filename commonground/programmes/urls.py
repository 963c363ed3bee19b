from django.urls import path

from commonground.programmes import views, views_audit, views_profile, views_sponsors

app_name = "programmes"

urlpatterns = [
    path("profile/", views_profile.profile, name="profile"),
    path("profile/seen/", views_profile.seen, name="seen"),
    path("<id:programme_id>/", views.overview, name="overview"),
    path("<id:programme_id>/cohorts/", views.cohort_list, name="cohort-list"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/", views.cohort_detail, name="cohort-detail"),
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
]
