from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "commonground.development"
    label = "development"
    verbose_name = "Personal development and evaluation"

    def ready(self) -> None:
        from commonground.development.services import open_feedback_after_session
        from commonground.schedule.services.feedback import on_feedback_due

        # As a session ends, the schedule asks us to open its feedback round, then mails the
        # people who came the address we return.
        on_feedback_due(open_feedback_after_session)

        from commonground.development import figures

        # The evaluation, computed once per change and read from the store.
        figures.register()
