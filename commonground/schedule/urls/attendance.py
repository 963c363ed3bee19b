"""Registers, QR check-in, attendance figures, the completion rule and table plans."""

from django.urls import URLPattern, path

from commonground.schedule.views import attendance as views
from commonground.schedule.views import attendance_figures

SESSION = "<id:programme_id>/schedule/sessions/<id:session_id>"

urlpatterns: list[URLPattern] = [
    path("<id:programme_id>/attendance/", views.home, name="attendance"),
    path("<id:programme_id>/attendance/figures/", attendance_figures.figures, name="attendance-figures"),
    path("<id:programme_id>/attendance/figures/people.<str:fmt>", attendance_figures.people_export,
         name="attendance-people-export"),
    path("<id:programme_id>/attendance/completion-rule/", views.completion_rule, name="completion-rule"),
    path(f"{SESSION}/register/", views.register, name="register"),
    path(f"{SESSION}/register/<id:person_id>/", views.register_mark, name="register-mark"),
    path(f"{SESSION}/register/mark-the-rest-absent/", views.register_rest_absent, name="register-rest-absent"),
    path(f"{SESSION}/register/undo/", views.register_undo, name="register-undo"),
    path(f"{SESSION}/check-in-code/", views.checkin_code, name="checkin-code"),
    path(f"{SESSION}/check-in-code.svg", views.checkin_qr, name="checkin-qr"),
    path("<id:programme_id>/check-in/<str:token>/", views.checkin, name="checkin"),
    path(f"{SESSION}/tables/", views.table_plan, name="table-plan"),
    path(f"{SESSION}/tables/generate/", views.table_plan_generate, name="table-plan-generate"),
    path(f"{SESSION}/tables/publish/", views.table_plan_publish, name="table-plan-publish"),
    path(f"{SESSION}/tables/print/", views.table_plan_print, name="table-plan-print"),
]
