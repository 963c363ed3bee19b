"""Writes on challenge teams: forming them from ranked interest, moving people, publishing them."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import Person
from commonground.codesign.models import (
    ChallengeTeam,
    Formation,
    Interest,
    Issue,
    IssueState,
    Moderation,
    TeamMember,
)
from commonground.codesign.services.audit import record_moderation
from commonground.core.links import absolute_reverse
from commonground.core.mail import send_templated_on_commit
from commonground.grouping.teams import Candidate, TeamFormationError, form_mixed_teams
from commonground.network.models import EncounterSource
from commonground.network.services import record_encounters
from commonground.programmes.models import Affiliation, Cohort, Membership
from commonground.programmes.where import attach, by_person, here

TEAM_TIME_LIMIT = 2.0  # seconds of search when a lead forms teams from the page


def _organisation_sectors(
    person_ids: Iterable[int], *, system_id: int
) -> dict[int, tuple[int | None, str]]:
    """Each person's organisation and sector where they work in the system."""
    return {
        pid: (org, sector or "")
        for pid, org, sector in Person.objects.filter(pk__in=list(person_ids))
        .alias(work=here(system_id, through=""))
        .values_list("pk", "work__organisation_id", "work__organisation__sector")
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
    request: HttpRequest | None = None,
) -> Formation:
    """Form (or form again, before publishing) one team per chosen issue from the cohort's ranked interest.
    The audit trail records, in one insert, each person whose team or rank changed."""
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
    facts = _organisation_sectors(interested, system_id=cohort.programme.system_id)
    candidates = []
    for pid in interested:
        order = [issue_id for _, issue_id in sorted(ranked[pid])]
        # Keep every ranked issue (chosen or not) so a stored rank is the person's own rank.
        org, sector = facts.get(pid, (None, ""))
        candidates.append(Candidate(pid, org, sector, tuple(order)))
    try:
        solution = form_mixed_teams(
            candidates=candidates,
            team_keys=sorted(chosen),
            min_size=min_size,
            max_size=max_size,
            time_limit=time_limit,
            seed=seed,
            max_iterations=max_iterations,
        )
    except TeamFormationError as exc:
        raise ValidationError({"issues": str(exc)}) from exc
    before = {
        pid: (issue_id, rank)
        for pid, issue_id, rank in TeamMember.objects.filter(formation=formation).values_list(
            "person_id", "team__issue_id", "choice_rank"
        )
    }
    formation.teams.all().delete()
    teams = {
        pk: ChallengeTeam.objects.create(
            formation=formation, issue=chosen[pk], explanation=solution.explanations[pk]
        )
        for pk in sorted(chosen)
    }
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                team=teams[key],
                formation=formation,
                person_id=pid,
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
    after = {pid: (key, solution.ranks[pid]) for pid, key in solution.assignment.items()}
    _record_places(before, after, formation=formation, programme_id=cohort.programme_id, actor=actor, request=request)
    return formation


def _record_places(
    before: Mapping[int, tuple[int, int | None]],
    after: Mapping[int, tuple[int, int | None]],
    *,
    formation: Formation,
    programme_id: int,
    actor: Person | None,
    request: HttpRequest | None,
) -> None:
    """Who changed team (by issue) or rank when teams were formed again, one row each in one insert."""
    changed: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for pid in sorted(set(before) | set(after)):
        (was_issue, was_rank), (issue, rank) = before.get(pid, (None, None)), after.get(pid, (None, None))
        fields = tuple(f for f, differs in (("team", was_issue != issue), ("choice_rank", was_rank != rank)) if differs)
        if fields:
            changed[fields].append(pid)
    audit.changes(
        *(audit.Change("challenge_team_member", pids, fields, formation.pk) for fields, pids in changed.items()),
        request=request, actor_id=actor.pk if actor is not None else None,
        programme_id=programme_id,
    )


def explain_team(members: Sequence[TeamMember], works: Mapping[int, Affiliation]) -> str:
    """The explanation line for a team as it stands now (after any hand moves); `works` is where
    members work in the programme's system, by person id."""
    found = [w for m in members if (w := works.get(m.person_id)) is not None]
    orgs = [w.organisation_id for w in found if w.organisation_id]
    sectors = {w.organisation.sector for w in found if w.organisation}
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
def move_member(
    *,
    formation: Formation,
    person_id: int,
    team_id: int,
    actor: Person | None = None,
    request: HttpRequest | None = None,
) -> TeamMember:
    """Move one person to another team of the same cohort, within the size bounds, before publishing.
    The audit trail records the move for them (by `actor`, or the signed-in person of `request`)."""
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
    fields = ["team"] if rank == member.choice_rank else ["team", "choice_rank"]
    member.team, member.choice_rank = target, rank
    member.save(update_fields=["team", "choice_rank"])
    programme_id, system_id = Cohort.objects.values_list("programme_id", "programme__system_id").get(
        pk=formation.cohort_id
    )
    audit.changed_many(
        subject_ids=[person_id], what="challenge_team_member", fields=fields, request=request,
        actor_id=actor.pk if actor is not None else None, object_id=target.pk, programme_id=programme_id,
    )
    for team in (source, target):
        members = list(TeamMember.objects.filter(team=team))
        works = by_person(system_id=system_id, person_ids=[m.person_id for m in members])
        team.explanation = explain_team(members, works)
        team.save(update_fields=["explanation"])
    return member


@transaction.atomic
def publish_teams(
    *,
    formation: Formation,
    actor: Person | None,
    notify: bool = True,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
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
    rows = list(TeamMember.objects.filter(formation=formation).select_related("person"))
    # The e-mails name where each team-mate works in the programme's system.
    attach((m.person for m in rows), system_id=formation.cohort.programme.system_id)
    for m in rows:
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
    record_moderation(
        kind=Moderation.TEAMS_PUBLISHED, programme=cohort.programme, actor=actor, obj=formation, request=request
    )
    told = 0
    for team in teams if notify else []:
        link = absolute_reverse("codesign:team", cohort.programme_id, team.pk)
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
    send_templated_on_commit(
        "codesign/email/team_published",
        subject=f"Your challenge team: {team.issue.title}",
        to=member.person.email,
        context=context,
    )
