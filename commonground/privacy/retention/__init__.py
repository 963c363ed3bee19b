"""Retention: each kind of data goes (or loses its link to a person) when its period, set per
programme in whole months, has run out. `apply_retention` is the one service that does it; the
command `apply_retention`, the periodic task, the lead's page and the system administrator's page
all read the same rules here.

The rules, as of today (`timezone.localdate()`, so a frozen clock moves them):

- **Journal entries** of a programme are deleted N months after the programme ends (`ends_on`).
- **Wellbeing and self-assessment answers** (`development.Response`) and **relationship survey
  marks** (`network.TieReport`) of a programme's rounds are pseudonymised N months after its end.
- **Equality monitoring answers** (`development.EqualityAnswers`) are deleted N months after the
  end: they serve only the programme's figures of whom it reached.
- **Applications not accepted** are deleted N months after their last decision (or their submission
  when none was recorded). One still open (submitted, waiting, offered) when the programme ends
  counts from the later of that date and the end; an accepted application is the participant's
  record and stays. Nominations and unconfirmed copies tied to a deleted application go with it.
  An applicant whom nothing else holds once it goes (no role, no other application, no other
  programme data, not staff or a system's administrator, not named as anyone's sponsor or nominee)
  is erased, account and all, by `privacy/erasure.py` (see `leftover.py`).
- **Consents withdrawn or replaced** (`accounts.ConsentRecord`) are deleted N months after they
  ended (72 by default: they prove what was agreed, as long as the audit trail is kept); a consent
  in force stays as long as the person does.
- **The audit trail** of a programme is deleted when N months old (72 by default: six years).
  Deletion goes through `AuditQuerySet.purge`, the trail's one deliberate way out.

Audit rows and ended consents tied to no (remaining) programme keep the default periods and are
handled by runs over every programme.

"N months after day D" is the day with D's number N months later, or that month's last day when
it has no such day (31 August + 6 months = 28 or 29 February); the data goes on that day, not the
day before. A row stamped with a time counts from its date in the site's time zone.

Pseudonymising means this. The answers and marks point at a person through required links, and
the figures need them whole: a mark joins two people, and a person's baseline and end answers are
compared. So each person with answers (or marks) in the programme gets a pseudonym there: a new,
inactive account with a random address, no name, no password, no role and no place of work, and
their rows are moved onto it, a batch of people per UPDATE. Rows keep their values, so they can
still be counted and the before-and-after changes still paired, but nothing records whom a
pseudonym stands for (accounts are made in a shuffled order, so not even their ids follow the
people's). Answers and marks get separate pseudonyms, so neither helps to identify the other. The
person's download and erasure no longer reach these rows. Pages that read answers and marks
through people's current roles and roster consent (the live figures and maps) no longer count them.

Each programme is handled in its own transaction, its row locked first, so a task and a command
running together do one programme one after the other. A dry run counts the same rows and changes
nothing. Every run is recorded (`RetentionRun`) for the lead's and the system administrator's pages;
a run a person starts names them in its trigger and in the audit trail.

Modules: `dates` (the calendar), `due` (what is due and what comes later), `pseudonyms`,
`leftover` (accounts left with nothing), `run` (doing it and recording it), `actions` (a person's
writes: the periods, a run now).
"""

from commonground.privacy.retention.actions import preview, run_now, set_policy
from commonground.privacy.retention.dates import add_months, last_day_due
from commonground.privacy.retention.due import (
    KINDS,
    Upcoming,
    due_now,
    due_on,
    policy_for,
    upcoming,
)
from commonground.privacy.retention.run import (
    ACCOUNTS,
    LABELS,
    NO_PROGRAMME,
    REPORTED,
    DueChanged,
    RetentionResult,
    apply_retention,
    apply_to_programme,
    counts_in,
    describe,
    last_runs,
)

__all__ = [
    "ACCOUNTS", "KINDS", "LABELS", "NO_PROGRAMME", "REPORTED", "DueChanged", "RetentionResult", "Upcoming",
    "add_months", "apply_retention", "apply_to_programme", "counts_in", "describe", "due_now", "due_on",
    "last_day_due", "last_runs", "policy_for", "preview", "run_now", "set_policy", "upcoming",
]
