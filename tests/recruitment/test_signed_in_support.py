"""A sponsor signed in answers an application sent to their own address, as the emailed link would:
once, while the link would still work, and only their own."""

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.recruitment.models import ApplicationStatus, Decision, SponsorRequest
from tests.conftest import World
from tests.recruitment import objects


def _url(world: World, application_id: int) -> str:
    return reverse("recruitment:support-signed-in", args=[world.programme.pk, application_id])


def _signed_in(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def test_a_sponsor_supports_an_application_and_it_moves_on_to_review(world: World) -> None:
    sid = objects.waiting_for_sam(world)
    client = _signed_in(world.sam)
    page = client.get(_url(world, sid.pk))
    assert page.status_code == 200
    assert "Will you support Sid Supported's application?" in page.text
    done = client.post(_url(world, sid.pk), {"supported": "yes", "comment": "A strong case"})
    assert done.status_code == 200 and "You support Sid Supported's application." in done.text
    sid.refresh_from_db()
    assert sid.status == ApplicationStatus.SPONSOR_SUPPORTED
    request = SponsorRequest.objects.get(application=sid)
    assert request.supported is True and request.answered_at is not None and request.comment == "A strong case"
    assert client.get(_url(world, sid.pk)).status_code == 404  # answered once: nothing more to answer


def test_a_sponsor_who_does_not_support_it_leaves_the_decision_to_the_lead_with_the_reason(world: World) -> None:
    sid = objects.waiting_for_sam(world)
    _signed_in(world.sam).post(_url(world, sid.pk), {"supported": "no", "comment": "Not this year"})
    sid.refresh_from_db()
    assert sid.status == ApplicationStatus.SUBMITTED
    assert Decision.objects.filter(application=sid, reason="Sponsor does not support: Not this year").exists()


def test_nobody_but_the_sponsor_asked_may_answer(world: World) -> None:
    sid = objects.waiting_for_sam(world)
    for person in (world.lena, world.alice, world.bob, world.oscar):
        client = _signed_in(person)
        assert client.get(_url(world, sid.pk)).status_code == 404
        assert client.post(_url(world, sid.pk), {"supported": "yes"}).status_code == 404
    assert SponsorRequest.objects.get(application=sid).answered_at is None


def test_an_expired_request_is_no_longer_answered(world: World) -> None:
    sid = objects.waiting_for_sam(world)
    SponsorRequest.objects.filter(application=sid).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert _signed_in(world.sam).get(_url(world, sid.pk)).status_code == 404


def test_a_missing_answer_is_shown_on_the_form(world: World) -> None:
    sid = objects.waiting_for_sam(world)
    response = _signed_in(world.sam).post(_url(world, sid.pk), {"comment": "Hmm"})
    assert response.status_code == 400
    assert "There is a problem" in response.text
