from django.urls import path

from commonground.homes import views

app_name = "homes"

urlpatterns = [
    path("<id:programme_id>/home/", views.home, name="home"),
]
