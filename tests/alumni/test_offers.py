"""An alumnus offers to be a buddy or a mentor for a programme of the system taking new cohorts,
through mentoring's offers; they can stop offering."""

from django.test import Client
from django.urls import reverse

from commonground.mentoring.models import MentorKind, MentorOffer
from commonground.programmes.models import ProgrammeStatus
from tests.alumni import objects as al
from tests.conftest import World


def alice(world: World) -> Client:
    al.alice_is_alumna(world)
    world.programme.status = ProgrammeStatus.RUNNING
    world.programme.save()
    client = Client()
    client.force_login(world.alice)
    return client


def test_an_alumna_offers_to_mentor_and_buddy_and_then_stops(world: World) -> None:
    client = alice(world)
    url = reverse("alumni:offer", args=[world.programme.system_id])
    page = client.get(url)
    assert [row.programme for row in page.context["offers"]] == [world.programme]  # the past one takes no one
    response = client.post(url, {"programme": world.programme.pk, "as_mentor": "on", "as_buddy": "on", "capacity": 2})
    assert response.status_code == 302
    offer = MentorOffer.objects.get(person=world.alice, programme=world.programme)
    assert (offer.kind, offer.buddy, offer.capacity, offer.active) == (MentorKind.ALUMNI, True, 2, True)
    assert "Mentor and buddy, up to 2 at once" in client.get(url).text
    client.post(reverse("alumni:offer-withdraw", args=[world.programme.system_id, world.programme.pk]))
    offer.refresh_from_db()
    assert not offer.active


def test_an_offer_needs_a_way_to_help_and_a_programme_taking_new_cohorts(world: World) -> None:
    client = alice(world)
    url = reverse("alumni:offer", args=[world.programme.system_id])
    assert client.post(url, {"programme": world.programme.pk, "capacity": 2}).status_code == 400
    past = al.past_programme(world)
    assert client.post(url, {"programme": past.pk, "as_buddy": "on", "capacity": 2}).status_code == 400
    assert client.post(url, {"programme": world.programme.pk, "as_buddy": "on", "capacity": 99}).status_code == 400
    assert not MentorOffer.objects.exists()
