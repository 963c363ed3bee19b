"""Schedule URLs: sessions, replies and calendars (urls_sessions); registers, check-in, figures and tables (urls_attendance)."""

from commonground.schedule import urls_attendance, urls_sessions

app_name = "schedule"

urlpatterns = [*urls_sessions.urlpatterns, *urls_attendance.urlpatterns]
