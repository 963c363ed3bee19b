from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "commonground.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment"

    def ready(self) -> None:
        from commonground.grouping.holds import register_holds
        from commonground.programmes.targets import register_sector_targets
        from commonground.recruitment.holds import open_offers
        from commonground.recruitment.targets import sector_quota_places

        # An open offer holds its place, so a lead's move between cohorts counts it against capacity.
        register_holds("recruitment.open-offers", open_offers)

        # The overview draws participants by sector against the places the quotas set aside and allow.
        register_sector_targets("recruitment.sector-quotas", sector_quota_places)
