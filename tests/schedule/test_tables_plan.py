"""Table plans: who is seated, rotation against earlier sessions, publishing, cards and the facilitator list."""

import datetime as dt
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.network.models import Encounter, EncounterSource
from commonground.programmes.models import Organisation, Role, Sector
from commonground.schedule import tables
from commonground.schedule.models import (
    Attendance,
    Invitation,
    Mark,
    Reply,
    Seat,
    Session,
    TablePlan,
)
from tests import factories
from tests.conftest import World
from tests.factories import where_of
from tests.schedule.attendance_permission_cases import make_session

SECTORS = [
    Sector.NHS_ACUTE,
    Sector.ADULT_SOCIAL_CARE,
    Sector.VOLUNTARY_COMMUNITY,
    Sector.PRIMARY_CARE,
]


def cohort_of(world: World, n: int) -> list[Person]:
    """n East participants from 20 organisations over 4 sectors, created in bulk."""
    orgs = [
        factories.OrganisationFactory(
            system=world.programme.system, name=f"Organisation {i}", sector=SECTORS[i % 4]
        )
        for i in range(20)
    ]
    people = Person.objects.bulk_create(
        [
            Person(email=f"seat{i}@example.org", full_name=f"Seat Person {i:03d}")
            for i in range(n)
        ]
    )
    from commonground.programmes.models import Affiliation, Membership

    Affiliation.objects.bulk_create(
        [
            Affiliation(person=p, system=world.programme.system, organisation=orgs[i % 20])
            for i, p in enumerate(people)
        ]
    )

    Membership.objects.bulk_create(
        [
            Membership(
                person=p, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
            )
            for p in people
        ]
    )
    return people


def distinct_pairs(sessions: list[Session]) -> int:
    met: set[tuple[int, int]] = set()
    for session in sessions:
        by_table: dict[int, list[int]] = {}
        for pid, table in Seat.objects.filter(plan__session=session).values_list(
            "person_id", "table"
        ):
            by_table.setdefault(table, []).append(pid)
        for members in by_table.values():
            met |= {(a, b) for a in members for b in members if a < b}
    return len(met)


def test_it_seats_100_people_at_10_tables_over_6_sessions_meeting_nearly_every_possible_colleague(
    world: World,
) -> None:
    people = cohort_of(world, 100)
    start = timezone.now() - dt.timedelta(days=70)
    sessions = [
        make_session(
            world,
            f"Day {r + 1}",
            starts_at=start + dt.timedelta(days=7 * r),
            invite=people,
            table_size=10,
        )
        for r in range(6)
    ]
    # Load the engine's compiled kernels once, outside the timing.
    tables.generate_table_plan(session=sessions[0], time_limit=0.1)
    began = time.monotonic()
    repeats = []
    for session in sessions:
        plan = tables.generate_table_plan(session=session, time_limit=1.5)
        repeats.append(plan.result["repeat_pairs"])
        assert plan.tables == 10
        counts = Seat.objects.filter(plan=plan).values_list("table", flat=True)
        assert sorted(counts) == [t for t in range(1, 11) for _ in range(10)]  # ten full tables
    seconds = time.monotonic() - began
    # Over 6 rounds of tables of 10, each person can meet at most 6 × 9 = 54 others: 100 × 54 / 2 pairs.
    bound = 100 * min(99, 6 * 9) // 2
    met = distinct_pairs(sessions)
    print(
        f"\n100 people, 10 tables, 6 sessions: {met} distinct pairs of {bound} ({met / bound:.1%}) in {seconds:.1f} s; pairs meeting again per session {repeats}"
    )
    # Planned one session at a time, this reached 97.0-97.3% (2,618 to 2,626 of 2,700) in our runs;
    # how fast is measured in the grouping bench, not here.
    assert met >= 0.965 * bound


def test_it_seats_people_who_said_they_would_come_until_the_register_is_taken(world: World) -> None:
    dave = factories.PersonFactory(full_name="Dave Dawdle", organisation=where_of(world.alice, world.programme).organisation)
    factories.MembershipFactory(
        person=dave, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
    )
    session = make_session(world, "Launch", invite=[world.alice, world.bob, dave, world.fred])
    Invitation.objects.filter(session=session, person=dave).update(reply=Reply.APOLOGIES)
    # Fred is staff, not a participant: he is never seated; Dave sent apologies.
    assert tables.attendee_ids(session) == sorted([world.alice.pk, world.bob.pk])
    Attendance.objects.create(session=session, person=dave, mark=Mark.LATE)
    Attendance.objects.create(session=session, person=world.alice, mark=Mark.ABSENT)
    assert tables.attendee_ids(session) == [dave.pk]


def test_plan_again_replaces_the_plan_and_publishing_records_encounters_once(world: World) -> None:
    people = cohort_of(world, 12)
    session = make_session(world, "Module 1", invite=people, table_size=4)
    first = tables.generate_table_plan(session=session, time_limit=0.2)
    second = tables.generate_table_plan(session=session, time_limit=0.2)
    assert TablePlan.objects.filter(session=session).count() == 1
    assert not TablePlan.objects.filter(pk=first.pk).exists()
    assert Seat.objects.filter(plan=second).count() == 12
    assert tables.publish_table_plan(plan=second) == 3 * 6  # three tables of four: six pairs each
    assert tables.publish_table_plan(plan=second) == 0
    encounters = Encounter.objects.filter(
        source=EncounterSource.SESSION_TABLE, source_ref=f"session-{session.pk}"
    )
    assert encounters.count() == 18
    with pytest.raises(ValidationError, match="published"):
        tables.generate_table_plan(session=session, time_limit=0.2)


def test_a_later_session_keeps_earlier_table_mates_apart_and_counts_new_colleagues(
    world: World,
) -> None:
    people = cohort_of(world, 16)
    first = make_session(
        world,
        "Day 1",
        starts_at=timezone.now() - dt.timedelta(days=14),
        invite=people,
        table_size=4,
    )
    second = make_session(
        world, "Day 2", starts_at=timezone.now() - dt.timedelta(days=7), invite=people, table_size=4
    )
    tables.generate_table_plan(session=first, time_limit=0.5)
    plan = tables.generate_table_plan(session=second, time_limit=1.0)
    # Four tables of four twice: a resolvable design, so nobody meets anyone again.
    assert plan.result["repeat_pairs"] == 0
    met = tables.colleagues_met(second, plan)
    assert set(met.values()) == {6}
    assert tables.colleagues_met(first, TablePlan.objects.get(session=first)) == {
        p.pk: 3 for p in people
    }


def test_the_plan_page_shows_tables_figures_and_the_facilitator_list(world: World) -> None:
    people = cohort_of(world, 20)
    frida = factories.PersonFactory(full_name="Frida Facilitator")
    factories.MembershipFactory(person=frida, programme=world.programme, role=Role.FACILITATOR)
    session = make_session(
        world, "Module 2", invite=people, facilitators=[world.fred, frida], table_size=5
    )
    client = Client()
    client.force_login(world.fred)
    url = reverse("schedule:table-plan", args=[world.programme.pk, session.pk])
    assert "20 people to seat" in client.get(url).text
    response = client.post(
        reverse("schedule:table-plan-generate", args=[world.programme.pk, session.pk]),
        {"table_size": "5"},
    )
    assert response.status_code == 302
    page = client.get(url)
    assert "20 people at 4 tables" in page.text
    assert "proven lower bound" in page.text
    assert (
        page.text.count("nobody from the same organisation") + page.text.count("organisations") >= 4
    )
    split = {item.name: item.tables for item in page.context["split"]}
    assert split == {"Fred Facilitator": [1, 2], "Frida Facilitator": [3, 4]}
    cards = page.context["cards"]
    assert sorted(s.person_id for c in cards for s in c.seats) == sorted(p.pk for p in people)
    assert all(s.met_so_far == 4 for c in cards for s in c.seats)
    printable = client.get(
        reverse("schedule:table-plan-print", args=[world.programme.pk, session.pk])
    )
    assert printable.status_code == 200
    assert printable.text.count('cg-table-card"') == 4
    client.post(reverse("schedule:table-plan-publish", args=[world.programme.pk, session.pk]))
    assert TablePlan.objects.get(session=session).published_at is not None
    assert Encounter.objects.filter(source_ref=f"session-{session.pk}").count() == 4 * 10


def test_a_bad_table_size_is_refused_naming_the_field_and_changes_nothing(world: World) -> None:
    people = cohort_of(world, 6)
    session = make_session(world, "Module 3", invite=people, table_size=6)
    client = Client()
    client.force_login(world.lena)
    response = client.post(
        reverse("schedule:table-plan-generate", args=[world.programme.pk, session.pk]),
        {"table_size": "1"},
    )
    assert response.status_code == 400
    assert "People per table: People per table must be at least 2." in response.text
    assert not TablePlan.objects.filter(session=session).exists()
    session.refresh_from_db()
    assert session.table_size == 6


def test_nobody_to_seat_is_a_clear_message(world: World) -> None:
    session = make_session(world, "Empty", invite=[])
    client = Client()
    client.force_login(world.lena)
    response = client.post(
        reverse("schedule:table-plan-generate", args=[world.programme.pk, session.pk]),
        {"table_size": "8"},
    )
    assert response.status_code == 400
    assert "fewer than 2 people to seat" in response.text
    assert Organisation.objects.exists()
