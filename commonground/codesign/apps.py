from django.apps import AppConfig


class CodesignConfig(AppConfig):
    name = "commonground.codesign"
    label = "codesign"
    verbose_name = "Co-design of local issues"
