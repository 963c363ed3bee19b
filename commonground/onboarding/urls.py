from django.urls import path

from commonground.onboarding.views import checklist, invite, steps

app_name = "onboarding"

urlpatterns = [
    path("", invite.index, name="index"),
    path("invite/", invite.invite, name="invite"),
    path("systems/<id:system_id>/", steps.tasks, name="tasks"),
    path("systems/<id:system_id>/details/", steps.details, name="details"),
    path("systems/<id:system_id>/places/", steps.places, name="places"),
    path("systems/<id:system_id>/organisations/", steps.organisations, name="organisations"),
    path("systems/<id:system_id>/organisations/import/", steps.import_file, name="import"),
    path("systems/<id:system_id>/sectors/", steps.sectors, name="sectors"),
    path("systems/<id:system_id>/sign-in/", steps.sign_in, name="sign-in"),
    path("systems/<id:system_id>/programme/", checklist.programme, name="programme"),
    path("systems/<id:system_id>/eligibility/", steps.eligibility, name="eligibility"),
    path("systems/<id:system_id>/checklist/", checklist.checklist, name="checklist"),
]
