"""At the end of a session: everyone not yet marked becomes absent in one tap (those who sent
apologies keep them), and the same person can take it back straight after."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import AuditEvent
from commonground.schedule.models import Attendance, Invitation, Mark, Reply
from tests import factories
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session, someone_elses_session


def _signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _marks(session: object) -> dict[str, str]:
    return dict(Attendance.objects.filter(session=session).values_list("person__full_name", "mark"))


def _urls(world: World, session_id: int) -> tuple[str, str, str]:
    args = [world.programme.pk, session_id]
    return (reverse("schedule:register", args=args), reverse("schedule:register-rest-absent", args=args),
            reverse("schedule:register-undo", args=args))


def test_the_rest_are_marked_absent_apologies_and_marks_kept_and_it_can_be_taken_back(world: World) -> None:
    dan = factories.PersonFactory(full_name="Dan Waiting")
    session = make_session(world, "Module 1", invite=[world.alice, world.bob, world.carol, dan],
                           facilitators=[world.fred])
    Invitation.objects.filter(session=session, person=world.bob).update(reply=Reply.APOLOGIES)
    Invitation.objects.filter(session=session, person=dan).update(reply=Reply.WAITING)
    fred = _signed_in(world.fred)
    register, rest, undo = _urls(world, session.pk)
    fred.post(reverse("schedule:register-mark", args=[world.programme.pk, session.pk, world.alice.pk]), {"mark": "present"})

    page = fred.get(register)
    assert "Mark everyone not yet marked as absent" in page.text and "Undo" not in page.text
    response = fred.post(rest, follow=True)
    assert "Marked 1 person absent." in response.text
    # Alice keeps her mark, Bob his apologies, Carol becomes absent, Dan (waiting list) is not on the register.
    assert _marks(session) == {"Alice Acute": Mark.PRESENT, "Carol Charity": Mark.ABSENT}
    assert response.context["counts"].unmarked == 0 and "Undo: take back" in response.text
    assert AuditEvent.objects.filter(what="attendance", subject_id=world.carol.pk, actor_id=world.fred.pk).exists()

    # Someone else cannot take it back: the marks to undo live in Fred's session only.
    lena = _signed_in(world.lena)
    assert "There was nothing to take back." in lena.post(undo, follow=True).text
    assert _marks(session)["Carol Charity"] == Mark.ABSENT
    response = fred.post(undo, follow=True)
    assert "Took back 1 absent mark: not marked again." in response.text
    assert _marks(session) == {"Alice Acute": Mark.PRESENT}
    assert "Undo: take back" not in response.text
    assert "There was nothing to take back." in fred.post(undo, follow=True).text  # once only


def test_a_mark_changed_since_is_not_taken_back(world: World) -> None:
    session = make_session(world, "Module 1", invite=[world.alice, world.bob], facilitators=[world.fred])
    fred = _signed_in(world.fred)
    _, rest, undo = _urls(world, session.pk)
    fred.post(rest)
    assert _marks(session) == {"Alice Acute": Mark.ABSENT, "Bob Council": Mark.ABSENT}
    fred.post(reverse("schedule:register-mark", args=[world.programme.pk, session.pk, world.bob.pk]), {"mark": "late"})
    fred.post(undo)
    assert _marks(session) == {"Bob Council": Mark.LATE}


def test_a_register_not_yet_open_or_of_another_facilitator_refuses_and_changes_nothing(world: World) -> None:
    later = make_session(world, "Next month", invite=[world.alice], facilitators=[world.fred],
                         starts_at=timezone.now() + dt.timedelta(days=30))
    fred = _signed_in(world.fred)
    _, rest, _ = _urls(world, later.pk)
    response = fred.post(rest)
    assert response.status_code == 400 and "The register opens at" in response.text
    assert not Attendance.objects.filter(session=later).exists()
    theirs = someone_elses_session(world)
    for who, status in ((world.fred, 404), (world.alice, 404), (world.oscar, 404)):
        assert _signed_in(who).post(_urls(world, theirs.pk)[1]).status_code == status
    assert not Attendance.objects.filter(session=theirs).exists()
