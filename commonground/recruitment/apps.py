from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "commonground.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"
