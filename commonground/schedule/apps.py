from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "commonground.schedule"
    label = "schedule"
    verbose_name = "Schedule and attendance"
