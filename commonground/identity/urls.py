from django.urls import path

from commonground.identity import views, views_second_factor

app_name = "identity"

urlpatterns = [
    path("accounts/second-factor/", views_second_factor.give, name="second-factor"),
    path("accounts/second-factor/set-up/", views_second_factor.set_up, name="set-up"),
    path("accounts/security/", views_second_factor.security, name="security"),
    path("accounts/security/recovery-codes/", views_second_factor.recovery_codes, name="recovery-codes"),
    path("accounts/security/remove/", views_second_factor.remove, name="remove"),
    path("systems/<id:system_id>/sign-in/", views.providers, name="providers"),
    path("systems/<id:system_id>/sign-in/new/", views.provider_new, name="provider-new"),
    path("systems/<id:system_id>/sign-in/<id:provider_id>/", views.provider_edit, name="provider-edit"),
    path("systems/<id:system_id>/sign-in/<id:provider_id>/remove/", views.provider_remove, name="provider-remove"),
]
