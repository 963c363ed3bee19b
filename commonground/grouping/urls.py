from django.urls import path

from commonground.grouping import views

app_name = "grouping"

urlpatterns = [
    # Leads: place people without a cohort.
    path("<int:programme_id>/cohorts/placement/", views.placement, name="placement"),
    path(
        "<int:programme_id>/cohorts/placement/people/<int:person_id>/",
        views.placement_move,
        name="placement-move",
    ),
    # Staff see a cohort's sets; leads generate, adjust and publish them.
    path("<int:programme_id>/cohorts/<int:cohort_id>/sets/", views.sets, name="sets"),
    path(
        "<int:programme_id>/cohorts/<int:cohort_id>/sets/generate/", views.generate, name="generate"
    ),
    path(
        "<int:programme_id>/cohorts/<int:cohort_id>/sets/runs/<int:run_id>/",
        views.run_status,
        name="run-status",
    ),
    path("<int:programme_id>/cohorts/<int:cohort_id>/sets/move/", views.move, name="move"),
    path("<int:programme_id>/cohorts/<int:cohort_id>/sets/lock/", views.lock, name="lock"),
    path(
        "<int:programme_id>/cohorts/<int:cohort_id>/sets/keep-apart/",
        views.keep_apart,
        name="keep-apart",
    ),
    path(
        "<int:programme_id>/cohorts/<int:cohort_id>/sets/<int:set_id>/facilitator/",
        views.facilitator,
        name="facilitator",
    ),
    path("<int:programme_id>/cohorts/<int:cohort_id>/sets/publish/", views.publish, name="publish"),
    # Participants see their own set; facilitators the sets they look after.
    path("<int:programme_id>/sets/mine/", views.my_set, name="my-set"),
]
