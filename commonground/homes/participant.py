"""A participant's home: their next session with its reply, what waits for their answer, their
learning set and challenge team, goals coming due and what is new on the local issues they follow.

Every read is one of the features' own (`schedule.queries`, `network.queries`,
`development.queries`, `grouping.queries`, `codesign.queries`) or, where a feature has none for
this question, one query here on its models; none is made per row, so the page runs the same
number of queries whatever the programme's size.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from commonground.codesign import queries as codesign_queries
from commonground.codesign.models import ChallengeTeam, Comment, Issue, IssueState, StateChange
from commonground.development import queries as development_queries
from commonground.development.models import Goal, GoalStatus
from commonground.grouping import queries as grouping_queries
from commonground.grouping.models import LearningSet
from commonground.network import queries as network_queries
from commonground.network.models import RosterConsent, TieReport
from commonground.programmes.permissions import ProgrammeAccess
from commonground.schedule.forms.sessions import ReplyForm
from commonground.schedule.models import Invitation, Reply, Session, SessionStatus
from commonground.schedule.queries import sessions_for

GOALS_AHEAD = dt.timedelta(days=90)  # goals dated within three months (or overdue) are "due soon"
GOALS_SHOWN = 3
NEWS_SINCE = dt.timedelta(days=30)
NEWS_SHOWN = 5
SOON = dt.timedelta(days=7)  # an answer or a session this close makes the section urgent


@dataclass(frozen=True)
class NextSession:
    session: Session
    invitation: Invitation | None
    can_reply: bool
    form: ReplyForm

    @property
    def unanswered(self) -> bool:
        return self.can_reply and self.invitation is not None and self.invitation.reply == Reply.INVITED


@dataclass(frozen=True)
class Ask:
    """Something open that waits for the participant's answer, until `closes_at`."""

    what: str
    title: str
    url: str
    closes_at: dt.datetime


@dataclass(frozen=True)
class News:
    """One new thing on a local issue the participant proposed or supports."""

    issue: Issue
    words: str
    at: dt.datetime


@dataclass(frozen=True)
class ParticipantHome:
    next_session: NextSession | None
    asks: list[Ask]
    sets: list[LearningSet]
    teams: list[ChallengeTeam]
    goals: list[Goal]
    news: list[News]

    @property
    def urgent(self) -> bool:
        soon = timezone.now() + SOON
        replying = self.next_session is not None and self.next_session.unanswered
        return bool(self.asks) or (replying and self.next_session is not None and self.next_session.session.starts_at < soon)


def participant_home(access: ProgrammeAccess) -> ParticipantHome:
    now = timezone.now()
    return ParticipantHome(
        next_session=next_session(access, now),
        asks=sorted(_survey_asks(access, now) + _development_asks(access), key=lambda a: (a.closes_at, a.title)),
        sets=[s.learning_set for s in grouping_queries.my_published_sets(access.person, access.programme)],
        teams=codesign_queries.teams_of(access.person.pk, access.programme),
        goals=_goals_due(access, now),
        news=_issue_news(access, now),
    )


def next_session(access: ProgrammeAccess, now: dt.datetime) -> NextSession | None:
    """The participant's next session not cancelled, with their invitation and the schedule's reply form."""
    session = (
        sessions_for(access.person, access.programme, everyone=False)
        .filter(starts_at__gt=now)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("module")
        .order_by("starts_at", "pk")
        .first()
    )
    if session is None:
        return None
    invitation = Invitation.objects.filter(session=session, person=access.person).first()
    answer = invitation.reply if invitation and invitation.reply in (Reply.ATTENDING, Reply.APOLOGIES) else None
    form = ReplyForm(initial={"answer": answer, "reason": invitation.apology_reason if invitation else ""})
    return NextSession(session, invitation, can_reply=invitation is not None, form=form)


def _survey_asks(access: ProgrammeAccess, now: dt.datetime) -> list[Ask]:
    """Open relationship-survey rounds not yet answered: to the survey's page until the person has
    chosen whether to be listed, then to the round's list; nothing for someone who chose not to be."""
    rounds = [r for r in network_queries.rounds_for(access.person, access.programme) if r.is_open(now)]
    if not rounds:
        return []
    consent = RosterConsent.objects.filter(person=access.person, programme=access.programme).first()
    if consent is not None and not consent.listed:
        return []
    answered = set(
        TieReport.objects.filter(round__in=rounds, reporter=access.person).values_list("round_id", flat=True)
    )
    pid = access.programme.pk
    return [
        Ask(
            "Relationship survey",
            str(r.get_kind_display()),
            reverse("network:roster", args=[pid, r.pk]) if consent else reverse("network:home", args=[pid]),
            r.closes_at,
        )
        for r in rounds
        if r.pk not in answered
    ]


def _development_asks(access: ProgrammeAccess) -> list[Ask]:
    """Open development rounds (check-ins, session feedback) the person has not answered."""
    return [
        Ask(
            "Session feedback" if mine.round.session_id else mine.round.instrument.name,
            mine.round.title or str(mine.round.get_kind_display()),
            reverse("development:respond", args=[access.programme.pk, mine.round.pk]),
            mine.round.closes_at,
        )
        for mine in development_queries.my_rounds(access.person, access.programme)
        if mine.is_open and mine.response is None
    ]


def _goals_due(access: ProgrammeAccess, now: dt.datetime) -> list[Goal]:
    """The person's own goals still open whose date is within three months or passed, soonest first."""
    return list(
        Goal.objects.filter(
            person=access.person, programme=access.programme, by_when__lte=(now + GOALS_AHEAD).date()
        )
        .exclude(status__in=[GoalStatus.ACHIEVED, GoalStatus.DROPPED])
        .order_by("by_when", "pk")[:GOALS_SHOWN]
    )


def _issue_news(access: ProgrammeAccess, now: dt.datetime) -> list[News]:
    """What happened in the last 30 days on the issues the person proposed or supports: for each,
    how many comments others wrote and the state it moved to, the latest first (three queries)."""
    person = access.person
    followed = Issue.objects.filter(programme=access.programme).filter(
        Q(proposed_by=person) | Q(supports__person=person)
    ).values("pk")
    since = now - NEWS_SINCE
    comments = {
        row["issue_id"]: (row["n"], row["last"])
        for row in Comment.objects.filter(issue_id__in=followed, created_at__gte=since, hidden_at__isnull=True)
        .exclude(author=person)
        .values("issue_id")
        .annotate(n=Count("pk"), last=Max("created_at"))
        .order_by()
    }
    moved: dict[int, tuple[str, dt.datetime]] = {}
    for issue_id, to_state, at in (
        StateChange.objects.filter(issue_id__in=followed, at__gte=since).order_by("at", "pk").values_list("issue_id", "to_state", "at")
    ):
        moved[issue_id] = (str(IssueState(to_state).label).lower(), at)  # the latest move wins
    news = []
    for pk, issue in Issue.objects.in_bulk(set(comments) | set(moved)).items():
        words, times = [], []
        if pk in moved:
            words.append(f"now {moved[pk][0]}")
            times.append(moved[pk][1])
        if pk in comments:
            n, last = comments[pk]
            words.append(f"{n} new comment{'s' if n != 1 else ''}")
            times.append(last)
        news.append(News(issue, "; ".join(words).capitalize(), max(times)))
    return sorted(news, key=lambda n: (n.at, n.issue.pk), reverse=True)[:NEWS_SHOWN]
