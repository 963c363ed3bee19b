"""Where a session's mail and calendar entries lead."""

from commonground.core.links import absolute_reverse
from commonground.schedule.models import Session


def session_link(session: Session) -> str:
    """The session's page; for one open to the whole system, the address that leads each person to
    it through their own programme (`schedule:session-open`)."""
    if session.open_to_system:
        return absolute_reverse("schedule:session-open", session.pk)
    return absolute_reverse("schedule:session-detail", session.programme_id, session.pk)
