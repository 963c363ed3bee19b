"""The demo's outbox: every message delivered while DEMO_MODE is on, whole, for whoever runs the demo.

It exists only in the demo (its URLs are in `commonground/urls_demo.py`, the URLconf DEMO_MODE
selects) and answers 404 whenever DEMO_MODE is off. Anyone may read it, signed in or not: it is
where the laptop demo's sign-in links arrive before anyone has signed in, and the demo already
gives everyone every account (the password is printed when it starts). Demo data is fictional.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from commonground.accounts.models import DemoMail

MAILS_PER_PAGE = 50


def _demo_only() -> None:
    if not settings.DEMO_MODE:
        raise Http404


def outbox(request: HttpRequest) -> HttpResponse:
    _demo_only()
    page = Paginator(
        DemoMail.objects.only("to", "subject", "delivered_at"), MAILS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "accounts/outbox.html", {"page": page})


def outbox_mail(request: HttpRequest, mail_id: int) -> HttpResponse:
    _demo_only()
    return render(request, "accounts/outbox_mail.html", {"mail": get_object_or_404(DemoMail, pk=mail_id)})
