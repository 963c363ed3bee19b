from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "commonground.privacy"
    label = "privacy"
    verbose_name = "Privacy: subject access"
