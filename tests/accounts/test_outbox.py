"""The demo's outbox: with DEMO_MODE on, every delivered message is kept and shown whole."""

import re

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, override_settings
from django.urls import reverse

from commonground.accounts.models import DemoMail
from tests.accounts.permission_cases import DEMO_URLCONF
from tests.conftest import World

PRODUCTION_MAIL = {
    "MAILERS": {
        "default": {"BACKEND": "commonground.accounts.mail.TaskEmailBackend"},
        "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
    }
}


@override_settings(DEMO_MODE=True, ROOT_URLCONF=DEMO_URLCONF, **PRODUCTION_MAIL)
def test_a_sign_in_link_mail_is_in_the_outbox_whole_with_its_link(world: World) -> None:
    client = Client()
    client.post(reverse("accounts:link-request", urlconf=DEMO_URLCONF), {"email": "carol@example.org"})
    assert len(mail.outbox) == 1, "delivered as usual"
    kept = DemoMail.objects.get()
    assert (kept.to, kept.subject) == ("carol@example.org", "Your Common Ground sign-in link")
    link = re.search(r"http://\S+/accounts/sign-in/link/use/\?token=\S+", kept.body)
    assert link

    listing = client.get(reverse("demo:outbox", urlconf=DEMO_URLCONF))
    assert "carol@example.org" in listing.text and "Your Common Ground sign-in link" in listing.text
    page = client.get(reverse("demo:outbox-mail", kwargs={"mail_id": kept.pk}, urlconf=DEMO_URLCONF))
    assert page.status_code == 200
    assert f'href="{link.group(0)}"' in page.text.replace("&amp;", "&"), "the link can be opened"
    # The HTML version is shown as its source, never rendered.
    assert "&lt;a " in page.text or "&lt;p" in page.text


@override_settings(DEMO_MODE=True, ROOT_URLCONF=DEMO_URLCONF, **PRODUCTION_MAIL)
def test_html_in_a_message_is_shown_as_text(world: World) -> None:
    message = EmailMultiAlternatives("Hello", "Plain <b>text</b>", to=["a@example.org"])
    message.attach_alternative('<script>alert(1)</script><p onclick="x()">Hi</p>', "text/html")
    message.send()
    kept = DemoMail.objects.get()
    page = Client().get(reverse("demo:outbox-mail", kwargs={"mail_id": kept.pk}, urlconf=DEMO_URLCONF))
    assert "<script>" not in page.text and "<b>text</b>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.mark.django_db
@override_settings(DEMO_MODE=False, **PRODUCTION_MAIL)
def test_outside_the_demo_no_mail_is_kept() -> None:
    EmailMultiAlternatives("Hello", "Body", to=["a@example.org"]).send()
    assert len(mail.outbox) == 1
    assert not DemoMail.objects.exists()
