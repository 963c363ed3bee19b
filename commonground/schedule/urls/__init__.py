"""Schedule URLs: sessions, replies and calendars (`sessions`); registers, check-in, figures and
tables (`attendance`); a participant's certificate and hours (`certificates`); the sessions a
funder's support in kind delivered (`delivery`). The public check of a certificate's reference
(`checks`) is included at /certificates/ by the root URLconf."""

from commonground.schedule.urls import attendance, certificates, delivery, sessions

app_name = "schedule"

urlpatterns = [
    *sessions.urlpatterns, *attendance.urlpatterns, *certificates.urlpatterns, *delivery.urlpatterns,
]
