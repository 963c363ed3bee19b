from django.apps import AppConfig
from django.db.models.signals import post_save


class ProgrammesConfig(AppConfig):
    name = "commonground.programmes"
    label = "programmes"
    verbose_name = "Programmes"

    def ready(self) -> None:
        from commonground.accounts.models import Person
        from commonground.programmes.affiliations import mirror_saved_person

        post_save.connect(mirror_saved_person, sender=Person, dispatch_uid="programmes.mirror_saved_person")
