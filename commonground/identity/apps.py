from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "commonground.identity"
    label = "identity"
    verbose_name = "Identity providers and second factors"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete

        from commonground.accounts import sign_in_routes
        from commonground.identity import discovery, gate
        from commonground.identity.models import IdentityProvider

        user_logged_in.connect(gate.remember_at_sign_in, dispatch_uid="second-factor-at-sign-in")
        sign_in_routes.register(discovery.route, targets=discovery.origins)
        # services.py forgets the cached origins on every write; a provider also goes when its
        # system or its allauth app is deleted, which no service of ours sees.
        post_delete.connect(discovery.forget_origins, sender=IdentityProvider, dispatch_uid="provider-origins")
