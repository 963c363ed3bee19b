from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "commonground.schedule"
    label = "schedule"
    verbose_name = "Schedule and attendance"

    def ready(self) -> None:
        from commonground.programmes.cohorts import on_cohort_change
        from commonground.schedule.cohort_changes import follow_cohort_changes

        # Whoever moves a participant (a lead, the placement engine, an accepted offer), their
        # invitations follow in the same transaction.
        on_cohort_change("schedule.invitations", follow_cohort_changes)

        from commonground.schedule import stored_figures

        # Attendance and completion figures, computed once per change and read from the store.
        stored_figures.register()
