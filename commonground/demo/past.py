"""The demo's past: what the recurring tasks would already have sent before the demo began.

A freshly seeded demo is a programme in its twelfth week, so the first `run_periodic` would
otherwise send at once every invitation, reminder, follow-up and feedback request those weeks
would have sent (nearly a thousand messages at the default size). Seeding runs every periodic
task here with mail recorded but not sent: each notice is recorded as sent (`SentNotice`,
`RoundNotice`, an offer's `reminded_at`…), exactly as those tasks record it, and nobody is
mailed. Afterwards only what falls due from now on is sent.
"""

from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from commonground.accounts.mail import recorded_not_sent

MAX_PASSES = 5  # a notice can make another due (a feedback round opened, then its reminder)


def _count(result: Any) -> int:
    if isinstance(result, dict):
        return sum(value for value in result.values() if isinstance(value, int))
    return int(result or 0)


def record_past_notices() -> int:
    """Run every periodic task, mail held back, until a pass records nothing; return how many were recorded."""
    recorded = 0
    with recorded_not_sent():
        for _ in range(MAX_PASSES):
            this_pass = sum(_count(import_string(path).call()) for path in settings.PERIODIC_TASKS)
            recorded += this_pass
            if not this_pass:
                break
    return recorded
