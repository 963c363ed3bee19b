"""The disclosure audit: every role reads every figure page and export it can open, and an integer
programme bounds every hidden cell from everything that role saw (see tests/disclosure_audit.py).

The programme is built with small, awkward counts:

- 18 participants: East cohort 12 (East place), West cohort 6 (West place).
- Sectors: NHS acute 1 (Alice, alone), adult social care 11, voluntary 4, faith 2; one more
  NHS organisation of the system has nobody on the programme.
- Self-assessment: East baseline 7 answers, end 6 (6 pairs); West baseline 6, end 1 (a round
  with 1 answer, 1 pair).
- Session feedback: "Trust" (Community Action) in East, 8 came, 6 answered; in West, 5 came,
  3 answered. "Housing" (Faith Group) in West, 4 came, 2 answered (a partner with 2 answers).
  Registers taken, so attendance counts too; those who did not come had sent apologies, so a
  sponsor reading the session pages meets 4, 2 and 1 apologies.
- Relationship survey: East start 10 listed, 6 answered; West start 6 listed, 3 answered.

A leak is a hidden cell whose range, given everything the role saw, holds fewer than 5 values
(and a count from 1 to 4 shown outright fails too).

The audit reads pages through their context and exports through their files, so the same two
files run against an earlier version of the product: `git archive <commit> | tar -x -C DIR`, copy
tests/disclosure_audit.py and this file into DIR/tests, and run pytest there (see
docs/algorithms/disclosure.md for what it found before disclosure control was one module).
"""

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from commonground.accounts.models import Person, Seniority
from commonground.development import catalogue, equality
from commonground.development import services as development
from commonground.development.models import Instrument, Round, RoundKind
from commonground.network import services as network
from commonground.network.models import RosterConsent, SurveyRound
from commonground.network.models import RoundKind as SurveyKind
from commonground.programmes.models import SECTOR_FAMILY, Membership, Role, Sector, SectorFamily
from commonground.reporting import services as reports
from commonground.schedule.models import Attendance, Invitation, Mark, Module, Reply, Session
from tests import factories
from tests.disclosure_audit import AuditResult, Structure, read_role

ROLES = ("funder", "sponsor", "facilitator", "participant", "lead")
PACK_READERS = ("funder", "lead")


@dataclass
class Awkward:
    structure: Structure
    people: dict[str, Person]
    make_packs: Callable[[], None]


def _answer_self_assessment(survey_round: Round, person: Person, level: int) -> None:
    definition = survey_round.instrument_version.parsed
    answers = {i.key: (6 - level if i.reversed else level) for i in definition.scale_items}
    development.submit_response(survey_round=survey_round, person=person, answers=answers)


@pytest.fixture
def awkward(db: None) -> Awkward:
    development.install_builtin_instruments()
    system = factories.SystemFactory(name="Awkward System")
    east_place = factories.PlaceFactory(system=system, name="East")
    west_place = factories.PlaceFactory(system=system, name="West")
    orgs = {
        name: factories.OrganisationFactory(system=system, name=name, sector=sector)
        for name, sector in [
            ("Surrey Acute", Sector.NHS_ACUTE), ("Quiet Trust", Sector.NHS_ACUTE),
            ("County Council", Sector.ADULT_SOCIAL_CARE), ("Community Action", Sector.VOLUNTARY_COMMUNITY),
            ("Faith Group", Sector.FAITH),
        ]
    }
    programme = factories.ProgrammeFactory(system=system, title="Awkward Programme")
    east = factories.CohortFactory(programme=programme, name="East cohort", place=east_place)
    west = factories.CohortFactory(programme=programme, name="West cohort", place=west_place)

    people: dict[str, Person] = {}

    def person(name: str, org: str | None = None, role: str = Role.PARTICIPANT, cohort: object = None,
               seniority: str = Seniority.FRONTLINE) -> Person:
        p = factories.PersonFactory(full_name=name, email=f"{name.lower().replace(' ', '.')}@example.org",
                                    organisation=orgs[org] if org else None, seniority=seniority)
        # A sponsor sees the organisation a lead granted them: here, the one they work for.
        granted = orgs[org] if org and role == Role.SPONSOR else None
        factories.MembershipFactory(person=p, programme=programme, role=role, cohort=cohort, organisation=granted)
        people[name] = p
        return p

    east_people = [person("Alice Acute", "Surrey Acute", cohort=east)]
    east_people += [person(f"East Council {i}", "County Council", cohort=east,
                           seniority=Seniority.TEAM_LEADER if i < 3 else Seniority.FRONTLINE) for i in range(7)]
    east_people += [person(f"East Charity {i}", "Community Action", cohort=east) for i in range(4)]
    west_people = [person(f"West Council {i}", "County Council", cohort=west,
                          seniority=Seniority.DIRECTOR if i < 2 else Seniority.FRONTLINE) for i in range(4)]
    west_people += [person(f"West Faith {i}", "Faith Group", cohort=west) for i in range(2)]
    person("Lena Lead", role=Role.LEAD)
    person("Fred Facilitator", role=Role.FACILITATOR)
    person("Fiona Funder", role=Role.FUNDER)
    person("Sam Sponsor", "County Council", role=Role.SPONSOR)
    # Equality monitoring: 9 of the 18 answered, with answers of 1, 2 and 3 people among them.
    equality_answers = (
        [{"sex": "female", "ethnic_group": "white", "age_band": "35_44", "disability": "no"}] * 5
        + [{"sex": "male", "ethnic_group": "white", "age_band": "45_54", "disability": "no"}] * 2
        + [{"sex": "male", "ethnic_group": "asian", "age_band": "25_34", "disability": "yes"}]
        + [{"sex": "prefer_not", "ethnic_group": "", "age_band": "", "disability": ""}]
    )
    for someone, answers in zip(east_people[3:] + west_people, equality_answers, strict=False):
        equality.give_equality_consent(person=someone, programme=programme)
        equality.save_equality_answers(person=someone, programme=programme, answers=answers)
    funder = factories.FunderFactory(system=system, name="Awkward Trust")
    factories.ContributionFactory(funder=funder, programme=programme, amount_committed=50000)

    now = timezone.now()
    instrument = Instrument.objects.get(key=catalogue.SELF_ASSESSMENT)
    rounds: dict[int, dict[str, object]] = {}
    changes: dict[tuple[str, str], tuple[int, int]] = {}

    def survey(cohort: object, kind: str, answering: list[Person], level: int) -> Round:
        r = development.create_round(programme=programme, cohort=cohort, instrument=instrument, kind=kind,
                                     opens_at=now - dt.timedelta(days=20 if kind == RoundKind.BASELINE else 1),
                                     closes_at=now + dt.timedelta(days=7))
        for p in answering:
            _answer_self_assessment(r, p, level)
        return r

    for cohort, members, base_n, end_n in ((east, east_people, 7, 6), (west, west_people, 6, 1)):
        base = survey(cohort, RoundKind.BASELINE, members[:base_n], 3)
        end = survey(cohort, RoundKind.END, members[:end_n], 4)
        changes[(cohort.name, instrument.name)] = (base.pk, end.pk)
        for r in (base, end):
            rounds[r.pk] = {"invited": f"P.cohort.{cohort.name}"}

    trust = Module.objects.create(programme=programme, title="Trust", partner=orgs["Community Action"])
    housing = Module.objects.create(programme=programme, title="Housing", partner=orgs["Faith Group"])
    sessions: dict[int, tuple[str, str]] = {}
    session_ids: list[int] = []
    for title, module, cohort, members, came, answered, days in (
        ("Trust in East", trust, east, east_people, 8, 6, 10),
        ("Trust in West", trust, west, west_people, 5, 3, 9),
        ("Housing in West", housing, west, west_people, 4, 2, 8),
    ):
        starts = now - dt.timedelta(days=days)
        session = Session.objects.create(programme=programme, module=module, title=title,
                                         starts_at=starts, ends_at=starts + dt.timedelta(hours=3))
        session.cohorts.set([cohort])
        session_ids.append(session.pk)
        Invitation.objects.bulk_create([
            Invitation(session=session, person=p, reply=Reply.ATTENDING if i < came else Reply.APOLOGIES)
            for i, p in enumerate(members)
        ])
        for i, p in enumerate(members):
            Attendance.objects.create(session=session, person=p, mark=Mark.PRESENT if i < came else Mark.ABSENT)
        feedback = development.open_session_feedback(programme=programme, cohort=cohort, session=session,
                                                     title=title, held_at=starts + dt.timedelta(hours=3))
        for p in members[:answered]:
            development.submit_response(survey_round=feedback, person=p, answers={"useful": 4, "recommend": 5})
        sessions[feedback.pk] = (module.title, module.partner.name)
        rounds[feedback.pk] = {"invited": f"invited.{feedback.pk}"}

    survey_rounds = []
    for cohort, members, listed_n, answering_n in ((east, east_people, 10, 6), (west, west_people, 6, 3)):
        r = SurveyRound.objects.create(programme=programme, cohort=cohort, kind=SurveyKind.START,
                                       opens_at=now - dt.timedelta(days=2), closes_at=now + dt.timedelta(days=12))
        listed = members[:listed_n]
        for p in listed:
            RosterConsent.objects.create(person=p, programme=programme, listed=True)
        for reporter, colleague in itertools.pairwise(listed):
            if listed.index(reporter) < answering_n:
                network.save_tie_marks(survey_round=r, reporter=reporter, colleague_id=colleague.pk,
                                       knows=True, worked_with=False, go_to_for_help=False)
        survey_rounds.append((r.pk, cohort.name, r.get_kind_display()))

    for r in Round.objects.filter(programme=programme).select_related("cohort", "instrument_version__instrument"):
        rounds[r.pk] |= {"label": str(r), "title": r.title, "instrument": r.instrument.name}
    sector_labels = dict(Sector.choices)
    structure = Structure(
        programme_id=programme.pk,
        places={"East": ["East cohort"], "West": ["West cohort"]},
        families={
            str(label): [str(sector_labels[s]) for s, f in SECTOR_FAMILY.items() if f == value]
            for value, label in SectorFamily.choices
        },
        sectors={
            str(label): [o.name for o in orgs.values() if o.sector == value] for value, label in Sector.choices
        },
        seniority=[str(label) for _, label in Seniority.choices],
        rounds=rounds,
        sessions=sessions,
        changes=changes,
        survey_rounds=survey_rounds,
        session_ids=session_ids,
        organisation_truth={"Surrey Acute": 1, "Quiet Trust": 0, "County Council": 11, "Community Action": 4, "Faith Group": 2},
    )

    def make_packs() -> None:
        """Report packs: the funder's for the whole programme, signed off (so the funder, granted
        for that funder, reads it too), and one for each cohort alone, which only the lead reads.
        (Drawn only for the roles that may read packs: each is a PDF as well.)"""
        Membership.objects.filter(person=people["Fiona Funder"], role=Role.FUNDER).update(funder=funder)
        lead = people["Lena Lead"]
        for chosen, cohorts in ((funder, []), (None, [east]), (None, [west])):
            pack = reports.request_pack(programme=programme, made_by=lead, funder=chosen, cohorts=cohorts)
            assert reports.build_pack(pack_id=pack.pk) == "ready"
            if chosen is not None:
                reports.sign_off(pack=pack, by=lead)

    return Awkward(structure=structure, people=people, make_packs=make_packs)


SIGN_INS = {
    "funder": "Fiona Funder",
    "sponsor": "Sam Sponsor",
    "facilitator": "Fred Facilitator",
    "participant": "Alice Acute",
    "lead": "Lena Lead",
}


def audit(awkward: Awkward, role: str) -> AuditResult:
    if role in PACK_READERS:
        awkward.make_packs()
    return read_role(_signed_in(awkward, role), awkward.structure, role)


def _signed_in(awkward: Awkward, role: str) -> Client:
    client = Client()
    client.force_login(awkward.people[SIGN_INS[role]])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_no_hidden_cell_can_be_narrowed_below_five_values(awkward: Awkward, role: str) -> None:
    result = audit(awkward, role)
    print(f"\nDISCLOSURE AUDIT {result.summary()} (pages: {', '.join(result.pages)})")
    assert result.attempts > 0, "every role sees some hidden cell in this programme"
    assert result.leaks == [] and result.shown_small == [], result.summary()


def test_the_audit_sees_what_funders_and_leads_are_shown(awkward: Awkward) -> None:
    """The audit is only as good as its reading: it reads every page and export it should."""
    funder = audit(awkward, "funder")
    lead = read_role(_signed_in(awkward, "lead"), awkward.structure, "lead")  # the packs are made already
    assert {"overview", "organisations", "evaluation", "evaluation.csv", "evaluation.xlsx", "network"} <= set(funder.pages)
    assert any(p.startswith("map.") for p in funder.pages)
    assert {"rounds", "attendance", "equality"} <= set(lead.pages) and "attendance" not in funder.pages
    assert "equality" not in funder.pages
    assert "home" in funder.pages and "home" in lead.pages
    assert "system view" in lead.pages and "system view" not in funder.pages
    sponsor = audit(awkward, "sponsor")
    assert "home" in sponsor.pages
    funder_packs = [p for p in funder.pages if p.startswith("pack.")]
    assert len(funder_packs) == 1 and len([p for p in lead.pages if p.startswith("pack.")]) == 3
