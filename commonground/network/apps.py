from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "commonground.network"
    label = "network"
    verbose_name = "Relationships"

    def ready(self) -> None:
        from commonground.network import figures

        # Relationship figures, computed once per change and read from the store.
        figures.register()
