"""Demo data for the codesign app, called from seed_demo.

Each place gets a handful of proposed issues in its own words, with supporters and a discussion
(one comment hidden by a moderator, one support withdrawn: both in the audit trail). Eight issues
are shortlisted (see below); up to `INTERESTED` participants per cohort rank
them; the first two cohorts' challenge teams are formed by the engine and published, with
milestones, updates, document links and a partner; two outcomes with figures before and after
are on the published showcase. Every write is a bulk insert, and the work per cohort is capped,
so 20,000 participants cost the same seconds as 400.
"""

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from commonground.accounts.models import Person
from commonground.codesign.models import (
    ChallengeTeam,
    Comment,
    Interest,
    Issue,
    IssueState,
    Milestone,
    Moderation,
    Outcome,
    StateChange,
    Support,
    TeamDocument,
    TeamMember,
    TeamUpdate,
)
from commonground.codesign.services import outcomes as outcome_services
from commonground.codesign.services import teams as team_services
from commonground.codesign.services.audit import record_moderation
from commonground.programmes.models import Cohort, Organisation, Programme, Role

INTERESTED = 60  # participants per cohort who rank shortlisted issues
MAX_SUPPORTERS = 45
TEAM_ITERATIONS = 20_000  # fixed, so the demo is the same every time

# (title, the problem, who it affects, evidence)
PLACE_ISSUES: list[tuple[str, str, str, str]] = [
    (
        "Delayed discharge from hospital",
        "People who are medically fit to leave hospital wait days for care at home or a care-home place, "
        "and each service waits for another to move first.",
        "Older people in hospital, their families, ward staff and home-care providers.",
        "On a typical day around 80 beds across the place hold someone medically fit to leave.",
    ),
    (
        "Loneliness in older people living alone",
        "Many older people see nobody for days; loneliness shows up later as falls, low mood and A&E visits.",
        "Older people living alone, especially after a bereavement or a stay in hospital.",
        "Community groups and GP practices both report people asking for company rather than treatment.",
    ),
    (
        "Keeping care workers in post",
        "Home-care and care-home staff leave within the first year; agencies fill the gaps at a high cost.",
        "Care workers, the people they support, and care providers.",
        "Providers report a third of new starters leaving within twelve months.",
    ),
    (
        "Digital exclusion and online appointments",
        "More services are booked online, but many residents have no device, no data or no confidence to use them.",
        "Older residents, people on low incomes, people whose first language is not English.",
        "Library staff help dozens of people a week to book GP and council appointments.",
    ),
    (
        "Housing conditions that make people ill",
        "Damp, cold and overcrowded homes bring children and older people back to the GP and to hospital.",
        "Families in private rented homes, children with asthma, older people in cold homes.",
        "Health visitors and housing officers see the same addresses again and again.",
    ),
    (
        "Young people's mental health waiting times",
        "Young people wait months for support; schools, GPs and the voluntary sector each hold part of the answer.",
        "Young people aged 11 to 18 and their families, school staff.",
        "Referrals to children's mental health services have risen every year for five years.",
    ),
]
SYSTEM_ISSUES: list[tuple[str, str, str, str]] = [
    (
        "One care record people only tell once",
        "People repeat their story to every service because records do not follow them.",
        "Anyone using several services, especially people with long-term conditions.",
        "Patient groups list 'telling my story again' as their first frustration.",
    ),
    (
        "Joined-up support for unpaid carers",
        "Carers are often identified late, and support differs between councils, the NHS and charities.",
        "Unpaid carers of all ages, including young carers.",
        "Carers' organisations estimate most carers in the system are not known to any service.",
    ),
]
COMMENTS = [
    "We see this every week on our ward: the delays start well before the day of discharge.",
    "Our volunteers could help here if we knew who to contact in each team.",
    "The council's reablement team would want to be part of this.",
    "There are good examples elsewhere that we could learn from.",
    "Could we start with one neighbourhood and see what works?",
    "Faith groups already run lunch clubs that many people do not know about.",
]
HIDDEN_COMMENT = "Ward 7 sent Mrs T home without her medicines again last Friday."
MILESTONES = [
    "Map how things work today with people who use the service",
    "Agree one change to test",
    "Test the change for six weeks",
    "Share what we learnt at the celebration event",
]
UPDATES = [
    "We met the discharge team and the home-care providers together for the first time.",
    "Three of us shadowed each other's services this week; the hand-offs are where time is lost.",
    "The partner organisation has agreed to host our test.",
]


def seed_codesign_demo(
    *, programme: Programme, participants: list[tuple[Person, Cohort]], rng: random.Random
) -> None:
    """Issues, supports, a discussion, interest, two cohorts' published teams, outcomes and the showcase."""
    now = timezone.now()
    lead = (
        Person.objects.filter(memberships__programme=programme, memberships__role=Role.LEAD)
        .order_by("pk")
        .first()
    )
    by_cohort: dict[int, list[Person]] = defaultdict(list)
    cohorts: dict[int, Cohort] = {}
    for person, cohort in participants:
        by_cohort[cohort.pk].append(person)
        cohorts[cohort.pk] = cohort
    order = [participants[0][1].pk, *sorted(pk for pk in cohorts if pk != participants[0][1].pk)]
    organisations = list(
        Organisation.objects.filter(system_id=programme.system_id).values_list("pk", flat=True)
    )

    # Issues: a handful per place, two for the whole system.
    issues: list[Issue] = []
    authors: list[list[Person]] = []
    for index, cohort_id in enumerate(order):
        people = by_cohort[cohort_id]
        bank = PLACE_ISSUES[index % 2 :] + PLACE_ISSUES[: index % 2]
        for title, problem, affects, evidence in bank[:5]:
            issues.append(
                Issue(
                    programme=programme,
                    place_id=cohorts[cohort_id].place_id,
                    title=title,
                    problem=problem,
                    affects=affects,
                    evidence=evidence,
                    proposed_by=rng.choice(people),
                )
            )
            authors.append(people)
    everyone = [p for p, _ in participants]
    for title, problem, affects, evidence in SYSTEM_ISSUES:
        issues.append(
            Issue(
                programme=programme,
                place=None,
                title=title,
                problem=problem,
                affects=affects,
                evidence=evidence,
                proposed_by=rng.choice(everyone),
            )
        )
        authors.append(everyone)
    Issue.objects.bulk_create(issues)
    Issue.organisations.through.objects.bulk_create(
        [
            Issue.organisations.through(issue_id=issue.pk, organisation_id=org)
            for issue in issues
            for org in rng.sample(organisations, min(3, len(organisations)))
        ]
    )

    # Supports and comments.
    supports: list[Support] = []
    comments: list[Comment] = []
    for issue, people in zip(issues, authors, strict=True):
        backers = rng.sample(people, min(len(people), rng.randint(3, MAX_SUPPORTERS)))
        supports.extend(Support(issue=issue, person=p) for p in backers)
        issue.supporter_count = len(backers)
        for text in rng.sample(COMMENTS, rng.randint(1, 3)):
            comments.append(Comment(issue=issue, author=rng.choice(people), body=text))
    first = issues[0]
    hidden = Comment(
        issue=first,
        author=rng.choice(authors[0]),
        body=HIDDEN_COMMENT,
        hidden_at=now,
        hidden_by=lead,
        hidden_reason="It names a patient; please describe what happened without names.",
    )
    comments.append(hidden)
    Support.objects.bulk_create(supports)
    Comment.objects.bulk_create(comments)
    withdrawn = next(s for s in supports if s.issue_id == issues[1].pk)
    Support.objects.filter(pk=withdrawn.pk).delete()
    issues[1].supporter_count -= 1
    Issue.objects.bulk_update(issues, ["supporter_count"])
    record_moderation(
        kind=Moderation.COMMENT_HIDDEN, programme=programme, actor=lead, obj=hidden,
        subject_id=hidden.author_id,
    )
    record_moderation(
        kind=Moderation.SUPPORT_WITHDRAWN, programme=programme, actor=withdrawn.person, obj=issues[1],
        subject_id=withdrawn.person_id,
    )

    # Shortlisting (eight in all): the most supported issue of each place (the two most supported in the
    # places whose teams are formed), and both system-wide ones.
    shortlisted: list[Issue] = []
    for index in range(len(order)):
        place_issues = issues[index * 5 : index * 5 + 5]
        shortlisted.extend(
            sorted(place_issues, key=lambda i: -i.supporter_count)[: 2 if index < 2 else 1]
        )
    shortlisted.extend(issues[-2:])
    _move(shortlisted, IssueState.SHORTLISTED, lead)

    # Interest: up to INTERESTED participants per cohort rank the issues open to them.
    interests: list[Interest] = []
    open_to: dict[int, list[Issue]] = {}
    keen_by_cohort: dict[int, int] = {}
    for cohort_id in order:
        cohort = cohorts[cohort_id]
        options = [i for i in shortlisted if i.place_id in (None, cohort.place_id)]
        open_to[cohort_id] = options
        people = by_cohort[cohort_id]
        keen = [people[0], *rng.sample(people[1:], min(len(people) - 1, INTERESTED - 1))]
        keen_by_cohort[cohort_id] = len(keen)
        popularity = [rng.randint(1, 4) for _ in options]
        for person in keen:
            ranked: list[Issue] = []
            wanted = rng.randint(2, len(options))
            while len(ranked) < wanted:
                pick = rng.choices(options, weights=popularity)[0]
                if pick not in ranked:
                    ranked.append(pick)
            interests.extend(
                Interest(programme=programme, issue=i, person=person, rank=r)
                for r, i in enumerate(ranked, start=1)
            )
    Interest.objects.bulk_create(interests)

    # Teams for the first two cohorts, formed by the engine and published (no mail from the demo).
    teams: list[ChallengeTeam] = []
    for cohort_id in order[:2]:
        cohort = cohorts[cohort_id]
        keen_count, k = keen_by_cohort[cohort_id], len(open_to[cohort_id])
        if keen_count < 2 * k:
            continue  # too few people in this cohort for a team per issue
        low, high = max(2, keen_count // k // 2), -(-keen_count // k) * 2
        formation = team_services.form_challenge_teams(
            cohort=cohort,
            issues=open_to[cohort_id],
            min_size=low,
            max_size=high,
            actor=lead,
            time_limit=5.0,
            seed=1,
            max_iterations=TEAM_ITERATIONS,
        )
        team_services.publish_teams(formation=formation, actor=lead, notify=False, now=now)
        teams.extend(formation.teams.select_related("issue"))
    adopted = list({t.issue_id: t.issue for t in teams}.values())
    _move(adopted, IssueState.ADOPTED, lead)
    _move(adopted[:2], IssueState.IN_PROGRESS, lead)
    _move(adopted[:1], IssueState.COMPLETED, lead)

    # The workspace: members' milestones, updates, links and a partner.
    members: dict[int, list[int]] = defaultdict(list)
    for team_id, person_id in TeamMember.objects.filter(team__in=teams).values_list(
        "team_id", "person_id"
    ):
        members[team_id].append(person_id)
    start = timezone.localdate(now)
    milestones: list[Milestone] = []
    updates: list[TeamUpdate] = []
    documents: list[TeamDocument] = []
    for team in teams:
        ids = members[team.pk]
        team.partner_id = rng.choice(organisations)
        for step, title in enumerate(MILESTONES):
            milestones.append(
                Milestone(
                    team=team,
                    title=title,
                    due_on=start + dt.timedelta(days=30 * (step + 1)),
                    owner_id=rng.choice(ids),
                    done_at=now if step == 0 else None,
                )
            )
        updates.extend(
            TeamUpdate(team=team, author_id=rng.choice(ids), body=text) for text in UPDATES[:2]
        )
        documents.append(
            TeamDocument(
                team=team,
                title="Our shared plan",
                added_by_id=ids[0],
                url=f"https://documents.example.org/challenge-teams/{team.pk}/plan",
            )
        )
    ChallengeTeam.objects.bulk_update(teams, ["partner"])
    Milestone.objects.bulk_create(milestones)
    TeamUpdate.objects.bulk_create(updates)
    TeamDocument.objects.bulk_create(documents)

    # Outcomes with figures before and after, and the public showcase.
    if not teams:
        return
    by_issue = {t.issue_id: t for t in teams}
    a, b = adopted[0], adopted[min(1, len(adopted) - 1)]
    Outcome.objects.bulk_create(
        [
            Outcome(
                issue=a,
                team=by_issue[a.pk],
                what_changed="A shared daily huddle between the ward, home care and the "
                "council's reablement team decides each discharge together.",
                for_whom="Older people ready to leave hospital, and their families",
                measure="Average days from medically fit to leaving hospital",
                unit="days",
                before_value=Decimal("6.4"),
                before_on=start - dt.timedelta(days=200),
                after_value=Decimal("4.1"),
                after_on=start - dt.timedelta(days=10),
                story="Nobody owned the hand-off between services. Once the people who did met every morning, "
                "the waiting shrank within weeks.",
                recorded_by_id=members[by_issue[a.pk].pk][0],
            ),
            Outcome(
                issue=b,
                team=by_issue[b.pk],
                what_changed="Volunteers from faith and community groups now phone "
                "people who live alone after they leave hospital.",
                for_whom="Older people living alone",
                measure="People receiving a weekly call",
                unit="people",
                before_value=Decimal("0"),
                before_on=start - dt.timedelta(days=150),
                after_value=Decimal("86"),
                after_on=start - dt.timedelta(days=7),
                story="A GP receptionist, a housing officer and a church volunteer found they were worried about "
                "the same people.",
                recorded_by_id=members[by_issue[b.pk].pk][0],
            ),
        ]
    )
    if lead is not None:
        outcome_services.set_showcase_published(programme=programme, actor=lead, published=True)


def _move(issues: list[Issue], to_state: str, lead: Person | None) -> None:
    """Record each issue's move to `to_state` in bulk, as a lead would have made it."""
    StateChange.objects.bulk_create(
        [StateChange(issue=i, actor=lead, from_state=i.state, to_state=to_state) for i in issues]
    )
    for issue in issues:
        issue.state = to_state
    Issue.objects.bulk_update(issues, ["state"])
