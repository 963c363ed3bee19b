from django.apps import AppConfig


class AlumniConfig(AppConfig):
    name = "commonground.alumni"
    label = "alumni"
    verbose_name = "Alumni: the directory each alumnus controls, and their offers to help new cohorts"
