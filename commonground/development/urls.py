from django.urls import path

from commonground.development import views

app_name = "development"

urlpatterns = [
    path("<int:programme_id>/development/", views.progress, name="progress"),
    path("<int:programme_id>/development/consent/", views.consent, name="consent"),
    path("<int:programme_id>/development/consent/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("<int:programme_id>/development/rounds/<int:round_id>/", views.respond, name="respond"),
    path("<int:programme_id>/development/answers/<int:response_id>/", views.response_detail, name="response-detail"),
    path("<int:programme_id>/development/goals/", views.goals, name="goals"),
    path("<int:programme_id>/development/goals/<int:goal_id>/", views.goal_edit, name="goal-edit"),
    path("<int:programme_id>/development/journal/", views.journal, name="journal"),
    path("<int:programme_id>/development/journal/<int:entry_id>/", views.journal_entry, name="journal-entry"),
    path("<int:programme_id>/development/journal/<int:entry_id>/delete/", views.journal_delete, name="journal-delete"),
    path("<int:programme_id>/evaluation/", views.evaluation, name="evaluation"),
    path("<int:programme_id>/evaluation/export.<str:fmt>", views.evaluation_export, name="evaluation-export"),
    path("<int:programme_id>/evaluation/instruments/", views.instruments, name="instruments"),
    path("<int:programme_id>/evaluation/instruments/new/", views.instrument_add, name="instrument-add"),
    path("<int:programme_id>/evaluation/rounds/", views.rounds, name="rounds"),
]
