"""The blueprints' one writer: templates and the intakes started from them (`intakes.py`), and
deferral to the next intake (`deferrals.py`)."""

from commonground.blueprints.services.deferrals import defer_participant
from commonground.blueprints.services.intakes import (
    CohortChoice,
    IntakePlan,
    default_choices,
    plan_intake,
    save_as_template,
    start_programme,
)

__all__ = [
    "CohortChoice",
    "IntakePlan",
    "default_choices",
    "defer_participant",
    "plan_intake",
    "save_as_template",
    "start_programme",
]
