from django.urls import path

from commonground.recruitment.views import (
    applicant,
    application,
    apply,
    import_export,
    review,
    settings,
    sponsors,
)

app_name = "recruitment"

urlpatterns = [
    # Public: anyone may apply while applications are open; emailed links work without signing in.
    path("<id:programme_id>/apply/", apply.apply, name="apply"),
    path("<id:programme_id>/apply/sent/", apply.applied, name="applied"),
    path("<id:programme_id>/apply/check-email/", apply.check_email, name="check-email"),
    path("recruitment/support/<str:token>/", sponsors.support, name="support"),
    path(
        "recruitment/nominations/<str:token>/",
        sponsors.nomination_confirm,
        name="nomination-confirm",
    ),
    path("recruitment/offers/<str:token>/", applicant.offer, name="offer"),
    # An application sent with an existing account's address waits for its owner, signed in.
    path("recruitment/confirm/<str:token>/", apply.confirm, name="application-confirm"),
    # The applicant's own applications (any signed-in person; only their own).
    path("recruitment/mine/", applicant.mine, name="mine"),
    path("recruitment/mine/<id:application_id>/withdraw/", applicant.withdraw, name="withdraw"),
    # Sponsors.
    path("<id:programme_id>/recruitment/nominate/", sponsors.nominate, name="nominate"),
    path(
        "<id:programme_id>/recruitment/support/<id:application_id>/",
        sponsors.support_signed_in,
        name="support-signed-in",
    ),
    # Leads.
    path("<id:programme_id>/recruitment/", review.applications, name="applications"),
    path("<id:programme_id>/recruitment/review/", review.review, name="review"),
    path("<id:programme_id>/recruitment/review/decide/", review.decide, name="decide"),
    path("<id:programme_id>/recruitment/quotas/", settings.quotas, name="quotas"),
    path(
        "<id:programme_id>/recruitment/quotas/cohorts/<id:cohort_id>/",
        settings.cohort_quotas,
        name="cohort-quotas",
    ),
    path(
        "<id:programme_id>/recruitment/quotas/<id:quota_id>/",
        settings.quota_edit,
        name="quota-edit",
    ),
    path("<id:programme_id>/recruitment/eligibility/", settings.eligibility, name="eligibility"),
    path(
        "<id:programme_id>/recruitment/applications/<id:application_id>/",
        application.application_detail,
        name="application-detail",
    ),
    path(
        "<id:programme_id>/recruitment/applications/<id:application_id>/decide/",
        application.decide,
        name="application-decide",
    ),
    path(
        "<id:programme_id>/recruitment/export/<str:which>.<str:fmt>",
        import_export.export,
        name="export",
    ),
    path("<id:programme_id>/recruitment/import/", import_export.import_applicants, name="import"),
]
