from django.urls import path

from commonground.programmes import views

app_name = "programmes"

urlpatterns = [
    path("<int:programme_id>/", views.overview, name="overview"),
    path("<int:programme_id>/cohorts/", views.cohort_list, name="cohort-list"),
    path("<int:programme_id>/cohorts/<int:cohort_id>/", views.cohort_detail, name="cohort-detail"),
    path("<int:programme_id>/organisations/", views.organisation_list, name="organisation-list"),
    path("<int:programme_id>/people/<int:person_id>/", views.person_detail, name="person-detail"),
]
