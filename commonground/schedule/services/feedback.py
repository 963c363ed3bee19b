"""Feedback after a session: the schedule knows when it is due and whom it asks; the form belongs
to the development app, above us.

The development app registers an opener with `on_feedback_due` in its `AppConfig.ready()`. When a
session has ended, the periodic notice run calls `open_feedback`, which hands the opener what a
round needs (`FeedbackDue`) and mails the address it returns, once, to the people the feedback asks
(`queries.feedback_asked`). With no opener registered there is no feedback to ask for.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone

from commonground.programmes.models import Cohort, Programme
from commonground.schedule.models import NoticeKind, Session
from commonground.schedule.queries import feedback_asked
from commonground.schedule.services.mail import notify


@dataclass(frozen=True)
class FeedbackDue:
    """A session that has ended, as its feedback round sees it."""

    programme: Programme
    cohort: Cohort | None  # the session's cohort when it is for exactly one, else None
    session: Session  # the session that ended, which the round names
    title: str  # the session's title and date, e.g. "Launch day, 3 March 2025"
    held_at: dt.datetime  # when the session ended


class FeedbackOpener(Protocol):
    def __call__(self, due: FeedbackDue) -> str:
        """Open the session's feedback round (once per session) and return its form's full address."""
        ...


_opener: FeedbackOpener | None = None


def on_feedback_due(opener: FeedbackOpener) -> None:
    """Have `opener` open each session's feedback round when it is due (call from
    `AppConfig.ready()`); registering again replaces it."""
    global _opener
    _opener = opener


def open_feedback(session: Session) -> int:
    """Open the session's feedback round (once) and invite, once each, the people it asks; returns how many were told."""
    asked = sorted(feedback_asked(session))
    if not asked or _opener is None:
        return 0
    cohort_ids = list(session.cohorts.values_list("pk", flat=True))
    cohort = Cohort.objects.get(pk=cohort_ids[0]) if len(cohort_ids) == 1 else None
    link = _opener(
        FeedbackDue(
            programme=session.programme,
            cohort=cohort,
            session=session,
            title=f"{session.title}, {timezone.localtime(session.starts_at):%-d %B %Y}",
            held_at=session.ends_at,
        )
    )
    return notify(session, NoticeKind.FEEDBACK, asked, key="", extra={"feedback_link": link})
