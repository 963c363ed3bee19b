from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "commonground.api"
    label = "api"
    verbose_name = "The JSON API: personal access tokens, reads, writes and signed webhooks"

    def ready(self) -> None:
        from commonground.api import webhooks
        from commonground.programmes.cohorts import on_cohort_change
        from commonground.schedule.attendance import attendance_changed

        on_cohort_change("api-webhooks", webhooks.cohort_changed)
        attendance_changed.connect(webhooks.attendance_changed, dispatch_uid="api-webhooks")
