from django.urls import path

from commonground.identity import views, views_passkeys, views_second_factor

app_name = "identity"

urlpatterns = [
    path("accounts/second-factor/", views_second_factor.give, name="second-factor"),
    path("accounts/second-factor/set-up/", views_second_factor.set_up, name="set-up"),
    # Under the second-factor address, which the gate leaves open: used before it is given.
    path("accounts/second-factor/passkey/options/", views_passkeys.sign_in_options, name="passkey-options"),
    path("accounts/second-factor/passkeys/new/", views_passkeys.add, name="passkey-add"),
    path("accounts/second-factor/passkeys/new/options/", views_passkeys.new_options, name="passkey-new-options"),
    path("accounts/security/", views_second_factor.security, name="security"),
    path("accounts/security/recovery-codes/", views_second_factor.recovery_codes, name="recovery-codes"),
    path("accounts/security/remove/", views_second_factor.remove, name="remove"),
    path("accounts/security/passkeys/<id:passkey_id>/remove/", views_passkeys.remove, name="passkey-remove"),
    path("systems/<id:system_id>/sign-in/", views.providers, name="providers"),
    path("systems/<id:system_id>/sign-in/new/", views.provider_new, name="provider-new"),
    path("systems/<id:system_id>/sign-in/<id:provider_id>/", views.provider_edit, name="provider-edit"),
    path("systems/<id:system_id>/sign-in/<id:provider_id>/remove/", views.provider_remove, name="provider-remove"),
]
