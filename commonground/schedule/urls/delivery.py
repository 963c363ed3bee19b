"""The ledger's link from a funder's support in kind to the sessions it delivered."""

from django.urls import URLPattern, path

from commonground.schedule.views import delivery as views

urlpatterns: list[URLPattern] = [
    path(
        "<id:programme_id>/ledger/contributions/<id:contribution_id>/sessions/",
        views.contribution_sessions,
        name="contribution-sessions",
    ),
]
