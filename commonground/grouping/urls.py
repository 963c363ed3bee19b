from django.urls import path

from commonground.grouping import views, views_exports

app_name = "grouping"

urlpatterns = [
    # Leads: place people without a cohort.
    path("<id:programme_id>/cohorts/placement/", views.placement, name="placement"),
    path(
        "<id:programme_id>/cohorts/placement/people/<id:person_id>/",
        views.placement_move,
        name="placement-move",
    ),
    # Staff see a cohort's sets; leads generate, adjust and publish them.
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets/", views.sets, name="sets"),
    # The same sets to take away: spreadsheets, and a PDF for the room (one page per set).
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets.csv", views_exports.sets_csv, name="sets-csv"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets.xlsx", views_exports.sets_xlsx, name="sets-xlsx"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets.pdf", views_exports.sets_pdf, name="sets-pdf"),
    path(
        "<id:programme_id>/cohorts/<id:cohort_id>/sets/generate/", views.generate, name="generate"
    ),
    path(
        "<id:programme_id>/cohorts/<id:cohort_id>/sets/runs/<id:run_id>/",
        views.run_status,
        name="run-status",
    ),
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets/move/", views.move, name="move"),
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets/lock/", views.lock, name="lock"),
    path(
        "<id:programme_id>/cohorts/<id:cohort_id>/sets/keep-apart/",
        views.keep_apart,
        name="keep-apart",
    ),
    path(
        "<id:programme_id>/cohorts/<id:cohort_id>/sets/<id:set_id>/facilitator/",
        views.facilitator,
        name="facilitator",
    ),
    path("<id:programme_id>/cohorts/<id:cohort_id>/sets/publish/", views.publish, name="publish"),
    # Participants see their own set; facilitators the sets they look after.
    path("<id:programme_id>/sets/mine/", views.my_set, name="my-set"),
]
