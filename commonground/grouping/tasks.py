"""Background work for grouping: forming a cohort's learning sets with the engine."""

import logging

from django.tasks import task

from commonground.grouping.engine import warm_up
from commonground.grouping.engine.warm import cold_notice
from commonground.grouping.services import runs

logger = logging.getLogger(__name__)


def load_kernels() -> None:
    """Load the engine's compiled kernels before the run's clock starts; log it when that meant compiling.

    `make install` compiles them, so this only loads them (about a second) unless the cache is cold.
    """
    warm = warm_up()
    if warm.cold:
        logger.warning("%s", cold_notice(warm, "the grouping engine's kernels"))


@task()
def generate_learning_sets(run_id: int) -> str:
    """Run the engine for one GroupingRun, writing progress to its row as it goes."""
    load_kernels()
    return runs.run_learning_sets(run_id=run_id).status
