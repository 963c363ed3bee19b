from django.urls import path

from commonground.recruitment import views, views_application, views_apply

app_name = "recruitment"

urlpatterns = [
    # Public: anyone may apply while applications are open; emailed links work without signing in.
    path("<id:programme_id>/apply/", views_apply.apply, name="apply"),
    path("<id:programme_id>/apply/sent/", views.applied, name="applied"),
    path("<id:programme_id>/apply/check-email/", views_apply.check_email, name="check-email"),
    path("recruitment/support/<str:token>/", views.support, name="support"),
    path(
        "recruitment/nominations/<str:token>/", views.nomination_confirm, name="nomination-confirm"
    ),
    path("recruitment/offers/<str:token>/", views.offer, name="offer"),
    # An application sent with an existing account's address waits for its owner, signed in.
    path("recruitment/confirm/<str:token>/", views_apply.confirm, name="application-confirm"),
    # The applicant's own applications (any signed-in person; only their own).
    path("recruitment/mine/", views.mine, name="mine"),
    path("recruitment/mine/<id:application_id>/withdraw/", views.withdraw, name="withdraw"),
    # Sponsors.
    path("<id:programme_id>/recruitment/nominate/", views.nominate, name="nominate"),
    # Leads.
    path("<id:programme_id>/recruitment/", views.applications, name="applications"),
    path("<id:programme_id>/recruitment/review/", views.review, name="review"),
    path("<id:programme_id>/recruitment/review/decide/", views.decide, name="decide"),
    path("<id:programme_id>/recruitment/quotas/", views.quotas, name="quotas"),
    path(
        "<id:programme_id>/recruitment/quotas/cohorts/<id:cohort_id>/",
        views.cohort_quotas,
        name="cohort-quotas",
    ),
    path(
        "<id:programme_id>/recruitment/quotas/<id:quota_id>/", views.quota_edit, name="quota-edit"
    ),
    path("<id:programme_id>/recruitment/eligibility/", views.eligibility, name="eligibility"),
    path(
        "<id:programme_id>/recruitment/applications/<id:application_id>/",
        views_application.application_detail,
        name="application-detail",
    ),
    path(
        "<id:programme_id>/recruitment/applications/<id:application_id>/decide/",
        views_application.decide,
        name="application-decide",
    ),
    path(
        "<id:programme_id>/recruitment/export/<str:which>.<str:fmt>", views.export, name="export"
    ),
    path("<id:programme_id>/recruitment/import/", views.import_applicants, name="import"),
]
