from django.urls import path

from commonground.offboarding import views

app_name = "offboarding"

urlpatterns = [
    path("", views.records, name="records"),
    path("systems/<id:system_id>/", views.system_page, name="system"),
    path("systems/<id:system_id>/export/", views.export, name="export"),
    path("systems/<id:system_id>/delete/", views.delete, name="delete"),
]
