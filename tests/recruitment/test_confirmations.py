"""An application sent without signing in, with the address of an existing account, waits for its owner.

Nothing of that account changes and no application is attached until the owner, signed in, follows
the link mailed to that address. The page after the form is the same for every address.
"""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    EligibilityRule,
    PendingApplication,
)
from tests.conftest import World
from tests.factories import where_of
from tests.recruitment.test_applications import form_data

CONFIRM_PATH = re.compile(r"https?://[^/\s]+(/\S*recruitment/confirm/\S+/)")


def apply(client: Client, world: World, **overrides: object) -> str:
    """Send the public form; the text of the page it ends on."""
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world, **overrides), follow=True
    )
    assert response.status_code == 200
    return response.text


def confirm_path(message: mail.EmailMessage) -> str:
    match = CONFIRM_PATH.search(str(message.body))
    assert match, message.body
    return match.group(1)


@pytest.fixture
def held(world: World, rule: EligibilityRule, django_capture_on_commit_callbacks) -> str:  # type: ignore[no-untyped-def]
    """Someone, not signed in, applies with Alice's address; the confirmation link mailed to her."""
    with django_capture_on_commit_callbacks(execute=True):
        apply(Client(), world, email="ALICE@example.org", full_name="Not Alice", job_title="Imposter")
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    return confirm_path(message)


def test_applying_with_an_existing_address_changes_nothing_and_mails_only_its_owner(
    world: World, held: str
) -> None:
    world.alice.refresh_from_db()
    assert (world.alice.full_name, world.alice.job_title) == ("Alice Acute", "")
    assert where_of(world.alice, world.programme).organisation.name == "Surrey Acute"
    assert not Application.objects.filter(person=world.alice).exists()
    assert PendingApplication.objects.get().email == "alice@example.org"
    assert len(mail.outbox) == 1  # the named sponsor is asked only once the owner confirms


def test_reviewers_do_not_see_a_held_application(world: World, held: str) -> None:
    client = Client()
    client.force_login(world.lena)
    page = client.get(reverse("recruitment:applications", args=[world.programme.pk]))
    assert page.context["page"].paginator.count == 0 and "Imposter" not in page.text


def test_the_owner_signed_in_confirms_and_only_then_blank_fields_are_filled(
    world: World, held: str, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(world.alice)
    page = client.get(held)
    assert page.status_code == 200 and "Confirm your application" in page.text
    assert not Application.objects.exists()  # opening the link changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(held)
    assert response.status_code == 302 and response["Location"] == reverse("recruitment:mine")
    application = Application.objects.get(person=world.alice)
    assert application.status == ApplicationStatus.SUBMITTED and application.job_title == "Imposter"
    world.alice.refresh_from_db()
    assert world.alice.job_title == "Imposter"  # was blank, so it is filled
    assert world.alice.full_name == "Alice Acute" and where_of(world.alice, world.programme).organisation.name == "Surrey Acute"
    assert [m.to for m in mail.outbox[1:]] == [["sam@example.org"]]  # now the sponsor is asked
    assert client.get(held).status_code == 404  # once only
    assert client.post(held).status_code == 404
    assert Application.objects.count() == 1


@pytest.mark.parametrize("who", ["bob", "lena", "sam"])
def test_nobody_else_can_confirm_it(world: World, held: str, who: str) -> None:
    client = Client()
    client.force_login(getattr(world, who))
    assert client.get(held).status_code == 404
    response = client.post(held)
    assert response.status_code == 404 and "Sign in as the person it was sent to" in response.text
    assert not Application.objects.exists()
    assert PendingApplication.objects.get().confirmed_at is None


def test_following_the_link_without_signing_in_asks_for_sign_in(world: World, held: str) -> None:
    response = Client().post(held)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not Application.objects.exists()


def test_an_expired_link_confirms_nothing(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    sent = timezone.now().replace(microsecond=0)
    with time_machine.travel(sent, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            apply(Client(), world, email="alice@example.org")
        link = confirm_path(mail.outbox[0])
    client = Client()
    with time_machine.travel(sent + dt.timedelta(days=7, minutes=1), tick=False):
        client.force_login(world.alice)
        response = client.post(link)
    assert response.status_code == 404 and "This link has expired" in response.text
    assert not Application.objects.exists()
    with time_machine.travel(sent + dt.timedelta(days=6, hours=23), tick=False):
        client.force_login(world.alice)
        assert client.post(link).status_code == 302  # still within its seven days


def test_the_page_after_applying_is_the_same_for_new_and_existing_addresses(
    world: World, rule: EligibilityRule
) -> None:
    url = reverse("recruitment:apply", args=[world.programme.pk])
    new, existing = (
        Client().post(url, form_data(world, email=email), follow=True)
        for email in ("nobody.yet@example.org", "bob@example.org")
    )
    assert new.redirect_chain == existing.redirect_chain
    assert new.status_code == existing.status_code == 200

    def page(response: object) -> str:  # each response masks the CSRF token afresh
        return re.sub(r'"X-CSRFToken": "\w+"', "", response.text)  # type: ignore[attr-defined]

    assert page(new) == page(existing)
    assert "Check your email to confirm" in page(new)
    assert Application.objects.filter(person__email="nobody.yet@example.org").exists()
    assert not Application.objects.filter(person=world.bob).exists()


def test_a_new_address_gets_its_application_at_once_and_a_message_saying_so(
    world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        apply(Client(), world, email="nobody.yet@example.org")
    receipt = next(m for m in mail.outbox if m.to == ["nobody.yet@example.org"])
    assert "There is nothing to confirm" in str(receipt.body)
    assert Person.objects.get(email="nobody.yet@example.org").applications.count() == 1


def test_a_signed_in_person_applying_for_themselves_needs_no_confirmation(
    world: World, rule: EligibilityRule
) -> None:
    client = Client()
    client.force_login(world.alice)
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world, email="alice@example.org")
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "recruitment:applied", args=[world.programme.pk]
    )
    assert Application.objects.filter(person=world.alice).exists()
    assert not PendingApplication.objects.exists()


def test_a_signed_in_person_applying_with_someone_elses_address_is_held_like_anyone(
    world: World, rule: EligibilityRule
) -> None:
    client = Client()
    client.force_login(world.bob)
    text = apply(client, world, email="alice@example.org")
    assert "Check your email to confirm" in text
    assert not Application.objects.exists() and PendingApplication.objects.count() == 1


def test_confirming_when_the_owner_has_already_applied_says_so(world: World, held: str) -> None:
    client = Client()
    client.force_login(world.alice)
    Application.objects.create(
        programme=world.programme, person=world.alice, organisation=where_of(world.alice, world.programme).organisation,
        place=world.east.place, seniority="team_leader", consented_at=timezone.now(),
    )
    response = client.post(held)
    assert response.status_code == 400 and "already an application" in response.text
    assert Application.objects.count() == 1
