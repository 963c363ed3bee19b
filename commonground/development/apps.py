from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "commonground.development"
    label = "development"
    verbose_name = "Personal development and evaluation"
