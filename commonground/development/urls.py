from django.urls import path

from commonground.development import views, views_equality

app_name = "development"

urlpatterns = [
    path("<id:programme_id>/development/", views.progress, name="progress"),
    path("<id:programme_id>/development/consent/", views.consent, name="consent"),
    path("<id:programme_id>/development/consent/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("<id:programme_id>/development/rounds/<id:round_id>/", views.respond, name="respond"),
    path("<id:programme_id>/development/answers/<id:response_id>/", views.response_detail, name="response-detail"),
    path("<id:programme_id>/development/goals/", views.goals, name="goals"),
    path("<id:programme_id>/development/goals/<id:goal_id>/", views.goal_edit, name="goal-edit"),
    path("<id:programme_id>/development/journal/", views.journal, name="journal"),
    path("<id:programme_id>/development/journal/<id:entry_id>/", views.journal_entry, name="journal-entry"),
    path("<id:programme_id>/development/journal/<id:entry_id>/delete/", views.journal_delete, name="journal-delete"),
    path("<id:programme_id>/development/equality/", views_equality.equality_page, name="equality"),
    path(
        "<id:programme_id>/development/equality/consent/", views_equality.equality_consent, name="equality-consent"
    ),
    path(
        "<id:programme_id>/development/equality/withdraw/", views_equality.equality_withdraw, name="equality-withdraw"
    ),
    path("<id:programme_id>/evaluation/", views.evaluation, name="evaluation"),
    path("<id:programme_id>/evaluation/equality/", views_equality.equality_figures_page, name="equality-figures"),
    path("<id:programme_id>/evaluation/export.<str:fmt>", views.evaluation_export, name="evaluation-export"),
    path("<id:programme_id>/evaluation/instruments/", views.instruments, name="instruments"),
    path("<id:programme_id>/evaluation/instruments/new/", views.instrument_add, name="instrument-add"),
    path("<id:programme_id>/evaluation/rounds/", views.rounds, name="rounds"),
]
