from django.apps import AppConfig


class OffboardingConfig(AppConfig):
    name = "commonground.offboarding"
    label = "offboarding"
    verbose_name = "Offboarding: a system leaving Common Ground"
