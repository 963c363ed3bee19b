from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "commonground.reporting"
    label = "reporting"
    verbose_name = "Reports for funders and the board"
