"""Writes for learning sets and cohort placement, by sub-domain; callers import the module they need.

- `runs`: generating a cohort's sets with the engine (the background task calls `run_learning_sets`).
- `hand`: moving one person between sets, locks, keep-apart pairs, facilitators.
- `publishing`: showing the sets to participants and mailing them.
- `encounters`: the cohort's learning-set encounters follow its sets.
- `leaving`: taking people out of a cohort's sets.
- `placement`: placing participants without a cohort.
- `cohort_moves`: moving one participant to another cohort by hand.

What the engine is told is in `grouping.inputs`; reading and scoring sets in `grouping.queries`.
"""
