from django.apps import AppConfig


class GroupingConfig(AppConfig):
    name = "commonground.grouping"
    label = "grouping"
    verbose_name = "Learning sets and cohort placement"
