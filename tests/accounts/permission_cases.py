"""Permission cases for the URLs that exist only in the laptop demo (DEMO_MODE, `commonground/urls_demo.py`).

The outbox is for whoever runs the demo, signed in or not: it is where a demo sign-in link
arrives before anyone has signed in, and the demo already gives every account to everyone.
`tests/test_permissions.py` checks these with the demo's URLconf and DEMO_MODE on, and checks
that they do not exist otherwise.
"""

from commonground.accounts.models import DemoMail
from tests.conftest import World
from tests.matrix import Case, _all

DEMO_URLCONF = "commonground.urls_demo"


def _mail(w: World) -> dict[str, int | str]:
    mail = DemoMail.objects.create(
        to=w.alice.email, subject="Your sign-in link", from_email="no-reply@example.org", body="Hello"
    )
    return {"mail_id": mail.pk}


DEMO_CASES: list[Case] = [
    Case("demo:outbox", expected=_all(200)),
    Case("demo:outbox-mail", kwargs=_mail, expected=_all(200)),
    Case("demo:outbox-mail", kwargs=lambda w: {"mail_id": 987654}, expected=_all(404), label="no such mail"),
]
