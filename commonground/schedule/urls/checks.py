"""The public page that checks a certificate's reference, at /certificates/<reference>/."""

from django.urls import URLPattern, path

from commonground.schedule.views import certificates as views

app_name = "certificates"

urlpatterns: list[URLPattern] = [
    path("<str:ref>/", views.check, name="check"),
]
