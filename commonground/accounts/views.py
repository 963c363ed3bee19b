"""Sign-in, sign-in links and sign-out (the profile page is in programmes: it offers a system's organisations)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from sesame.utils import get_user

from commonground.accounts import sign_in_routes
from commonground.accounts.forms import SignInForm, SignInLinkForm
from commonground.accounts.models import Person
from commonground.accounts.sign_in_links import sign_in_link
from commonground.core.inputs import has_refused_characters
from commonground.core.mail import send_templated


class SignInView(auth_views.LoginView):
    """Email and password; an address whose organisation has its own sign-in goes there instead
    (home-realm discovery), whatever was typed as a password."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        email = str(request.POST.get("username", "")).strip()
        if email and "@" in email and len(email) <= 254 and not has_refused_characters(email):
            routed = sign_in_routes.route_for(request, email, next_url=self.get_redirect_url())
            if routed is not None:
                return routed
        return sign_in_routes.allow_forms_to_targets(super().post(request, *args, **kwargs))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return sign_in_routes.allow_forms_to_targets(super().get(request, *args, **kwargs))


@require_http_methods(["GET", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    """Email a one-time sign-in link; say the same thing whether or not the address is known."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        person = Person.objects.filter(email__iexact=email, is_active=True).first()
        if person is not None:
            link = sign_in_link(person, address=request.build_absolute_uri)
            context = {"person": person, "link": link, "minutes": settings.SESAME_MAX_AGE // 60}
            send_templated(
                "accounts/email/sign_in_link",
                subject="Your Common Ground sign-in link",
                to=person.email,
                context=context,
            )
        request.session["link_email"] = email
        return redirect("accounts:link-sent")
    return render(request, "accounts/link_request.html", {"form": form})


def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_sent.html", {"email": request.session.get("link_email", "")})


@require_http_methods(["GET", "POST"])
def use_link(request: HttpRequest) -> HttpResponse:
    """Check the link on GET and sign in on POST, so mail scanners that follow links spend nothing."""
    token = request.GET.get(settings.SESAME_TOKEN_NAME, "")
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.method == "POST":
        person = authenticate(request, sesame=token) if token else None
        if person is None:
            return render(request, "accounts/link_invalid.html", status=400)
        login(request, person, backend="sesame.backends.ModelBackend")
        messages.success(request, "You are signed in.")
        return redirect(next_url or "home")
    person = get_user(token, update_last_login=False) if token else None
    if person is None:
        return render(request, "accounts/link_invalid.html", status=400)
    return render(request, "accounts/link_confirm.html", {"subject": person})
