from django.urls import path

from commonground.programmes import views

app_name = "programmes"

urlpatterns = [
    path("<id:programme_id>/", views.overview, name="overview"),
    path("<id:programme_id>/cohorts/", views.cohort_list, name="cohort-list"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/", views.cohort_detail, name="cohort-detail"),
    path("<id:programme_id>/organisations/", views.organisation_list, name="organisation-list"),
    path("<id:programme_id>/people/<id:person_id>/", views.person_detail, name="person-detail"),
]
