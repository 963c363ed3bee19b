"""When a pair should meet: the first meeting and the check-ins after it. PURE.

The first meeting is suggested within ``first_days`` of the day both accepted; check-ins follow
every ``every_weeks`` weeks from the first meeting held (or from the first meeting's suggested
date while none is held), up to the programme's end.
"""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "first" or "check_in"
    due_on: dt.date
    held: bool


def suggest(
    *,
    accepted_on: dt.date,
    held: list[dt.date],
    first_days: int,
    every_weeks: int,
    until: dt.date,
    upto: int = 6,
) -> list[Suggestion]:
    """The first meeting and the next check-ins, each marked held when a meeting covers it."""
    first_due = accepted_on + dt.timedelta(days=first_days)
    meetings = sorted(held)
    out = [Suggestion("first", first_due, bool(meetings))]
    start = meetings[0] if meetings else first_due
    later = meetings[1:]
    step = dt.timedelta(weeks=every_weeks)
    due = start + step
    while due <= until and len(out) < upto:
        covered = any(d <= due + dt.timedelta(days=7) and d > due - step for d in later)
        out.append(Suggestion("check_in", due, covered))
        due += step
    return out
