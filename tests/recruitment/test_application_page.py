"""One application's page for leads: one sponsor status, and the review queue's decisions on the page itself."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.recruitment.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    EligibilityRule,
    Offer,
    SponsorRequest,
    new_token,
)
from tests.conftest import World
from tests.recruitment import objects

SPONSOR_PHRASES = ["Nominated by", "Supports", "Does not support", "not answered yet", "did not answer", "Named, not asked", "None named"]


def detail(world: World, application: Application) -> str:
    return reverse("recruitment:application-detail", args=[world.programme.pk, application.pk])


def decide(world: World, application: Application) -> str:
    return reverse("recruitment:application-decide", args=[world.programme.pk, application.pk])


def ask_sponsor(application: Application, *, answered: bool | None = None, expired: bool = False) -> None:
    now = timezone.now()
    SponsorRequest.objects.create(
        application=application,
        sponsor_email=application.sponsor_email,
        token_digest=new_token()[1],
        created_at=now - dt.timedelta(days=20 if expired else 1),
        expires_at=now + dt.timedelta(days=-6 if expired else 13),
        answered_at=now if answered is not None else None,
        supported=answered,
    )


def sponsor_row(html: str) -> str:
    match = re.search(r"Sponsor</dt><dd[^>]*>(.*?)</dd>", html, re.S)
    assert match, html
    return match.group(1)


@pytest.mark.parametrize(
    ("status", "answer", "expected"),
    [
        # Supported, as the demo held it, with no answer by link on record: the status decides.
        (ApplicationStatus.SPONSOR_SUPPORTED, "none", "Supports"),
        (ApplicationStatus.SPONSOR_SUPPORTED, "open", "Supports"),
        (ApplicationStatus.SUBMITTED, "open", "not answered yet"),
        (ApplicationStatus.SUBMITTED, "expired", "did not answer"),
        (ApplicationStatus.SUBMITTED, "no", "Does not support"),
        (ApplicationStatus.WAITLISTED, "yes", "Supports"),
        (ApplicationStatus.SUBMITTED, "none", "Named, not asked"),
    ],
)
def test_the_page_states_exactly_one_sponsor_status(
    client: Client, world: World, rule: EligibilityRule, status: str, answer: str, expected: str
) -> None:
    application = objects.application(world, status=status, sponsor_name="Sam Sponsor", sponsor_email="sam@example.org")
    if answer != "none":
        ask_sponsor(
            application,
            answered={"yes": True, "no": False}.get(answer),
            expired=answer == "expired",
        )
    client.force_login(world.lena)
    page = client.get(detail(world, application)).text
    row = sponsor_row(page)
    assert [p for p in SPONSOR_PHRASES if p in row] == [expected]
    if status == ApplicationStatus.SPONSOR_SUPPORTED:
        assert "not answered yet" not in page and "Supported by sponsor" in page
    # The review queue says the same, from the same source.
    queue = client.get(reverse("recruitment:review", args=[world.programme.pk])).text
    [in_queue] = re.findall(r"Sponsor: ([^<]*)</span>", queue)
    assert [p for p in SPONSOR_PHRASES if p in in_queue] == [expected]


def test_a_nomination_is_the_sponsors_support(client: Client, world: World, rule: EligibilityRule) -> None:
    application = objects.application(
        world, status=ApplicationStatus.SPONSOR_SUPPORTED, source=ApplicationSource.NOMINATION, nominated_by=world.sam
    )
    client.force_login(world.lena)
    row = sponsor_row(client.get(detail(world, application)).text)
    assert [p for p in SPONSOR_PHRASES if p in row] == ["Nominated by"] and "Sam Sponsor" in row


def test_a_lead_offers_a_place_from_the_application_page(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    dana = objects.application(world, status=ApplicationStatus.SPONSOR_SUPPORTED)
    client.force_login(world.lena)
    page = client.get(detail(world, dana)).text
    assert 'value="offer">Offer a place</button>' in page and 'value="reject">Do not offer a place</button>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide(world, dana), {"decision": "offer", "reason": "Strong case"})
    assert response.status_code == 302 and response["Location"] == detail(world, dana)
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.OFFERED
    offer = Offer.objects.get(application=dana)
    assert offer.cohort == world.east
    decision = dana.decisions.last()
    assert decision is not None and decision.by == world.lena and decision.reason == "Strong case"
    assert [m.to for m in mail.outbox] == [[dana.person.email]]
    after = client.get(detail(world, dana)).text
    assert "Decision recorded: offered a place." in after and 'value="offer"' not in after


def test_a_lead_turns_an_application_down_from_the_page_with_a_reason(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world)
    client.force_login(world.lena)
    refused = client.post(decide(world, dana), {"decision": "reject"})
    assert refused.status_code == 400 and "Give a reason" in refused.text
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED
    client.post(decide(world, dana), {"decision": "reject", "reason": "Not yet leading a team"})
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.REJECTED
    assert dana.decisions.last().reason == "Not yet leading a team"  # type: ignore[union-attr]


def test_a_lead_puts_an_application_on_the_waiting_list_from_the_page(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world)
    client.force_login(world.lena)
    client.post(decide(world, dana), {"decision": "waitlist"})
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.WAITLISTED and dana.waitlisted_at is not None


def test_an_offer_that_breaks_the_cohorts_rules_is_refused_with_the_reason(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    world.east.capacity = 2  # Alice and Bob fill it
    world.east.save()
    dana = objects.application(world)
    client.force_login(world.lena)
    assert "has no free place" in client.get(detail(world, dana)).text
    response = client.post(decide(world, dana), {"decision": "offer"}, follow=True)
    assert "Not changed." in response.text and "has no free place" in response.text
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED and not Offer.objects.exists()


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona", "oscar"])
def test_only_a_lead_decides_from_the_page(world: World, rule: EligibilityRule, who: str) -> None:
    dana = objects.application(world)
    client = Client()
    client.force_login(getattr(world, who))
    assert client.post(decide(world, dana), {"decision": "offer"}).status_code == 404
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED


def test_a_lead_cannot_decide_through_another_programme(world: World, rule: EligibilityRule) -> None:
    dana = objects.application(world)
    client = Client()
    client.force_login(world.oscar)  # leads the other programme
    url = reverse("recruitment:application-decide", args=[world.other_programme.pk, dana.pk])
    assert client.post(url, {"decision": "reject", "reason": "x"}).status_code == 404
    dana.refresh_from_db()
    assert dana.status == ApplicationStatus.SUBMITTED
