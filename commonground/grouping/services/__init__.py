"""Writes for learning sets and cohort placement, by sub-domain; callers import the module they need.

- `runs`: generating a cohort's sets with the engine (the background task calls `run_learning_sets`).
- `hand`: moving one person between sets, locks, keep-apart pairs, facilitators.
- `publishing`: showing the sets to participants and mailing them.
- `encounters`: the cohort's learning-set encounters follow its sets.
- `leaving`: taking people out of a cohort's sets.
- `placement`: placing participants without a cohort.
- `cohort_moves`: moving one participant to another cohort by hand.

What the engine is told is in `grouping.inputs`; reading and scoring sets in `grouping.queries`.
The names below are kept here only for callers outside this app that still import the package.
"""

from commonground.grouping.inputs import (
    DEFAULT_MAX_SIZE,
    DEFAULT_MIN_SIZE,
    PersonFacts,
    fitting_sizes,
    problem_for_sets,
)
from commonground.grouping.services.leaving import leave_learning_sets
from commonground.grouping.services.runs import evaluate, save_generated_sets

__all__ = [
    "DEFAULT_MAX_SIZE",
    "DEFAULT_MIN_SIZE",
    "PersonFacts",
    "evaluate",
    "fitting_sizes",
    "leave_learning_sets",
    "problem_for_sets",
    "save_generated_sets",
]
