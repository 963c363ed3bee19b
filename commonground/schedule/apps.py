from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "commonground.schedule"
    label = "schedule"
    verbose_name = "Schedule and attendance"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from commonground.programmes.models import Membership
        from commonground.schedule.services import membership_saved

        # New cohort members are invited to the cohort's upcoming sessions, whichever app adds them.
        post_save.connect(membership_saved, sender=Membership, dispatch_uid="schedule-invite-new-member")
