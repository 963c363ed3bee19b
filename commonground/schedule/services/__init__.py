"""Writes for the schedule, one module per kind: keyword-only and typed, each in one transaction.

- `sessions`: modules, and scheduling, changing, moving and cancelling sessions;
- `invitations`: who is invited, replies and the waiting list;
- `mail`: every message about a session, recorded once and mailed on commit;
- `notices`: the periodic run (reminders, follow-ups, notes to the leads, feedback invitations);
- `feedback`: feedback after a session, opened by the app that registers with `on_feedback_due`;
- `feeds`: personal calendar feeds.

Reads live in `schedule.queries`; registers and check-in in `schedule.attendance`, table plans in
`schedule.tables`.
"""
