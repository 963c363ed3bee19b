from django.urls import path

from commonground.programmes import views, views_sponsors

app_name = "programmes"

urlpatterns = [
    path("<int:programme_id>/", views.overview, name="overview"),
    path("<int:programme_id>/cohorts/", views.cohort_list, name="cohort-list"),
    path("<int:programme_id>/cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort-detail"),
    path("<int:programme_id>/organisations/", views.organisation_list, name="organisation-list"),
    path("<int:programme_id>/people/<int:person_id>/", views.person_detail, name="person-detail"),
    # Leads: sponsor grants and members' requests to change organisation.
    path("<int:programme_id>/sponsors/", views_sponsors.sponsor_list, name="sponsors"),
    path(
        "<int:programme_id>/sponsors/<int:membership_id>/revoke/",
        views_sponsors.sponsor_revoke,
        name="sponsor-revoke",
    ),
    path(
        "<int:programme_id>/organisation-changes/",
        views_sponsors.organisation_changes,
        name="organisation-changes",
    ),
    path(
        "<int:programme_id>/organisation-changes/<int:change_id>/",
        views_sponsors.organisation_change_decide,
        name="organisation-change-decide",
    ),
]
