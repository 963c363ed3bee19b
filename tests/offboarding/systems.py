"""Two full systems side by side, each built from its own words: for the isolation test and the
offboarding tests.

Each system has two places, three organisations (one with a team), a programme with two cohorts,
a lead, a facilitator, three participants, a sponsor, a funder's representative, a system
administrator, a mentor from outside the programme and an applicant who is nothing else; and one of
everything a page's address can name (a session with a register, rounds with answers, an issue
with a comment and a challenge team, learning sets, an application, a quota, a mentoring match, a
report pack, an identity provider, ledger rows, a token and a webhook). Its people are shaped like
the shared `World` of tests/conftest.py, so the shared helpers that only read the world's fields
build on it too.

Every name and address is made of the words given, each word used once, so a name of one system
can appear on a page only if the page shows that system's data.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

from allauth.mfa.models import Authenticator
from django.utils import timezone

from commonground.accounts.models import ConsentRecord, Person, Seniority
from commonground.api.models import ApiToken, WebhookEndpoint
from commonground.blueprints import services as blueprint_services
from commonground.codesign.models import Comment
from commonground.development import services as development_services
from commonground.development.models import RoundKind as DevelopmentRoundKind
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from commonground.identity import services as identity_services
from commonground.identity.models import ProviderKind
from commonground.mentoring.models import Match, MatchStatus, MentorKind, MentorOffer
from commonground.network.models import RosterConsent, RoundKind, SurveyRound, TieReport
from commonground.programmes.models import (
    BudgetLine,
    Funder,
    Organisation,
    OrganisationChange,
    Role,
    Sector,
    Spend,
    SystemAdmin,
)
from commonground.recruitment.models import Application, Quota, QuotaDimension
from commonground.reporting.models import PackStatus, ReportPack
from commonground.schedule.models import Attendance, Invitation, Mark, Module, Reply
from tests import factories
from tests.codesign import objects as codesign
from tests.conftest import World
from tests.development import objects as development
from tests.schedule.attendance_permission_cases import make_session

# The people of a system, in the order their names are taken from the words.
PEOPLE = ("lead", "facilitator", "alice", "bob", "carol", "sponsor", "funder", "admin", "mentor", "applicant")
WORDS_PER_SYSTEM = 2 * len(PEOPLE) + 2 * 2 + 3 * 2 + 2 + 2 + 1  # people, places, organisations, team, system, domain


@dataclass(frozen=True)
class Names:
    """Every name and address of one system."""

    system: str
    places: tuple[str, str]
    organisations: tuple[str, str, str]
    team: str
    domain: str
    people: dict[str, tuple[str, str]]  # who → (full name, email)

    def strings(self) -> list[str]:
        """What must never be seen from another system."""
        found = [self.system, *self.places, *self.organisations, self.team]
        for name, email in self.people.values():
            found += [name, email]
        return found


def seeded_words(seed: int = 7) -> list[str]:
    """Distinct words for two systems, the same on every run."""
    rng = random.Random(seed)
    words: list[str] = []
    while len(words) < 2 * WORDS_PER_SYSTEM:
        word = "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
        if word not in words:
            words.append(word)
    return words


def names_from(words: list[str]) -> Names:
    """A system's names from WORDS_PER_SYSTEM distinct words (letters only)."""
    assert len(words) == WORDS_PER_SYSTEM, len(words)
    take: Iterator[str] = iter(w.capitalize() for w in words)

    def two() -> str:
        return f"{next(take)} {next(take)}"

    people = {}
    for who in PEOPLE:
        first, last = next(take), next(take)
        people[who] = (f"{first} {last}", f"{first.lower()}.{last.lower()}@example.org")
    return Names(
        places=(two(), two()), organisations=(two(), two(), two()), team=two(), system=two(),
        domain=f"{next(take).lower()}.example", people=people,
    )


@dataclass
class Built:
    """One system as built: the world's shape, the people beyond it, and an id for each kind of
    object a URL names."""

    world: World
    names: Names
    admin: Person
    mentor: Person
    applicant: Person
    ids: dict[str, int] = field(default_factory=dict)

    @property
    def system_id(self) -> int:
        return self.world.programme.system_id


def build(names: Names) -> Built:
    """Create one system with everything in it (its `world.other_*` point at itself until `pair`)."""
    system = factories.SystemFactory(name=names.system)
    east_place = factories.PlaceFactory(system=system, name=names.places[0])
    west_place = factories.PlaceFactory(system=system, name=names.places[1])
    acute = factories.OrganisationFactory(system=system, name=names.organisations[0], sector=Sector.NHS_ACUTE)
    council = factories.OrganisationFactory(system=system, name=names.organisations[1], sector=Sector.ADULT_SOCIAL_CARE)
    charity = factories.OrganisationFactory(
        system=system, name=names.organisations[2], sector=Sector.VOLUNTARY_COMMUNITY
    )
    for organisation, places in ((acute, [east_place]), (council, [east_place, west_place]), (charity, [west_place])):
        organisation.places.add(*places)
    ward = factories.TeamFactory(organisation=acute, name=names.team)
    programme = factories.ProgrammeFactory(system=system, title=f"{names.system} Leaders")
    east = factories.CohortFactory(programme=programme, name="East cohort", place=east_place)
    west = factories.CohortFactory(programme=programme, name="West cohort", place=west_place)

    def person(who: str, **kwargs: object) -> Person:
        name, email = names.people[who]
        return factories.PersonFactory(full_name=name, email=email, **kwargs)

    lead, fred = person("lead"), person("facilitator")
    alice = person("alice", organisation=acute, team=ward, place=east_place, accessibility_needs="Step-free access")
    bob = person("bob", organisation=council, place=east_place)
    carol = person("carol", organisation=charity, place=west_place)
    sam, fiona = person("sponsor", organisation=acute), person("funder")
    admin, mentor = person("admin"), person("mentor", organisation=charity, place=west_place)
    applicant = person("applicant")
    roles = [(lead, Role.LEAD, None), (fred, Role.FACILITATOR, None), (alice, Role.PARTICIPANT, east),
             (bob, Role.PARTICIPANT, east), (carol, Role.PARTICIPANT, west)]
    for who, role, cohort in roles:
        factories.MembershipFactory(person=who, programme=programme, role=role, cohort=cohort)
    grant = factories.MembershipFactory(person=sam, programme=programme, role=Role.SPONSOR, organisation=acute)
    funder = factories.FunderFactory(system=system, name=f"{names.system} Trust")
    factories.MembershipFactory(person=fiona, programme=programme, role=Role.FUNDER, funder=funder)
    contribution = factories.ContributionFactory(funder=funder, programme=programme, amount_committed=60000)
    SystemAdmin.objects.create(system=system, person=admin)
    for staff in (lead, fred, admin):
        factories.authenticator_app(staff)

    now = timezone.now()
    rounds = [
        SurveyRound.objects.create(programme=programme, cohort=cohort, kind=RoundKind.START,
                                   opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=13))
        for cohort in (east, west)
    ]
    for listed in (alice, bob):
        RosterConsent.objects.create(person=listed, programme=programme, listed=True)
    TieReport.objects.create(round=rounds[0], reporter=alice, colleague=bob, knows=True, worked_with=True)
    world = World(
        programme=programme, other_programme=programme, east=east, west=west, other_cohort=east,
        east_start=rounds[0], west_start=rounds[1],
        lena=lead, fred=fred, alice=alice, bob=bob, carol=carol, sam=sam, fiona=fiona, oscar=lead,
    )
    built = Built(world=world, names=names, admin=admin, mentor=mentor, applicant=applicant)
    built.ids.update(
        system_id=system.pk, programme_id=programme.pk, cohort_id=east.pk, person_id=alice.pk, place_id=east_place.pk,
        membership_id=grant.pk, funder_id=funder.pk, contribution_id=contribution.pk,
        network_round_id=rounds[0].pk,
    )
    _schedule(built, council)
    _features(built, council=council, charity=charity, funder=funder)
    return built


def _schedule(built: Built, partner: Organisation) -> None:
    w = built.world
    module = Module.objects.create(programme=w.programme, title="Leading across boundaries", partner=partner)
    session = make_session(w, "Module day", module=module, facilitators=[w.fred], starts_at=timezone.now()
                           - dt.timedelta(days=2), hours=6)
    Invitation.objects.bulk_create(
        [Invitation(session=session, person=p, reply=Reply.ATTENDING) for p in (w.alice, w.bob, w.carol)]
    )
    Attendance.objects.create(session=session, person=w.alice, mark=Mark.PRESENT, marked_by=w.fred)
    Attendance.objects.create(session=session, person=w.bob, mark=Mark.ABSENT, marked_by=w.fred)
    built.ids.update(module_id=module.pk, session_id=session.pk)


def _features(built: Built, *, council: Organisation, charity: Organisation, funder: Funder) -> None:
    w = built.world
    now = timezone.now()
    answers = development.alice_resilience_response(w)
    built.ids.update(
        development_round_id=development.east_self_assessment(w).pk, response_id=answers.pk,
        goal_id=development.alice_goal(w).pk, entry_id=development.alice_journal_entry(w).pk,
        record_id=ConsentRecord.objects.filter(person=w.alice).order_by("pk").first().pk,  # type: ignore[union-attr]
    )
    own = development_services.create_instrument(
        programme=w.programme, name="Our own check-in", kirkpatrick_level=1, scale_min=1, scale_max=5,
        rows=[development_services.ItemRow(text="I know whom to call", dimension="Connections")],
    )
    development_services.create_round(
        programme=w.programme, cohort=w.east, instrument=own, kind=DevelopmentRoundKind.CHECK_IN,
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=6),
    )
    issue = codesign.adopted_issue(w)
    comment = Comment.objects.create(issue=issue, author=w.bob, body="Weekend discharges are worst.")
    built.ids.update(issue_id=issue.pk, comment_id=comment.pk, team_id=codesign.alice_team(w).pk,
                     milestone_id=codesign.milestone(w).pk)

    run = GroupingRun.objects.create(cohort=w.east, requested_by=w.lena, status=RunStatus.DONE, finished_at=now)
    learning_set = LearningSet.objects.create(cohort=w.east, number=1, name="Set 1", run=run, published_at=now,
                                              facilitator=w.fred)
    LearningSetMember.objects.bulk_create(
        [LearningSetMember(learning_set=learning_set, cohort=w.east, person=p) for p in (w.alice, w.bob)]
    )
    built.ids.update(run_id=run.pk, set_id=learning_set.pk)

    assert w.east.place is not None
    application = Application.objects.create(
        programme=w.programme, person=built.applicant, cohort=w.east, status="submitted", organisation=council,
        place=w.east.place, job_title="Team Leader", seniority=Seniority.TEAM_LEADER, why_now="To work across.",
        consented_at=now, sponsor_name=w.sam.full_name, sponsor_email=w.sam.email,
    )
    quota = Quota.objects.create(cohort=w.east, dimension=QuotaDimension.ORGANISATION, max_share=40)
    change = OrganisationChange.objects.create(person=w.bob, system_id=built.system_id, organisation=charity)
    built.ids.update(application_id=application.pk, quota_id=quota.pk, change_id=change.pk)

    offer = MentorOffer.objects.create(programme=w.programme, person=built.mentor, kind=MentorKind.SENIOR, capacity=1)
    match = Match.objects.create(
        programme=w.programme, mentee=w.alice, offer=offer, mentor=built.mentor, status=MatchStatus.APPROVED,
        proposed_at=now, approved_at=now, approved_by=w.lena, explanation=[{"ok": True, "text": "different sector"}],
    )
    pack = ReportPack.objects.create(
        programme=w.programme, funder=funder, status=PackStatus.READY, progress=100, made_by=w.lena,
        figures={}, pdf=b"%PDF-1.7 test", xlsx=b"PK test", built_at=now, signed_off_by=w.lena, signed_off_at=now,
    )
    provider = identity_services.register(
        system=w.programme.system,
        details=identity_services.Details(
            name="Staff directory", kind=ProviderKind.OIDC, tenant="", issuer="http://127.0.0.1:9",
            client_id="common-ground", client_secret="a client secret", domains=[built.names.domain],
        ),
    )
    line = BudgetLine.objects.create(programme=w.programme, name="Venues", amount_budgeted=5000)
    spend = Spend.objects.create(budget_line=line, spent_on=w.programme.starts_on, amount=250, description="Hall hire")
    token = ApiToken.objects.create(
        person=w.alice, programme=w.programme, name="My diary", prefix=f"cg_{w.alice.pk:08x}",
        digest=f"{w.alice.pk:064x}", expires_at=now + dt.timedelta(days=30),
    )
    hook = WebhookEndpoint.objects.create(programme=w.programme, url="https://hooks.example/in", sealed_secret="x",
                                          created_by=w.lena)
    passkey = Authenticator.objects.filter(user=w.lena).order_by("pk").first()
    assert passkey is not None
    # A template the system saved from its programme (its description names the system's places and cohorts).
    template = blueprint_services.save_as_template(w.programme, name="Next intake", by=w.lena)
    built.ids.update(
        template_id=template.pk, match_id=match.pk, pack_id=pack.pk, provider_id=provider.pk, line_id=line.pk,
        spend_id=spend.pk,
        token_id=token.pk, endpoint_id=hook.pk, passkey_id=passkey.pk,
    )


def pair(a: Built, b: Built) -> None:
    """Each world's `other_*` and outsider are the other system's."""
    for one, other in ((a, b), (b, a)):
        one.world.other_programme = other.world.programme
        one.world.other_cohort = other.world.east
        one.world.oscar = other.world.lena
