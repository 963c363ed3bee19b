from django.urls import path

from commonground.accounts import outbox

app_name = "demo"

urlpatterns = [
    path("outbox/", outbox.outbox, name="outbox"),
    path("outbox/<id:mail_id>/", outbox.outbox_mail, name="outbox-mail"),
]
