from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commonground.api"
    label = "api"
    verbose_name = "The JSON API: personal access tokens, reads, writes and signed webhooks"
