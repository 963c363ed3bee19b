from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "commonground.programmes"
    label = "programmes"
    verbose_name = "Programmes"
