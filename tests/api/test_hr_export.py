"""The HR export lists completed development hours only for people who agreed to share them."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts import consents
from commonground.accounts.models import AuditEvent
from commonground.api import hr
from commonground.schedule.attendance import mark_attendance
from tests.api.helpers import api_as
from tests.conftest import World
from tests.schedule.attendance_permission_cases import make_session


def _attended(world: World, hours: int) -> None:
    session = make_session(
        world, "Past module day", invite=[world.alice, world.bob], starts_at=timezone.now() - dt.timedelta(days=2),
        hours=hours,
    )
    for person in (world.alice, world.bob):
        mark_attendance(session=session, person_id=person.pk, mark="present", marked_by=world.lena)


def test_only_consenting_people_are_exported_with_their_hours(world: World) -> None:
    _attended(world, hours=3)
    hr.share_hours(person=world.alice, programme=world.programme)
    body = api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/development-hours").json()
    assert [(row["person_id"], row["sessions"], row["hours"]) for row in body["items"]] == [(world.alice.pk, 1, "3.00")]
    assert AuditEvent.objects.filter(what="development_hours", subject_id=world.alice.pk, action="exported").exists()
    assert not AuditEvent.objects.filter(what="development_hours", subject_id=world.bob.pk).exists()


def test_withdrawing_takes_a_person_out_of_the_export(world: World) -> None:
    hr.share_hours(person=world.alice, programme=world.programme)
    hr.stop_sharing(person=world.alice, programme=world.programme)
    body = api_as(world.lena, world.programme).get(f"/programmes/{world.programme.pk}/development-hours").json()
    assert body["items"] == []


def test_a_participant_gives_and_withdraws_consent_on_their_page(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    url = reverse("api:hr-consent", args=[world.programme.pk])
    client.post(url, {"share": "yes", "wording": consents.CURRENT[hr.PURPOSE]})
    assert world.programme.pk in hr.shared_by(world.alice)
    client.post(url, {"share": "no"})
    assert world.programme.pk not in hr.shared_by(world.alice)


def test_consent_given_under_old_words_is_not_recorded(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    client.post(reverse("api:hr-consent", args=[world.programme.pk]), {"share": "yes", "wording": "old-words"})
    assert hr.shared_by(world.alice) == set()


def test_only_participants_consent(world: World) -> None:
    client = Client()
    client.force_login(world.fiona)
    response = client.post(reverse("api:hr-consent", args=[world.programme.pk]), {"share": "yes"})
    assert response.status_code == 404
