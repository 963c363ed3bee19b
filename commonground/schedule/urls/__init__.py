"""Schedule URLs: sessions, replies and calendars (`sessions`); registers, check-in, figures and tables (`attendance`)."""

from commonground.schedule.urls import attendance, sessions

app_name = "schedule"

urlpatterns = [*sessions.urlpatterns, *attendance.urlpatterns]
