"""The schedule pages: leads schedule, change, move and cancel; people see their sessions and reply."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.programmes.models import Role
from commonground.schedule.models import Invitation, Module, Reply, Session, SessionKind
from commonground.schedule.services.invitations import reply, sync_invitations
from tests import factories
from tests.conftest import World
from tests.forms import date_boxes
from tests.schedule.session_permission_cases import module, planned

LONDON = ZoneInfo("Europe/London")


def _client(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _form(date: dt.date | None = None, **overrides: object) -> dict[str, object]:
    date = date or dt.date(timezone.now().year + 1, 7, 15)
    data: dict[str, object] = {
        "title": "Development day: working with conflict",
        "kind": SessionKind.DEVELOPMENT_DAY,
        "module": "",
        "description": "",
        **date_boxes("date", date),
        "start_time": "09:30",
        "end_time": "16:00",
        "venue_name": "Sandown Park",
        "address": "Portsmouth Road\nEsher",
        "access_information": "Step-free; hearing loop",
        "online_url": "",
        "capacity": "",
        "cohorts": [],
    }
    data.update(overrides)
    return data


def test_a_lead_schedules_a_session_in_london_time_and_everyone_is_invited(world: World) -> None:
    response = _client(world.lena).post(
        reverse("schedule:session-create", args=[world.programme.pk]),
        _form(cohorts=[world.east.pk]),
    )
    assert response.status_code == 302
    session = Session.objects.get(title="Development day: working with conflict")
    assert session.starts_at.astimezone(dt.UTC).time() == dt.time(8, 30)  # 09:30 BST
    assert session.starts_at.astimezone(LONDON).time() == dt.time(9, 30)
    assert set(
        Invitation.objects.filter(session=session).values_list("person__full_name", flat=True)
    ) == {
        "Alice Acute",
        "Bob Council",
    }
    page = _client(world.alice).get(response["Location"]).text
    assert "09:30 to 16:00 (UK time)" in page and "Step-free; hearing loop" in page


def test_bad_input_names_the_field_and_saves_nothing(world: World) -> None:
    response = _client(world.lena).post(
        reverse("schedule:session-create", args=[world.programme.pk]),
        _form(end_time="09:00", venue_name="", kind=SessionKind.MODULE),
    )
    assert response.status_code == 400
    text = response.text
    assert "Ends at: The session must end after it starts." in text
    assert "Venue: Give a venue, or an online link for an online session." in text
    assert "Module: Choose the module this session belongs to" in text
    assert not Session.objects.exists()


def test_a_participant_replies_on_the_page_and_apologies_need_a_reason(world: World) -> None:
    session = planned(world, "East launch")
    client = _client(world.alice)
    url = reverse("schedule:session-reply", args=[world.programme.pk, session.pk])
    response = client.post(url, {"answer": Reply.APOLOGIES, "reason": ""})
    assert response.status_code == 400
    assert "Reason for apologies: Say why you cannot come" in response.text
    assert Invitation.objects.get(session=session, person=world.alice).reply == Reply.INVITED
    response = client.post(url, {"answer": Reply.ATTENDING}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Thank you: you are attending." in response.text
    assert "<html" not in response.text  # only the reply area is swapped
    assert Invitation.objects.get(session=session, person=world.alice).reply == Reply.ATTENDING


def test_a_lead_moves_a_session_through_the_edit_page(world: World) -> None:
    session = planned(world, "East launch")
    year = timezone.now().year + 1
    response = _client(world.lena).post(
        reverse("schedule:session-edit", args=[world.programme.pk, session.pk]),
        _form(
            title="East launch",
            kind=SessionKind.LAUNCH,
            date=dt.date(year, 12, 9),
            cohorts=[world.east.pk],
        ),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.sequence == 1
    assert session.starts_at == dt.datetime(year, 12, 9, 9, 30, tzinfo=dt.UTC)  # GMT
    assert Invitation.objects.filter(session=session).count() == 2


def test_a_lead_cannot_shrink_a_session_below_the_people_attending(world: World) -> None:
    session = planned(world, "East launch", capacity=4)
    reply(session=session, person=world.alice, answer=Reply.ATTENDING)
    reply(session=session, person=world.bob, answer=Reply.ATTENDING)
    response = _client(world.lena).post(
        reverse("schedule:session-edit", args=[world.programme.pk, session.pk]),
        _form(title="East launch", kind=SessionKind.LAUNCH, capacity="1", cohorts=[world.east.pk]),
    )
    assert response.status_code == 400
    assert "2 people already have a place at East launch, so its capacity cannot be below 2." in response.text
    session.refresh_from_db()
    assert session.capacity == 4 and session.sequence == 0


def test_a_lead_cancels_with_a_reason(world: World) -> None:
    session = planned(world, "East launch")
    url = reverse("schedule:session-cancel", args=[world.programme.pk, session.pk])
    client = _client(world.lena)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Reason for cancelling: Give a reason" in response.text
    assert client.post(url, {"reason": "The venue flooded"}).status_code == 302
    session.refresh_from_db()
    assert session.is_cancelled and session.cancel_reason == "The venue flooded"
    page = (
        _client(world.alice)
        .get(reverse("schedule:session-detail", args=[world.programme.pk, session.pk]))
        .text
    )
    assert "This session is cancelled: The venue flooded" in page and "Send my reply" not in page


def test_the_session_page_shows_module_outcomes_and_partner(world: World) -> None:
    session = planned(world, "Trust day", module=module(world), kind=SessionKind.MODULE)
    page = (
        _client(world.bob)
        .get(reverse("schedule:session-detail", args=[world.programme.pk, session.pk]))
        .text
    )
    assert "Practise a difficult conversation" in page and "Community Action" in page


def test_a_lead_adds_a_module(world: World) -> None:
    response = _client(world.lena).post(
        reverse("schedule:module-add", args=[world.programme.pk]),
        {
            "title": "Systems leadership",
            "outcomes": "See the whole system",
            "partner": "",
            "order": "2",
            "facilitators": [world.fred.pk],
        },
    )
    assert response.status_code == 302
    added = Module.objects.get(title="Systems leadership")
    assert added.outcome_list == ["See the whole system"] and list(added.facilitators.all()) == [
        world.fred
    ]


def test_participants_see_their_own_sessions_upcoming_and_past(world: World) -> None:
    planned(world, "East launch")
    planned(world, "West launch", cohorts=[world.west])
    planned(world, "Celebration", cohorts=[], days=200)
    past = planned(world, "East earlier day", days=1)
    Session.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    url = reverse("schedule:schedule", args=[world.programme.pk])
    upcoming = _client(world.alice).get(url).text
    assert "East launch" in upcoming and "Celebration" in upcoming
    assert "West launch" not in upcoming and "East earlier day" not in upcoming
    assert "East earlier day" in _client(world.alice).get(url + "?when=past").text
    assert "West launch" in _client(world.lena).get(url).text


def _people(world: World, n: int, tag: str = "m") -> None:
    for i in range(n):
        person = factories.PersonFactory(
            full_name=f"Member {tag}{i}", email=f"{tag}{i}@example.org"
        )
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )


def _sessions(world: World, n: int) -> None:
    for i in range(n):
        planned(
            world,
            f"Set meeting {i}",
            days=5 + i,
            cohorts=[world.east] if i % 2 else [],
            facilitators=[world.fred],
        )


def test_the_schedule_runs_the_same_number_of_queries_at_any_size(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("schedule:schedule", args=[world.programme.pk])
    counts = {}
    for size in (3, 20):
        _sessions(world, size - Session.objects.count())
        _people(world, size, tag=f"s{size}-")
        for viewer in ("lena", "alice"):
            client = _client(getattr(world, viewer))
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            counts[(viewer, size)] = len(queries)
    assert counts[("lena", 3)] == counts[("lena", 20)]
    assert counts[("alice", 3)] == counts[("alice", 20)]
    lead = _client(world.lena)
    with django_assert_max_num_queries(12):
        lead.get(url)


def test_the_session_page_runs_a_fixed_number_of_queries(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = planned(world, "East launch", facilitators=[world.fred])
    url = reverse("schedule:session-detail", args=[world.programme.pk, session.pk])
    client = _client(world.lena)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _people(world, 30)
    sync_invitations(session)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)
