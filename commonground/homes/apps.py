from django.apps import AppConfig


class HomesConfig(AppConfig):
    name = "commonground.homes"
    label = "homes"
    verbose_name = "Each role's home page and the programme menu"
