"""Reads for co-design pages, each a fixed number of queries however many issues or people there are."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from commonground.accounts import audit
from commonground.accounts.models import AuditEvent, Person
from commonground.codesign.models import (
    OUTCOME_STATES,
    ChallengeTeam,
    Comment,
    Formation,
    Interest,
    Issue,
    IssueState,
    Milestone,
    Moderation,
    Outcome,
    Showcase,
    StateChange,
    Support,
    TeamDocument,
    TeamMember,
    TeamUpdate,
)
from commonground.core.inputs import parse_id
from commonground.programmes.models import Cohort, Membership, Organisation, Place, Programme
from commonground.programmes.permissions import ProgrammeAccess
from commonground.programmes.where import attach, here

SORTS = {"supported": ("-supporter_count", "-created_at", "-pk"), "newest": ("-created_at", "-pk")}


def issues(
    programme: Programme, *, place: str = "", state: str = "", sort: str = "supported"
) -> QuerySet[Issue]:
    """The programme's issues, filtered by place ("system" for whole-system ones) and state."""
    rows = Issue.objects.filter(programme=programme).select_related("place", "proposed_by")
    if place == "system":
        rows = rows.filter(place__isnull=True)
    elif (place_id := parse_id(place)) is not None:
        rows = rows.filter(place_id=place_id)
    if state:
        rows = rows.filter(state=state)
    return rows.order_by(*SORTS.get(sort, SORTS["supported"]))


def issue_rows(programme: Programme) -> QuerySet[Issue]:
    """The programme's issues, with what an issue's page shows at its top."""
    return Issue.objects.select_related("place", "proposed_by", "merged_into", "programme").filter(
        programme=programme
    )


def issue_in(programme: Programme, issue_id: int) -> Issue | None:
    return Issue.objects.filter(pk=issue_id, programme=programme).first()


def places_of(programme: Programme) -> list[Place]:
    return list(Place.objects.filter(system_id=programme.system_id))


def supported_ids(person: Person, issues: Iterable[Issue]) -> set[int]:
    """Which of these issues the person supports."""
    return set(
        Support.objects.filter(person=person, issue_id__in=[i.pk for i in issues]).values_list(
            "issue_id", flat=True
        )
    )


def supports(issue: Issue, person: Person) -> bool:
    return Support.objects.filter(issue=issue, person=person).exists()


@dataclass(frozen=True)
class IssueDetail:
    """What an issue's page lists: its discussion, merged duplicates, teams, history and outcomes."""

    comments: list[Comment]
    merged: list[Issue]
    merged_comments: list[Comment]
    organisations: list[Organisation]
    teams: list[ChallengeTeam]
    changes: list[StateChange]
    outcomes: list[Outcome]
    supported: bool


def issue_detail(issue: Issue, person: Person) -> IssueDetail:
    """Everything the issue page shows; each comment's author has `where` set to where they work
    in the programme's system."""
    comments = list(issue.comments.select_related("author", "hidden_by"))
    attach(
        (c.author for c in comments if c.author is not None), system_id=issue.programme.system_id
    )
    merged = list(issue.merged_issues.all())
    merged_comments = (
        list(Comment.objects.filter(issue__in=merged).select_related("author", "issue"))
        if merged
        else []
    )
    teams = list(
        ChallengeTeam.objects.filter(
            issue=issue, formation__published_at__isnull=False
        ).select_related("formation__cohort", "partner")
    )
    return IssueDetail(
        comments=comments,
        merged=merged,
        merged_comments=merged_comments,
        organisations=list(issue.organisations.all()),
        teams=teams,
        changes=list(issue.state_changes.select_related("actor")),
        outcomes=list(issue.outcomes.all()),
        supported=supports(issue, person),
    )


def comments_of(issue: Issue) -> QuerySet[Comment]:
    return Comment.objects.select_related("author", "issue__programme").filter(issue=issue)


def moderation_events(programme: Programme) -> QuerySet[AuditEvent]:
    """Co-design's rows of the audit trail for this programme, newest first."""
    return audit.for_programme(programme.pk, what=Moderation.values)


@dataclass(frozen=True)
class ModerationLine:
    """One line of the leads' moderation history: the trail's row, told from the objects it names."""

    at: dt.datetime
    who: str
    what: str
    about: str
    reason: str
    issue_id: int | None


def moderation_history(events: Iterable[AuditEvent]) -> list[ModerationLine]:
    """Lines for these rows of the trail, in six queries however many: who from their current name,
    what it was about and why from the moderated object (gone, or erased, it says so)."""
    rows = list(events)
    ids: dict[str, set[int]] = defaultdict(set)
    for e in rows:
        ids[e.what].add(e.object_id or 0)
    comments = Comment.objects.select_related("author", "issue").in_bulk(ids[Moderation.COMMENT_HIDDEN])
    issues = Issue.objects.in_bulk(ids[Moderation.SUPPORT_WITHDRAWN])
    changes = StateChange.objects.select_related("issue__merged_into").in_bulk(
        ids[Moderation.STATE_CHANGED] | ids[Moderation.ISSUE_MERGED]
    )
    formations = Formation.objects.select_related("cohort__programme").in_bulk(ids[Moderation.TEAMS_PUBLISHED])
    showcases = Showcase.objects.select_related("programme").in_bulk(
        ids[Moderation.SHOWCASE_PUBLISHED] | ids[Moderation.SHOWCASE_UNPUBLISHED]
    )
    names = audit.names(e.actor_id for e in rows)

    def told(e: AuditEvent) -> tuple[str, str, int | None]:
        """What the row is about, why, and the issue to link to."""
        pk = e.object_id or 0
        if e.what == Moderation.COMMENT_HIDDEN:
            c = comments.get(pk)
            if c is None:
                return "A comment since deleted", "", None
            author = c.author.full_name if c.author else "a former member"
            return f"Comment by {author} on #{c.issue_id} {c.issue.title}", c.hidden_reason, c.issue_id
        if e.what == Moderation.SUPPORT_WITHDRAWN:
            i = issues.get(pk)
            return (f"Support for #{i.pk} {i.title}", "", i.pk) if i else ("An issue since deleted", "", None)
        if e.what in (Moderation.STATE_CHANGED, Moderation.ISSUE_MERGED):
            sc = changes.get(pk)
            if sc is None:
                return "An issue since deleted", "", None
            issue = sc.issue
            if e.what == Moderation.ISSUE_MERGED and issue.merged_into is not None:
                into = issue.merged_into
                return f"#{issue.pk} {issue.title} → #{into.pk} {into.title}", sc.reason, issue.pk
            moved = f"{IssueState(sc.from_state).label} → {IssueState(sc.to_state).label}"
            return f"#{issue.pk} {issue.title}: {moved}", sc.reason, issue.pk
        if e.what == Moderation.TEAMS_PUBLISHED:
            f = formations.get(pk)
            return (f"Challenge teams in {f.cohort.name}" if f else "Challenge teams since deleted"), "", None
        s = showcases.get(pk)
        return (f"Showcase of {s.programme.title}" if s else "The showcase"), "", None

    lines = []
    for e in rows:
        about, reason, issue_id = told(e)
        who = names.get(e.actor_id or 0) or ("Someone no longer on Common Ground" if e.actor_id else "–")
        lines.append(ModerationLine(e.at, who, Moderation(e.what).label, about, reason, issue_id))
    return lines


# -- Interest -------------------------------------------------------------------------------------


def own_cohort(cohort_ids: Iterable[int]) -> Cohort | None:
    """The first of these cohorts (a participant's own), with its place."""
    return Cohort.objects.filter(pk__in=cohort_ids).select_related("place").order_by("pk").first()


def issues_open_for_interest(programme: Programme, cohort: Cohort | None) -> list[Issue]:
    """Shortlisted issues a participant of this cohort may rank: their cohort's place and the whole system."""
    issues = Issue.objects.filter(programme=programme, state=IssueState.SHORTLISTED).select_related(
        "place"
    )
    if cohort is not None and cohort.place_id is not None:
        issues = issues.filter(place__isnull=True) | issues.filter(place_id=cohort.place_id)
    return list(issues.order_by("title", "pk"))


def interest_locked(cohort: Cohort | None) -> bool:
    """Preferences stay changeable until the cohort's teams are published."""
    return (
        cohort is not None
        and Formation.objects.filter(cohort=cohort, published_at__isnull=False).exists()
    )


def interest_of(programme: Programme, person: Person) -> list[Interest]:
    """The person's ranked interest, 1st choice first."""
    return list(Interest.objects.filter(programme=programme, person=person).select_related("issue"))


# -- Challenge teams ------------------------------------------------------------------------------


def cohorts_of(programme: Programme) -> QuerySet[Cohort]:
    return Cohort.objects.select_related("place", "programme").filter(programme=programme)


def cohorts_by_name(access: ProgrammeAccess) -> list[Cohort]:
    """The cohorts the viewer may see, by name."""
    return list(access.visible_cohorts().order_by("name"))


def formation_of(cohort: Cohort) -> Formation | None:
    return Formation.objects.filter(cohort=cohort).first()


@dataclass(frozen=True)
class FormationBoard:
    """A cohort's challenge-teams page: interest in each open issue, and the teams formed so far."""

    formation: Formation | None
    open_issues: list[Issue]
    interest_counts: dict[int, int]  # issue id -> people who ranked it
    first_counts: dict[int, int]  # issue id -> people who ranked it first
    teams: list[ChallengeTeam]
    members: dict[int, list[TeamMember]]  # team id -> its members


def formation_board(programme: Programme, cohort: Cohort) -> FormationBoard:
    formation = formation_of(cohort)
    open_issues = issues_open_for_interest(programme, cohort)
    in_cohort = Membership.objects.participants().filter(cohort=cohort).values("person_id")
    interest_counts: dict[int, int] = defaultdict(int)
    first_counts: dict[int, int] = defaultdict(int)
    for issue_id, rank in Interest.objects.filter(
        person_id__in=in_cohort, issue__in=open_issues
    ).values_list("issue_id", "rank"):
        interest_counts[issue_id] += 1
        first_counts[issue_id] += rank == 1
    teams = list(formation.teams.select_related("issue", "partner")) if formation else []
    members: dict[int, list[TeamMember]] = defaultdict(list)
    if formation:
        rows = list(
            TeamMember.objects.filter(formation=formation)
            .select_related("person")
            .order_by("person__full_name", "pk")
        )
        attach((m.person for m in rows), system_id=programme.system_id)
        for m in rows:
            members[m.team_id].append(m)
    return FormationBoard(formation, open_issues, interest_counts, first_counts, teams, members)


def teams_of(person_id: int, programme: Programme) -> list[ChallengeTeam]:
    """Published teams the person is in."""
    return list(
        ChallengeTeam.objects.filter(
            formation__cohort__programme=programme,
            members__person_id=person_id,
            formation__published_at__isnull=False,
        )
        .select_related("issue", "formation__cohort")
        .order_by("issue__title")
    )


def published_teams(programme: Programme) -> list[ChallengeTeam]:
    """Every published team of the programme, by cohort and issue."""
    return list(
        ChallengeTeam.objects.filter(
            formation__cohort__programme=programme, formation__published_at__isnull=False
        )
        .select_related("issue", "formation__cohort", "partner")
        .order_by("formation__cohort__name", "issue__title")
    )


# -- Team workspace -------------------------------------------------------------------------------


def teams_in(programme: Programme) -> QuerySet[ChallengeTeam]:
    return ChallengeTeam.objects.select_related(
        "issue__place", "formation__cohort", "partner"
    ).filter(formation__cohort__programme=programme)


def is_member(team: ChallengeTeam, person: Person) -> bool:
    return TeamMember.objects.filter(team=team, person=person).exists()


def member_choices(team: ChallengeTeam) -> list[tuple[int, str]]:
    """(person id, name) of each member, for choosing a milestone's owner."""
    return list(TeamMember.objects.filter(team=team).values_list("person_id", "person__full_name"))


@dataclass(frozen=True)
class Workspace:
    members: list[TeamMember]
    milestones: list[Milestone]
    updates: list[TeamUpdate]  # the latest 50
    documents: list[TeamDocument]


def workspace(team: ChallengeTeam, system_id: int) -> Workspace:
    """The team's workspace; each member's `where` is their affiliation in the programme's system."""
    members = list(TeamMember.objects.filter(team=team).select_related("person"))
    attach((m.person for m in members), system_id=system_id)
    return Workspace(
        members=members,
        milestones=list(team.milestones.select_related("owner")),
        updates=list(team.updates.select_related("author")[:50]),
        documents=list(team.documents.all()),
    )


def milestones_of(team: ChallengeTeam) -> QuerySet[Milestone]:
    return Milestone.objects.filter(team=team)


# -- Outcomes and the showcase --------------------------------------------------------------------


def outcome_issues(programme: Programme, *, among: Iterable[int] | None = None) -> list[Issue]:
    """Issues an outcome may be recorded for (only those with ids `among`, when given)."""
    rows = Issue.objects.filter(programme=programme, state__in=OUTCOME_STATES)
    if among is not None:
        rows = rows.filter(pk__in=list(among))
    return list(rows.order_by("title", "pk"))


def published_team_for(issue: Issue) -> ChallengeTeam | None:
    """The first published team working on the issue."""
    return (
        ChallengeTeam.objects.filter(issue=issue, formation__published_at__isnull=False)
        .order_by("pk")
        .first()
    )


def showcase_of(programme: Programme) -> Showcase | None:
    return Showcase.objects.filter(programme=programme).first()


def published_showcase(token: str) -> Showcase | None:
    return (
        Showcase.objects.filter(token=token, published_at__isnull=False)
        .select_related("programme")
        .first()
    )


@dataclass(frozen=True)
class ShowcaseRow:
    outcome: Outcome
    organisations: list[str]
    names: list[str]


def showcase_rows(programme: Programme) -> list[ShowcaseRow]:
    """Every outcome of the programme, with the organisations (where members work in the
    programme's system) and names of the team behind it."""
    outcomes = list(
        Outcome.objects.filter(issue__programme=programme)
        .select_related("issue__place", "team__partner", "team__formation__cohort")
        .order_by("-created_at", "-pk")
    )
    team_ids = {o.team_id for o in outcomes if o.team_id}
    orgs: dict[int, set[str]] = defaultdict(set)
    names: dict[int, list[str]] = defaultdict(list)
    for team_id, name, org in (
        TeamMember.objects.filter(team_id__in=team_ids)
        .alias(work=here(programme.system_id))
        .values_list("team_id", "person__full_name", "work__organisation__name")
        .order_by("person__full_name")
    ):
        names[team_id].append(name)
        if org:
            orgs[team_id].add(org)
    return [
        ShowcaseRow(o, sorted(orgs.get(o.team_id or 0, ())), names.get(o.team_id or 0, []))
        for o in outcomes
    ]
