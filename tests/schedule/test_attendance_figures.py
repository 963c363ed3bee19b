"""Attendance figures against a table worked out by hand, the at-risk list, suppression and query counts.

Six East participants, four ended sessions (S4 had no register taken), one cancelled and one future
session that never count. P = present, L = late, A = absent, Ap = marked apologies, r = sent
apologies in their reply and not marked, - = not marked, W = waiting list, x = not invited.

           S1  S2  S3  S4 (no register)   offered attended apologies absent not-recorded rate
    P1     P   P   L   -                  4       3        0         0      1            3/3 100%
    P2     P   r   P   -                  4       2        1         0      1            2/3  67%
    P3     L   P   P   r                  4       3        1         0      0            3/4  75%
    P4     A   -   A   -                  4       0        0         3      1            0/3   0%  at risk
    P5     P   Ap  A   -                  4       1        1         1      1            1/3  33%
    P6     P   P   W   -                  3       2        0         0      1            2/2 100%
    all                                   23      11       3         4      5           11/18 61%

P1–P5 work for Riverside Trust (NHS acute), P6 for Hillside Charity: the charity's and the
voluntary sector's rows hold one person, so every figure of theirs is hidden; so are the small
counts (3 apologies, 4 absences), and enough others that none can be worked out by subtraction.
"""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.programmes.models import Affiliation, Membership, Role, Sector
from commonground.schedule import attendance
from commonground.schedule.attendance_figures import attendance_figures
from commonground.schedule.attendance_people import at_risk
from commonground.schedule.models import Attendance, Invitation, Mark, Reply, SessionStatus
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session

GRID = {
    "S1": {"P1": "P", "P2": "P", "P3": "L", "P4": "A", "P5": "P", "P6": "P"},
    "S2": {"P1": "P", "P2": "r", "P3": "P", "P4": "-", "P5": "Ap", "P6": "P"},
    "S3": {"P1": "L", "P2": "P", "P3": "P", "P4": "A", "P5": "A", "P6": "W"},
    "S4": {"P1": "-", "P2": "-", "P3": "r", "P4": "-", "P5": "-", "P6": "-"},
}
MARKS = {"P": Mark.PRESENT, "L": Mark.LATE, "A": Mark.ABSENT, "Ap": Mark.APOLOGIES}
EXPECTED_PEOPLE = {
    #     offered attended apologies absent unrecorded rate%
    "P1": (4, 3, 0, 0, 1, 100),
    "P2": (4, 2, 1, 0, 1, 67),
    "P3": (4, 3, 1, 0, 0, 75),
    "P4": (4, 0, 0, 3, 1, 0),
    "P5": (4, 1, 1, 1, 1, 33),
    "P6": (3, 2, 0, 0, 1, 100),
}


def figures_of(line: attendance.FigureLine) -> tuple[int | None, ...]:
    return (
        line.offered,
        line.attended,
        line.apologies,
        line.absent,
        line.unrecorded,
        line.rate_percent,
    )


def build(world: World, *, extra_people: int = 0) -> dict[str, Person]:
    trust = factories.OrganisationFactory(
        system=world.programme.system, name="Riverside Trust", sector=Sector.NHS_ACUTE
    )
    charity = factories.OrganisationFactory(
        system=world.programme.system, name="Hillside Charity", sector=Sector.VOLUNTARY_COMMUNITY
    )
    people = {
        f"P{i}": factories.PersonFactory(
            full_name=f"P{i}", organisation=trust if i < 6 else charity
        )
        for i in range(1, 7)
    }
    for person in people.values():
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
    # P1 also leads another programme: that membership must not double their rows.
    factories.MembershipFactory(
        person=people["P1"], programme=world.other_programme, role=Role.LEAD
    )
    crowd = Person.objects.bulk_create(
        [
            Person(email=f"crowd{i}@example.org", full_name=f"Crowd {i}")
            for i in range(extra_people)
        ]
    )
    Affiliation.objects.bulk_create(
        [Affiliation(person=p, system=world.programme.system, organisation=trust) for p in crowd]
    )
    Membership.objects.bulk_create(
        [
            Membership(
                person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west
            )
            for p in crowd
        ]
    )
    now = timezone.now()
    for day, (name, column) in zip([40, 30, 20, 10], GRID.items(), strict=True):
        invited = [people[key] for key, code in column.items()] + list(crowd)
        session = make_session(
            world,
            name,
            starts_at=now - dt.timedelta(days=day),
            invite=invited,
            cohorts=[world.east, world.west],
        )
        for key, code in column.items():
            if code == "r":
                Invitation.objects.filter(session=session, person=people[key]).update(
                    reply=Reply.APOLOGIES
                )
            if code == "W":
                Invitation.objects.filter(session=session, person=people[key]).update(
                    reply=Reply.WAITING
                )
            if code in MARKS:
                Attendance.objects.create(session=session, person=people[key], mark=MARKS[code])
        Attendance.objects.bulk_create(
            [
                Attendance(session=session, person=p, mark=Mark.PRESENT)
                for p in crowd
                if name != "S4"
            ]
        )
        if name == "S1":  # staff invited and marked never count
            Invitation.objects.create(session=session, person=world.fred)
            Attendance.objects.create(session=session, person=world.fred, mark=Mark.PRESENT)
    cancelled = make_session(
        world,
        "Cancelled",
        starts_at=now - dt.timedelta(days=5),
        invite=list(people.values()),
        status=SessionStatus.CANCELLED,
    )
    Attendance.objects.create(session=cancelled, person=people["P4"], mark=Mark.ABSENT)
    make_session(
        world, "Future", starts_at=now + dt.timedelta(days=5), invite=list(people.values())
    )
    return people


def test_the_figures_match_the_hand_computed_table(world: World) -> None:
    people = build(world)
    offered = attendance.offered_invitations(world.programme)
    by_name = {
        line.label: figures_of(line)
        for line in attendance.person_lines(attendance.person_figures(offered))
    }
    assert by_name == EXPECTED_PEOPLE
    published = attendance_figures(offered)
    # What was counted, before disclosure control: the hand-computed table.
    cells = published.publication.cells
    columns = ("offered", "attended", "apologies", "absent", "unrecorded")
    assert [cells[f"all.{c}"] for c in columns] == [23, 11, 3, 4, 5]
    assert [cells[f"sector.{Sector.NHS_ACUTE}.{c}"] for c in columns] == [20, 9, 3, 4, 4]
    assert [cells[f"sector.{Sector.VOLUNTARY_COMMUNITY}.{c}"] for c in columns] == [3, 2, 0, 0, 1]
    # What is shown: 3 apologies and 4 absences are small; "not recorded" (5) would give the
    # charity's 1 away beside the trust's 4, so it is hidden too, and the one-person rows (but for
    # their zeros, which identify nobody).
    assert figures_of(published.totals[0]) == (23, 11, None, None, None, None)
    assert [(line.label, figures_of(line)) for line in published.cohorts] == [
        ("East Surrey cohort", (23, 11, None, None, None, None)),
    ]
    organisations = {line.label: line for line in published.organisations}
    assert figures_of(organisations["Hillside Charity"]) == (None, None, 0, 0, None, None)  # zeros shown
    sectors = {line.label: line for line in published.sectors}
    assert figures_of(sectors[Sector.VOLUNTARY_COMMUNITY.label]) == (None, None, 0, 0, None, None)
    assert all(r.safe for r in published.publication.ranges().values())
    risky = at_risk(offered)
    assert [(r.name, r.last_sessions) for r in risky] == [("P4", ("S3", "S2"))]
    assert people["P4"].pk == risky[0].person_id


def test_the_lead_sees_the_at_risk_person_at_the_top_and_hidden_figures(world: World) -> None:
    build(world)
    client = Client()
    client.force_login(world.lena)
    response = client.get(reverse("schedule:attendance-figures", args=[world.programme.pk]))
    page = response.text
    assert page.index("1 person is at risk of dropping out") < page.index("By cohort")
    assert "P4</a>, Riverside Trust (East Surrey cohort): missed S3 and S2" in page
    # The whole programme at a glance: its small counts (3 apologies, 4 absences) hidden there too.
    glance = page[page.index('aria-label="Whole programme"'): page.index("How these figures are counted")]
    assert glance.count('cg-suppressed">not shown') == 2
    # Behind the tabs, every table: totals, sectors and organisations hide 3, 5 and 3 cells each twice.
    months, tables = page[page.index('id="by-month"'): page.index('id="by-cohort"')], page[page.index('id="by-cohort"'): page.index('id="completion"')]
    assert tables.count('cg-suppressed">not shown') == 2 * 3 + 2 * 5 + 2 * 3
    # The charts draw the same published figures: a hidden one is a gap in the picture and its table.
    assert "Attendance by cohort" in tables and "Attendance by sector" in tables
    assert "Attendance over the programme, by month" in months
    assert months.count('cg-suppressed">not shown') == months.count('class="cg-graph__gap"')
    cohort_chart = re.search(r'<svg[^>]*chart-attendance-cohorts-title.*?</svg>', tables, re.S)
    assert cohort_chart is not None
    hidden_rates = [line.label for line in response.context["cohorts"] if line.rate_percent is None]
    assert cohort_chart.group(0).count('class="cg-graph__gap"') == len(hidden_rates) == 1


def test_a_facilitator_sees_only_the_cohorts_of_their_sessions(world: World) -> None:
    build(world)
    make_session(
        world,
        "West only",
        cohorts=[world.west],
        invite=[world.carol],
        facilitators=[world.fred],
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    Attendance.objects.create(
        session=world.programme.sessions.get(title="West only"),
        person=world.carol,
        mark=Mark.PRESENT,
    )
    # The East sessions name nobody, so any facilitator takes their registers: name someone else on them.
    frida = factories.PersonFactory(full_name="Frida Facilitator")
    for session in world.programme.sessions.exclude(title="West only"):
        session.facilitators.add(frida)
    client = Client()
    client.force_login(world.fred)
    response = client.get(reverse("schedule:attendance-figures", args=[world.programme.pk]))
    assert [line.label for line in response.context["people"]] == ["Carol Charity"]
    assert [line.label for line in response.context["cohorts"]] == ["Guildford and Waverley cohort"]


@pytest.mark.parametrize("extra", [0, 40])
def test_the_figures_page_runs_a_fixed_number_of_queries(world: World, extra: int) -> None:
    build(world, extra_people=extra)
    client = Client()
    client.force_login(world.lena)
    url = reverse("schedule:attendance-figures", args=[world.programme.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # Completion adds five: the module days, the participants by days attended, and the three of
    # the participant figures its table is linked to.
    assert len(queries) <= 21, [q["sql"][:120] for q in queries]
