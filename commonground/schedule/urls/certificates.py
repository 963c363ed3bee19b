"""A participant's certificate of completion and record of development hours."""

from django.urls import URLPattern, path

from commonground.schedule.views import certificates as views

urlpatterns: list[URLPattern] = [
    path("<id:programme_id>/certificate/", views.certificate, name="certificate"),
    path(
        "<id:programme_id>/development-hours/<id:person_id>.<str:fmt>",
        views.development_hours,
        name="development-hours",
    ),
]
