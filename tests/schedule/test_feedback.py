"""Session feedback: it opens as a session ends, for the people who came, once; the evaluation
summarises it per session, per module and per partner organisation, hiding fewer than 5 and any
figure that would give a hidden one away by subtraction."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.development import figures, queries
from commonground.development import services as development
from commonground.development.models import Round, RoundKind
from commonground.programmes.models import Organisation, Role
from commonground.schedule.models import (
    Attendance,
    Mark,
    Module,
    NoticeKind,
    Reply,
    SentNotice,
    Session,
)
from commonground.schedule.services.invitations import reply
from commonground.schedule.services.notices import send_session_notices
from tests import factories
from tests.conftest import World
from tests.schedule.session_permission_cases import module, planned


@pytest.fixture
def colleagues(world: World) -> list[Person]:
    council = Organisation.objects.get(name="County Council")
    people = []
    for i in range(6):
        person = factories.PersonFactory(
            full_name=f"Colleague {i}", email=f"c{i}@example.org", organisation=council
        )
        factories.MembershipFactory(
            person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=world.east
        )
        people.append(person)
    return people


def _held(
    world: World, title: str, *, attending: list[Person], the_module: Module | None = None
) -> Session:
    session = planned(
        world, title, days=1, module=the_module, kind="module" if the_module else "launch"
    )
    for person in attending:
        reply(session=session, person=person, answer=Reply.ATTENDING)
    ago = timezone.now() - dt.timedelta(hours=4)
    Session.objects.filter(pk=session.pk).update(starts_at=ago, ends_at=ago + dt.timedelta(hours=3))
    session.refresh_from_db()
    return session


def test_feedback_opens_for_those_who_came_and_each_is_asked_once(
    world: World, colleagues: list[Person], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    session = _held(world, "Module day", attending=[world.alice, world.bob, *colleagues])
    for person in [world.alice, *colleagues[:5]]:
        Attendance.objects.create(session=session, person=person, mark=Mark.PRESENT)
    Attendance.objects.create(session=session, person=world.bob, mark=Mark.ABSENT)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_session_notices()
        send_session_notices()
        development.send_round_notices()  # the development app does not invite to session feedback again
    survey_round = Round.objects.get(session=session)
    assert survey_round.kind == RoundKind.SESSION and survey_round.is_open()
    feedback_mail = [
        m for m in mail.outbox if m.subject == "How was Module day? Two minutes of feedback"
    ]
    assert sorted(m.to[0] for m in feedback_mail) == sorted(
        ["alice@example.org", *(f"c{i}@example.org" for i in range(5))]
    )
    assert f"/development/rounds/{survey_round.pk}/" in feedback_mail[0].body
    assert SentNotice.objects.filter(session=session, kind=NoticeKind.FEEDBACK).count() == 6

    assert survey_round in queries.rounds_for(world.alice, world.programme)
    assert survey_round not in queries.rounds_for(world.bob, world.programme)
    development.submit_response(
        survey_round=survey_round, person=world.alice, answers={"useful": 5, "recommend": 4}
    )
    with pytest.raises(ValidationError, match="does not ask you"):
        development.submit_response(
            survey_round=survey_round, person=world.bob, answers={"useful": 1}
        )


def test_before_the_register_is_taken_feedback_asks_those_who_replied_attending(
    world: World, colleagues: list[Person]
) -> None:
    session = _held(world, "Module day", attending=[world.alice, colleagues[0]])
    send_session_notices()
    survey_round = Round.objects.get(session=session)
    assert queries.round_population(survey_round) == {world.alice.pk, colleagues[0].pk}
    assert survey_round not in queries.rounds_for(world.bob, world.programme)


def _answer(session: Session, people: list[Person], useful: int, recommend: int) -> None:
    send_session_notices()
    survey_round = Round.objects.get(session=session)
    for person in people:
        development.submit_response(
            survey_round=survey_round,
            person=person,
            answers={"useful": useful, "recommend": recommend},
        )


def test_the_evaluation_summarises_feedback_per_module_and_partner_with_suppression(
    world: World, colleagues: list[Person]
) -> None:
    trust = module(world)  # delivered by Community Action
    first = _held(world, "Trust, part one", attending=colleagues, the_module=trust)
    second = _held(
        world,
        "Trust, part two",
        attending=[world.alice, world.bob, colleagues[0]],
        the_module=trust,
    )
    launch = _held(world, "Launch", attending=[world.alice, world.bob])
    _answer(first, colleagues[:5], useful=4, recommend=5)  # 5 answers: shown
    _answer(
        second, [world.alice, world.bob, colleagues[0]], useful=2, recommend=3
    )  # 3 answers: suppressed alone
    _answer(launch, [world.alice, world.bob], useful=5, recommend=5)

    ev = figures.evaluation(world.programme)
    # The module's 8 answers are shown, so part one's 5 is hidden too: 8 − 5 would give away part
    # two's 3. The instrument's 10 answers are hidden: 10 − 8 would give away the launch's 2.
    assert sorted(
        (row.label.split(",")[1].strip(), row.responses)
        for row in ev.feedback
        if "Trust" in row.label
    ) == [("part one", None), ("part two", None)]
    # Pooled over the module's two sessions: 5 × (4, 5) and 3 × (2, 3) = 8 answers.
    by_module = {row.label: (row.responses, row.means) for row in ev.feedback_by_module}
    assert by_module == {
        "Building trust across organisations": (
            8,
            [("Useful for my work", 3.25), ("Would recommend", 4.25)],
        ),
        "Sessions outside a module": (
            None,
            [("Useful for my work", None), ("Would recommend", None)],
        ),
    }
    by_partner = {row.label: row.responses for row in ev.feedback_by_partner}
    assert by_partner == {"Community Action": 8, "Delivered by the programme team": None}
    assert [n for level in ev.levels for name, _, n in level.instruments if name == "Session feedback"] == [None]
    rates = {r.round.session_id: r.invited for r in ev.rates if r.round.kind == RoundKind.SESSION}
    assert rates == {
        first.pk: 6,
        second.pk: None,
        launch.pk: None,
    }  # those asked, not the whole cohort; 3 and 2 people are not shown

    client = Client()
    client.force_login(world.lena)
    page = client.get(reverse("development:evaluation", args=[world.programme.pk])).text
    assert (
        "Session feedback by module (1 to 5)" in page
        and "Building trust across organisations" in page
    )
    assert "3.25" in page and "Community Action" in page
    text = client.get(
        reverse("development:evaluation-export", args=[world.programme.pk, "csv"])
    ).content.decode()
    assert "Building trust across organisations,8,3.25,4.25" in text
    assert "Delivered by the programme team,not shown" in text
