"""Background work of the lowest layer: refreshing stored figures (`figure_store.py`)."""

from django.tasks import task

from commonground.core import figure_store


@task()
def refresh_figures(programme_id: int, kind: str, scope: str) -> bool:
    """Compute one kind of a programme's figures again and store them (ids and names only:
    the figures themselves never pass through the queue). Returns whether it computed."""
    return figure_store.refresh_if_stale(programme_id, kind, scope)


@task()
def refresh_due_figures() -> int:
    """Queue a refresh of the figures the clock has moved (a session ended, a round opened)."""
    return figure_store.refresh_due()
