"""Background work for personal development: invitations and reminders for survey rounds."""

from django.tasks import task

from commonground.development import services


@task()
def send_development_notices() -> dict[str, int]:
    """Invite and remind for every open round; safe to run as often as wanted (nothing is sent twice)."""
    summary = services.send_round_notices()
    return {"invitations": summary.invitations, "reminders": summary.reminders}
