from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "commonground.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from commonground.grouping.holds import register_holds
        from commonground.recruitment.holds import open_offers

        # An open offer holds its place, so a lead's move between cohorts counts it against capacity.
        register_holds("recruitment.open-offers", open_offers)
