"""Background work for the schedule: invitations, reminders, follow-ups and feedback invitations."""

from dataclasses import asdict

from django.tasks import task

from commonground.schedule.services import notices


@task()
def send_session_notices() -> dict[str, int]:
    """Send whatever is due about sessions; safe to run as often as wanted (nothing is sent twice)."""
    return asdict(notices.send_session_notices())
