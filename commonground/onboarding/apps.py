from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "commonground.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding: a new system setting itself up"
