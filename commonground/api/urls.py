from django.urls import path

from commonground.api import views

app_name = "api"

urlpatterns = [
    path("api/v1/docs", views.docs, name="docs"),
    path("accounts/api-tokens/", views.token_list, name="tokens"),
    path("accounts/api-tokens/<id:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("accounts/hr-records/<id:programme_id>/", views.hr_consent, name="hr-consent"),
    path("programmes/<id:programme_id>/webhooks/", views.webhook_list, name="webhooks"),
    path("programmes/<id:programme_id>/webhooks/<id:endpoint_id>/remove/", views.webhook_remove, name="webhook-remove"),
]
