"""Writes for co-design: every one keyword-only, inside a transaction, leaving a trace where it matters."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import (
    NEXT_STATES,
    AuditAction,
    AuditEvent,
    ChallengeTeam,
    Comment,
    Formation,
    Interest,
    Issue,
    IssueState,
    Milestone,
    Outcome,
    Showcase,
    StateChange,
    Support,
    TeamDocument,
    TeamMember,
    TeamUpdate,
)
from commonground.grouping.engine.teams import Member, TeamProblem, TeamsError, TeamSpec, form_teams
from commonground.network.models import EncounterSource
from commonground.network.services import record_encounters
from commonground.programmes.models import Cohort, Membership, Organisation, Place, Programme

TEAM_TIME_LIMIT = 2.0  # seconds of search when a lead forms teams from the page


def _audit(
    *,
    programme: Programme,
    actor: Person | None,
    action: AuditAction,
    obj: object,
    label: str,
    reason: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        programme=programme,
        actor=actor,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=getattr(obj, "pk", 0) or 0,
        object_label=label[:300],
        reason=reason[:300],
    )


# -- Issues ---------------------------------------------------------------------------------------


@transaction.atomic
def propose_issue(
    *,
    programme: Programme,
    person: Person,
    place: Place | None,
    title: str,
    problem: str,
    affects: str,
    evidence: str = "",
    organisations: Iterable[Organisation] = (),
) -> Issue:
    """A new issue for a place of the programme's system (or the whole system), proposed by a member."""
    if place is not None and place.system_id != programme.system_id:
        raise ValidationError({"place": "Choose a place in this programme's system."})
    chosen = list(organisations)
    if any(o.system_id != programme.system_id for o in chosen):
        raise ValidationError(
            {"organisations": "Choose organisations from this programme's system."}
        )
    issue = Issue.objects.create(
        programme=programme,
        place=place,
        title=title.strip(),
        problem=problem.strip(),
        affects=affects.strip(),
        evidence=evidence.strip(),
        proposed_by=person,
    )
    issue.organisations.set(chosen)
    return issue


@transaction.atomic
def support_issue(*, issue: Issue, person: Person) -> bool:
    """Add one person's support; a second click (even a simultaneous one) changes nothing. True when added."""
    if not issue.is_open_for_support:
        raise ValidationError("This issue is no longer open for support.")
    try:
        with (
            transaction.atomic()
        ):  # a savepoint: the unique constraint decides between simultaneous clicks
            Support.objects.create(issue=issue, person=person)
    except IntegrityError:
        return False
    Issue.objects.filter(pk=issue.pk).update(supporter_count=F("supporter_count") + 1)
    return True


@transaction.atomic
def withdraw_support(*, issue: Issue, person: Person) -> bool:
    """Withdraw one person's support, recorded in the audit trail. True when there was one."""
    deleted, _ = Support.objects.filter(issue=issue, person=person).delete()
    if not deleted:
        return False
    Issue.objects.filter(pk=issue.pk).update(supporter_count=F("supporter_count") - 1)
    _audit(
        programme=issue.programme,
        actor=person,
        action=AuditAction.SUPPORT_WITHDRAWN,
        obj=issue,
        label=f"Support for #{issue.pk} {issue.title}",
    )
    return True


@transaction.atomic
def add_comment(*, issue: Issue, author: Person, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write a comment before posting."})
    return Comment.objects.create(issue=issue, author=author, body=body)


@transaction.atomic
def hide_comment(*, comment: Comment, moderator: Person, reason: str) -> Comment:
    """Hide a comment from members (they see that a moderator hid it, and why); kept in the audit trail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason for hiding the comment."})
    if comment.is_hidden:
        raise ValidationError("This comment is already hidden.")
    comment.hidden_at = timezone.now()
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    author = comment.author.full_name if comment.author else "a former member"
    _audit(
        programme=comment.issue.programme,
        actor=moderator,
        action=AuditAction.COMMENT_HIDDEN,
        obj=comment,
        label=f"Comment by {author} on #{comment.issue_id}: {comment.body[:200]}",
        reason=reason,
    )
    return comment


@transaction.atomic
def change_state(*, issue: Issue, actor: Person, to_state: str, reason: str = "") -> Issue:
    """Move an issue to its next state (leads only, checked by the view); every move is recorded."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    reason = reason.strip()
    if to_state not in NEXT_STATES.get(issue.state, ()):
        raise ValidationError(
            {
                "state": f"An issue that is {issue.get_state_display().lower()} cannot become "
                f"{IssueState(to_state).label.lower() if to_state in IssueState.values else to_state}."
            }
        )
    if to_state == IssueState.CLOSED and not reason:
        raise ValidationError({"reason": "Give a reason for closing the issue."})
    StateChange.objects.create(
        issue=issue, actor=actor, from_state=issue.state, to_state=to_state, reason=reason
    )
    _audit(
        programme=issue.programme,
        actor=actor,
        action=AuditAction.STATE_CHANGED,
        obj=issue,
        label=f"#{issue.pk} {issue.title}: {IssueState(issue.state).label} → {IssueState(to_state).label}",
        reason=reason,
    )
    issue.state = to_state
    issue.closed_reason = reason if to_state == IssueState.CLOSED else ""
    issue.save(update_fields=["state", "closed_reason"])
    return issue


@transaction.atomic
def merge_issues(*, duplicate: Issue, into: Issue, actor: Person) -> Issue:
    """Close a duplicate as merged into another issue: its supporters carry over once, its comments stay linked."""
    if duplicate.pk == into.pk:
        raise ValidationError({"into": "An issue cannot be merged into itself."})
    if duplicate.programme_id != into.programme_id:
        raise ValidationError({"into": "Choose an issue of this programme."})
    # Lock both rows in id order, so two merges (or a merge and a click) cannot deadlock.
    locked = {
        i.pk: i
        for i in Issue.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.state == IssueState.CLOSED:
        raise ValidationError({"into": "This issue is already closed."})
    if into.state == IssueState.CLOSED:
        raise ValidationError({"into": f"#{into.pk} is closed; choose an open issue."})
    already = set(Support.objects.filter(issue=into).values_list("person_id", flat=True))
    carried = [
        Support(issue=into, person_id=pid)
        for pid in Support.objects.filter(issue=duplicate).values_list("person_id", flat=True)
        if pid not in already
    ]
    Support.objects.bulk_create(
        carried, ignore_conflicts=True
    )  # someone may support `into` this moment
    into.supporter_count = Support.objects.filter(issue=into).count()
    into.save(update_fields=["supporter_count"])
    reason = f"Merged into #{into.pk}"
    StateChange.objects.create(
        issue=duplicate,
        actor=actor,
        from_state=duplicate.state,
        to_state=IssueState.CLOSED,
        reason=reason,
    )
    duplicate.state = IssueState.CLOSED
    duplicate.closed_reason = reason
    duplicate.merged_into = into
    duplicate.save(update_fields=["state", "closed_reason", "merged_into"])
    _audit(
        programme=into.programme,
        actor=actor,
        action=AuditAction.ISSUE_MERGED,
        obj=duplicate,
        label=f"#{duplicate.pk} {duplicate.title} → #{into.pk} {into.title}",
        reason=f"{len(carried)} supporter(s) carried over",
    )
    return into


# -- Interest -------------------------------------------------------------------------------------


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


@transaction.atomic
def save_interest(
    *, programme: Programme, person: Person, cohort: Cohort | None, ranking: Sequence[int]
) -> int:
    """Replace a participant's ranked interest (issue ids, 1st choice first). Returns how many they ranked."""
    if interest_locked(cohort):
        raise ValidationError(
            "The challenge teams are published, so preferences can no longer change."
        )
    allowed = {i.pk for i in issues_open_for_interest(programme, cohort)}
    if len(set(ranking)) != len(ranking):
        raise ValidationError("Give each issue a different place in your order.")
    if any(pk not in allowed for pk in ranking):
        raise ValidationError("Choose from the shortlisted issues.")
    Interest.objects.filter(programme=programme, person=person).delete()
    Interest.objects.bulk_create(
        [
            Interest(programme=programme, issue_id=pk, person=person, rank=r)
            for r, pk in enumerate(ranking, start=1)
        ]
    )
    return len(ranking)


# -- Challenge teams ------------------------------------------------------------------------------


def _organisation_sectors(person_ids: Iterable[int]) -> dict[int, tuple[int | None, str]]:
    return {
        pid: (org, sector or "")
        for pid, org, sector in Person.objects.filter(pk__in=list(person_ids)).values_list(
            "pk", "organisation_id", "organisation__sector"
        )
    }


@transaction.atomic
def form_challenge_teams(
    *,
    cohort: Cohort,
    issues: Sequence[Issue],
    min_size: int,
    max_size: int,
    actor: Person | None,
    time_limit: float = TEAM_TIME_LIMIT,
    seed: int = 1,
    max_iterations: int | None = None,
) -> Formation:
    """Form (or form again, before publishing) one team per chosen issue from the cohort's ranked interest."""
    formation, _ = Formation.objects.select_for_update().get_or_create(cohort=cohort)
    if formation.is_published:
        raise ValidationError("These teams are already published.")
    chosen = {i.pk: i for i in issues}
    if not chosen:
        raise ValidationError({"issues": "Choose at least one shortlisted issue."})
    if any(
        i.state != IssueState.SHORTLISTED or i.programme_id != cohort.programme_id
        for i in chosen.values()
    ):
        raise ValidationError({"issues": "Choose shortlisted issues of this programme."})
    in_cohort = Membership.objects.participants().filter(cohort=cohort).values("person_id")
    ranked: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pid, issue_id, rank in Interest.objects.filter(
        programme=cohort.programme, person_id__in=in_cohort
    ).values_list("person_id", "issue_id", "rank"):
        ranked[pid].append((rank, issue_id))
    interested = sorted(pid for pid, rows in ranked.items() if any(i in chosen for _, i in rows))
    facts = _organisation_sectors(interested)
    people = []
    for pid in interested:
        order = [issue_id for _, issue_id in sorted(ranked[pid])]
        # Keep every ranked issue (chosen or not) so a stored rank is the person's own rank.
        org, sector = facts.get(pid, (None, ""))
        people.append(
            Member(str(pid), f"o{org}" if org else "", sector, tuple(str(i) for i in order))
        )
    problem = TeamProblem(
        people=tuple(people),
        teams=tuple(TeamSpec(str(pk), min_size, max_size) for pk in sorted(chosen)),
    )
    try:
        solution = form_teams(
            problem, time_limit=time_limit, seed=seed, max_iterations=max_iterations
        )
    except TeamsError as exc:
        raise ValidationError({"issues": str(exc)}) from exc
    formation.teams.all().delete()
    figures = {f.key: f for f in solution.teams}
    teams = {
        pk: ChallengeTeam.objects.create(
            formation=formation, issue=chosen[pk], explanation=figures[str(pk)].explanation
        )
        for pk in sorted(chosen)
    }
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=teams[int(key)],
                formation=formation,
                person_id=int(pid),
                choice_rank=solution.ranks[pid],
            )
            for pid, key in solution.assignment.items()
        ]
    )
    formation.min_size, formation.max_size = min_size, max_size
    formation.formed_at, formation.formed_by = timezone.now(), actor
    formation.summary = {
        "people": solution.people,
        "first_share": round(solution.first_share, 3),
        "top_two_share": round(solution.top_two_share, 3),
        "same_organisation_pairs": solution.same_organisation_pairs,
        "same_sector_pairs": solution.same_sector_pairs,
        "seconds": round(solution.seconds, 2),
    }
    formation.save()
    return formation


def explain_team(members: Sequence[TeamMember]) -> str:
    """The explanation line for a team as it stands now (after any hand moves)."""
    orgs = [m.person.organisation_id for m in members if m.person.organisation_id]
    sectors = {m.person.organisation.sector for m in members if m.person.organisation}
    ranks = [m.choice_rank for m in members]
    same = sum(c * (c - 1) // 2 for c in _counts(orgs).values())
    parts = [f"{ranks.count(1)} got their 1st choice", f"{ranks.count(2)} their 2nd"]
    later = sum(1 for r in ranks if r is not None and r > 2)
    if later:
        parts.append(f"{later} a later choice")
    if None in ranks:
        parts.append(f"{ranks.count(None)} an issue they had not ranked")
    return (
        f"{len(members)} people from {len(set(orgs))} organisations and {len(sectors)} sectors; "
        + ", ".join(parts)
        + f"; {same} same-organisation pair{'s' if same != 1 else ''}."
    )


def _counts(values: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for v in values:
        counts[v] += 1
    return counts


@transaction.atomic
def move_member(*, formation: Formation, person_id: int, team_id: int) -> TeamMember:
    """Move one person to another team of the same cohort, within the size bounds, before publishing."""
    formation = Formation.objects.select_for_update().get(pk=formation.pk)
    if formation.is_published:
        raise ValidationError("These teams are published; people can no longer be moved.")
    member = (
        TeamMember.objects.filter(formation=formation, person_id=person_id)
        .select_related("team")
        .first()
    )
    if member is None:
        raise ValidationError({"person": "That person is not in one of these teams."})
    target = ChallengeTeam.objects.filter(formation=formation, pk=team_id).first()
    if target is None:
        raise ValidationError({"team": "Choose one of these teams."})
    if target.pk == member.team_id:
        raise ValidationError({"team": "They are already in that team."})
    sizes = _counts(
        TeamMember.objects.filter(formation=formation).values_list("team_id", flat=True)
    )
    if sizes[target.pk] >= formation.max_size:
        raise ValidationError(
            {"team": f"That team already has the most people allowed ({formation.max_size})."}
        )
    if sizes[member.team_id] <= formation.min_size:
        raise ValidationError(
            {"person": f"Their team would fall below the fewest allowed ({formation.min_size})."}
        )
    source = member.team
    rank = (
        Interest.objects.filter(person_id=person_id, issue_id=target.issue_id)
        .values_list("rank", flat=True)
        .first()
    )
    member.team, member.choice_rank = target, rank
    member.save(update_fields=["team", "choice_rank"])
    for team in (source, target):
        members = list(TeamMember.objects.filter(team=team).select_related("person__organisation"))
        team.explanation = explain_team(members)
        team.save(update_fields=["explanation"])
    return member


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def publish_teams(
    *,
    formation: Formation,
    actor: Person | None,
    notify: bool = True,
    now: dt.datetime | None = None,
) -> int:
    """Show the teams to their members, record who meets whom, and mail each member. Returns how many were mailed."""
    now = now or timezone.now()
    formation = (
        Formation.objects.select_for_update()
        .select_related("cohort__programme")
        .get(pk=formation.pk)
    )
    teams = list(formation.teams.select_related("issue"))
    if not teams:
        raise ValidationError("There are no teams to publish. Form them first.")
    members: dict[int, list[TeamMember]] = defaultdict(list)
    for m in TeamMember.objects.filter(formation=formation).select_related("person__organisation"):
        members[m.team_id].append(m)
    cohort = formation.cohort
    formation.published_at = now
    formation.save(update_fields=["published_at"])
    record_encounters(
        programme=cohort.programme,
        groups=[[m.person_id for m in members[t.pk]] for t in teams],
        source=EncounterSource.CHALLENGE_TEAM,
        source_ref=f"cohort-{cohort.pk}-challenge-teams",
        source_label=f"Challenge team in {cohort.name}",
        occurred_on=timezone.localdate(now),
    )
    _audit(
        programme=cohort.programme,
        actor=actor,
        action=AuditAction.TEAMS_PUBLISHED,
        obj=formation,
        label=f"{len(teams)} challenge teams in {cohort.name}",
    )
    told = 0
    for team in teams if notify else []:
        link = _absolute(reverse("codesign:team", args=[cohort.programme_id, team.pk]))
        for member in members[team.pk]:
            if member.notified_at is None:
                _mail_team(
                    member=member, team=team, mates=members[team.pk], cohort=cohort, link=link
                )
                told += 1
    TeamMember.objects.filter(formation=formation, notified_at__isnull=True).update(notified_at=now)
    return told


def _mail_team(
    *, member: TeamMember, team: ChallengeTeam, mates: list[TeamMember], cohort: Cohort, link: str
) -> None:
    context = {
        "person": member.person,
        "team": team,
        "issue": team.issue,
        "cohort": cohort,
        "programme": cohort.programme,
        "mates": [m for m in mates if m.person_id != member.person_id],
        "rank": member.choice_rank,
        "link": link,
    }
    to = member.person.email

    def send() -> None:
        message = EmailMultiAlternatives(
            subject=f"Your challenge team: {team.issue.title}",
            body=render_to_string("codesign/email/team_published.txt", context),
            to=[to],
        )
        message.attach_alternative(
            render_to_string("codesign/email/team_published.html", context), "text/html"
        )
        message.send()

    transaction.on_commit(send)


# -- Team workspace -------------------------------------------------------------------------------


def _member_ids(team: ChallengeTeam) -> set[int]:
    return set(TeamMember.objects.filter(team=team).values_list("person_id", flat=True))


@transaction.atomic
def add_milestone(*, team: ChallengeTeam, title: str, due_on: dt.date, owner_id: int) -> Milestone:
    if owner_id not in _member_ids(team):
        raise ValidationError({"owner": "Choose a member of the team."})
    return Milestone.objects.create(
        team=team, title=title.strip(), due_on=due_on, owner_id=owner_id
    )


@transaction.atomic
def set_milestone_done(*, milestone: Milestone, done: bool) -> Milestone:
    milestone.done_at = timezone.now() if done else None
    milestone.save(update_fields=["done_at"])
    return milestone


@transaction.atomic
def post_update(*, team: ChallengeTeam, author: Person, body: str) -> TeamUpdate:
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write the update before posting."})
    return TeamUpdate.objects.create(team=team, author=author, body=body)


@transaction.atomic
def add_document(*, team: ChallengeTeam, person: Person, title: str, url: str) -> TeamDocument:
    if not url.lower().startswith(("https://", "http://")):
        raise ValidationError({"url": "Enter a web address starting with https://."})
    return TeamDocument.objects.create(team=team, title=title.strip(), url=url, added_by=person)


@transaction.atomic
def set_partner(*, team: ChallengeTeam, partner: Organisation | None) -> ChallengeTeam:
    if partner is not None and partner.system_id != team.issue.programme.system_id:
        raise ValidationError({"partner": "Choose an organisation of this programme's system."})
    team.partner = partner
    team.save(update_fields=["partner"])
    return team


# -- Outcomes and the showcase --------------------------------------------------------------------

OUTCOME_STATES = (IssueState.ADOPTED, IssueState.IN_PROGRESS, IssueState.COMPLETED)


@transaction.atomic
def record_outcome(
    *,
    issue: Issue,
    team: ChallengeTeam | None,
    person: Person,
    what_changed: str,
    for_whom: str,
    measure: str,
    story: str,
    unit: str = "",
    before_value: Decimal | None = None,
    before_on: dt.date | None = None,
    after_value: Decimal | None = None,
    after_on: dt.date | None = None,
) -> Outcome:
    """An outcome of an adopted, in-progress or completed issue."""
    if issue.state not in OUTCOME_STATES:
        raise ValidationError(
            {"issue": "Outcomes are recorded for adopted, in-progress or completed issues."}
        )
    if team is not None and team.issue_id != issue.pk:
        raise ValidationError({"team": "Choose a team working on this issue."})
    if (before_value is not None or after_value is not None) and not unit.strip():
        raise ValidationError(
            {"unit": "Give the unit of the figures (for example: days, people, per cent)."}
        )
    if before_value is not None and before_on is None:
        raise ValidationError({"before_on": "Give the date of the figure before."})
    if after_value is not None and after_on is None:
        raise ValidationError({"after_on": "Give the date of the figure after."})
    if before_on and after_on and after_on < before_on:
        raise ValidationError(
            {"after_on": "The figure after must be dated on or after the figure before."}
        )
    return Outcome.objects.create(
        issue=issue,
        team=team,
        what_changed=what_changed.strip(),
        for_whom=for_whom.strip(),
        measure=measure.strip(),
        story=story.strip(),
        unit=unit.strip(),
        before_value=before_value,
        before_on=before_on,
        after_value=after_value,
        after_on=after_on,
        recorded_by=person,
    )


@transaction.atomic
def set_showcase_published(*, programme: Programme, actor: Person, published: bool) -> Showcase:
    """Publish the showcase as a public, read-only page (or withdraw it: its address then answers 404)."""
    showcase, _ = Showcase.objects.select_for_update().get_or_create(programme=programme)
    if published == showcase.is_published:
        return showcase
    showcase.published_at = timezone.now() if published else None
    showcase.save(update_fields=["published_at"])
    _audit(
        programme=programme,
        actor=actor,
        action=AuditAction.SHOWCASE_PUBLISHED if published else AuditAction.SHOWCASE_UNPUBLISHED,
        obj=showcase,
        label=f"Showcase of {programme.title}",
    )
    return showcase
