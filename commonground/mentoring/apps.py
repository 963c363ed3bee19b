from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "commonground.mentoring"
    label = "mentoring"
    verbose_name = "Buddies and mentors: matching, approval and the relationship followed through"
