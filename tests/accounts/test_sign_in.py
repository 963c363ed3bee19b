import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import PASSWORD, World

SIGN_IN = reverse("accounts:login")


def sign_in(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_a_participant_signs_in_with_email_and_password(client: Client, world: World) -> None:
    response = sign_in(client, "Alice@Example.org", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.alice.pk)


def test_an_unknown_email_gets_a_clear_message_and_no_session(client: Client, world: World) -> None:
    response = sign_in(client, "nobody@example.org", PASSWORD)
    assert response.status_code == 200
    assert "The email address or password is not right" in response.text
    assert "_auth_user_id" not in client.session


def test_a_malformed_email_is_named_in_the_error(client: Client, world: World) -> None:
    response = sign_in(client, "not-an-email", PASSWORD)
    assert "Enter a valid email address" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3)
def test_it_stops_accepting_passwords_after_repeated_failures(client: Client, world: World) -> None:
    for _ in range(3):
        sign_in(client, "alice@example.org", "wrong password")
    response = sign_in(client, "alice@example.org", PASSWORD)
    assert "Too many failed attempts" in response.text
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3)
def test_throttling_one_account_leaves_others_alone(client: Client, world: World) -> None:
    for _ in range(3):
        sign_in(client, "alice@example.org", "wrong password")
    assert sign_in(client, "bob@example.org", PASSWORD).status_code == 302


def test_signing_out_needs_a_post(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def _link_from_outbox() -> str:
    assert len(mail.outbox) == 1
    match = re.search(r"http://\S+/accounts/sign-in/link/use/\?token=\S+", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    parts = urlsplit(match.group(0))
    assert parts.netloc == "testserver", "the link points at the site the person asked from"
    return f"{parts.path}?{parts.query}"


def test_an_emailed_link_signs_in_once(client: Client, world: World) -> None:
    response = client.post(reverse("accounts:link-request"), {"email": "carol@example.org"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["carol@example.org"]
    assert mail.outbox[0].alternatives, "the link is also sent as HTML"
    link = _link_from_outbox()

    # Opening the link (as a mail scanner might) signs nobody in and spends nothing.
    page = client.get(link)
    assert page.status_code == 200
    assert "Sign in as Carol Charity" in page.text
    assert "_auth_user_id" not in client.session

    assert client.post(link).status_code == 302
    assert client.session["_auth_user_id"] == str(world.carol.pk)

    client.logout()
    again = client.post(link)
    assert again.status_code == 400
    assert "This sign-in link does not work" in again.text
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_asking_for_a_link_is_told_to_check_and_nothing_is_sent(
    client: Client, world: World
) -> None:
    response = client.post(reverse("accounts:link-request"), {"email": "stranger@example.org"}, follow=True)
    assert "If an account uses" in response.text
    assert "stranger@example.org" in response.text
    assert mail.outbox == []


def test_password_reset_mails_a_working_link(client: Client, world: World) -> None:
    client.post(reverse("accounts:password-reset"), {"email": "bob@example.org"})
    assert len(mail.outbox) == 1
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert path
    form_page = client.get(path.group(1), follow=True)
    assert "Choose a new password" in form_page.text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a much longer secret 42", "new_password2": "a much longer secret 42"},
    )
    assert response.status_code == 302
    world.bob.refresh_from_db()
    assert world.bob.check_password("a much longer secret 42")


@pytest.mark.parametrize("email", ["stranger@example.org", "not-an-email"])
def test_password_reset_reveals_nothing_about_unknown_addresses(client: Client, world: World, email: str) -> None:
    response = client.post(reverse("accounts:password-reset"), {"email": email})
    assert mail.outbox == []
    if "@" in email:
        assert response.status_code == 302
    else:
        assert "Enter a valid email address" in response.text
