from django.urls import path

from commonground.privacy import views

app_name = "about"

# Public pages, linked from every footer.
urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy"),
    path("cookies/", views.cookies, name="cookies"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("help/", views.help_and_contact, name="help"),
]
