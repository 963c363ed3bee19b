"""Background work for grouping: forming a cohort's learning sets with the engine."""

from django.tasks import task

from commonground.grouping import services


@task()
def generate_learning_sets(run_id: int) -> str:
    """Run the engine for one GroupingRun, writing progress to its row as it goes."""
    return services.run_learning_sets(run_id=run_id).status
