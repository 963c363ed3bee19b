"""The second-factor pages: set one up, give it at sign-in, and look after it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import throttle
from commonground.accounts.models import Person
from commonground.core.forms import form_status
from commonground.identity import gate, second_factor
from commonground.identity.forms import CodeForm
from commonground.programmes import idle

SETUP_SECRET = "second-factor-new-secret"
DEMO_DOMAIN = "@demo.example"


def _person(request: HttpRequest) -> Person:
    user = request.user
    assert isinstance(user, Person)
    return user


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("home")


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Scan the code (or type the key) into an authenticator app, then type the code it shows."""
    person = _person(request)
    if second_factor.has_totp(person):
        return redirect("identity:security")
    secret = request.session.get(SETUP_SECRET) or second_factor.new_secret()
    request.session[SETUP_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.set_up(request=request, person=person, secret=secret, code=form.cleaned_data["code"]):
            request.session.pop(SETUP_SECRET, None)
            gate.mark_passed(request, how="authenticator app")
            request.session[gate.NEEDED] = True
            messages.success(request, "Your authenticator app is set up. Keep your recovery codes somewhere safe.")
            return redirect(f"{reverse('identity:recovery-codes')}?next={_next(request)}")
        form.add_error("code", "That code is not right. Type the 6 digits your app shows now.")
    uri = second_factor.provisioning_uri(person, secret)
    context = {
        "form": form,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "qr": second_factor.qr_data_uri(uri),
        "required": bool(request.session.get(gate.NEEDED)),
        "next": _next(request),
    }
    return render(request, "identity/set_up.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    """At sign-in: the code from the app, or a recovery code."""
    person = _person(request)
    if request.session.get(gate.PASSED):
        return redirect(_next(request))
    if not second_factor.has_totp(person) and not second_factor.recovery_codes(person):
        return redirect("identity:set-up")
    form = CodeForm(request.POST or None)
    address = throttle.client_address(request)
    if request.method == "POST" and form.is_valid():
        if throttle.is_locked(email=person.email, address=address):
            logout(request)
            messages.error(request, "Too many wrong codes. Wait 15 minutes, then sign in again.")
            return redirect("accounts:login")
        how = second_factor.check(person=person, code=form.cleaned_data["code"])
        if how is not None:
            throttle.clear(email=person.email)
            gate.mark_passed(request, how=how)
            if how == "recovery code":
                left = len(second_factor.recovery_codes(person))
                messages.warning(request, f"You used a recovery code; {left} left. Make new ones on your security page if you run low.")
            return redirect(_next(request))
        throttle.record_failure(email=person.email, address=address)
        form.add_error("code", "That code is not right, or was used already. Type the code your app shows now.")
    context = {
        "form": form,
        "next": _next(request),
        "demo_code": second_factor.current_code(person)
        if settings.DEMO_MODE and person.email.endswith(DEMO_DOMAIN)
        else None,
    }
    return render(request, "identity/give.html", context, status=form_status(form))


@login_required
def security(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    context = {
        "has_app": second_factor.has_totp(person),
        "codes_left": len(second_factor.recovery_codes(person)),
        "staff": _is_staff(request),
        "passed": request.session.get(gate.PASSED, ""),
    }
    return render(request, "identity/security.html", context)


def _is_staff(request: HttpRequest) -> bool:
    return bool(request.session.get(idle.STAFF))


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if request.method == "POST":
        codes = second_factor.renew_recovery_codes(request=request, person=person)
        messages.success(request, "New recovery codes made; the old ones no longer work.")
    else:
        codes = second_factor.recovery_codes(person)
    return render(request, "identity/recovery_codes.html", {"codes": codes, "next": _next(request)})


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Participants who opted in may switch the second factor off; staff must keep one."""
    person = _person(request)
    if _is_staff(request):
        messages.error(request, "Leads, facilitators and administrators must keep a second factor.")
        return redirect("identity:security")
    second_factor.remove(request=request, person=person)
    request.session[gate.ENROLLED] = False
    request.session[gate.NEEDED] = False
    messages.success(request, "Your second factor is switched off.")
    return redirect("identity:security")
