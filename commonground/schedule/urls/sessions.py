"""Sessions, replies, modules and calendars (mounted under /programmes/ with the rest of the schedule's URLs)."""

from django.urls import URLPattern, path

from commonground.schedule.views import sessions as views

urlpatterns: list[URLPattern] = [
    path("<id:programme_id>/schedule/", views.schedule, name="schedule"),
    path("<id:programme_id>/schedule/sessions/new/", views.session_create, name="session-create"),
    # A session open to the whole system, as its mail and calendars link to it: it leads to the session's
    # page in the programme the person sees it through.
    path("schedule/sessions/<id:session_id>/", views.session_open, name="session-open"),
    path(
        "<id:programme_id>/schedule/sessions/<id:session_id>/",
        views.session_detail,
        name="session-detail",
    ),
    path(
        "<id:programme_id>/schedule/sessions/<id:session_id>/reply/",
        views.session_reply,
        name="session-reply",
    ),
    path(
        "<id:programme_id>/schedule/sessions/<id:session_id>/edit/",
        views.session_edit,
        name="session-edit",
    ),
    path(
        "<id:programme_id>/schedule/sessions/<id:session_id>/cancel/",
        views.session_cancel,
        name="session-cancel",
    ),
    path(
        "<id:programme_id>/schedule/sessions/<id:session_id>/session.ics",
        views.session_ics,
        name="session-ics",
    ),
    path("<id:programme_id>/schedule/modules/", views.modules, name="modules"),
    path("<id:programme_id>/schedule/modules/new/", views.module_add, name="module-add"),
    path(
        "<id:programme_id>/schedule/modules/<id:module_id>/",
        views.module_edit,
        name="module-edit",
    ),
    path("<id:programme_id>/schedule/calendar/", views.calendar_page, name="calendar"),
    path(
        "<id:programme_id>/schedule/calendar/reset/", views.calendar_reset, name="calendar-reset"
    ),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
