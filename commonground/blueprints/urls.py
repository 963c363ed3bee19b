from django.urls import path

from commonground.blueprints import views

app_name = "blueprints"

urlpatterns = [
    path("programmes/<id:programme_id>/template/", views.save_template, name="save"),
    path("programmes/<id:programme_id>/started/", views.started, name="started"),
    path("programmes/<id:programme_id>/people/<id:person_id>/defer/", views.defer, name="defer"),
    path("systems/<id:system_id>/templates/", views.templates, name="templates"),
    path("systems/<id:system_id>/templates/<id:template_id>/start/", views.start, name="start"),
]
