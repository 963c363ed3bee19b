from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "commonground.identity"
    label = "identity"
    verbose_name = "Identity providers and second factors"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from commonground.accounts import sign_in_routes
        from commonground.identity import discovery, gate

        user_logged_in.connect(gate.remember_at_sign_in, dispatch_uid="second-factor-at-sign-in")
        sign_in_routes.register(discovery.route, targets=discovery.origins)
