"""The second-factor pages: set one up, give it at sign-in, and look after it. Each page reads the
person's second factors once (`second_factor.factors`)."""

import ipaddress

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts import throttle
from commonground.accounts.models import Person
from commonground.accounts.people import person_from
from commonground.core.forms import form_status
from commonground.identity import gate, second_factor
from commonground.identity.forms import CodeForm, PasskeyAnswerForm, PasskeyForm
from commonground.programmes import idle

SETUP_SECRET = "second-factor-new-secret"
DEMO_DOMAIN = "@demo.example"


def next_url(request: HttpRequest) -> str:
    """Where to go afterwards: the `next` asked for, when it is on this site; else home."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("home")


def is_staff(request: HttpRequest) -> bool:
    return bool(request.session.get(idle.STAFF))


def passkey_context(request: HttpRequest, *, then: str) -> dict[str, object]:
    """What a page offering "Add a passkey" shows; `then` is where to go once it is added.
    Browsers make passkeys only for a site opened by its name, never by a numeric address (the
    demo's 127.0.0.1), so such a page says so, and in the demo links to the same page on localhost."""
    domain, port = split_domain_port(request.get_host())
    try:
        ipaddress.ip_address(domain.strip("[]"))
    except ValueError:
        by_name = True
    else:
        by_name = False
    on_localhost = f"http://localhost{':' + port if port else ''}{request.path}"
    return {
        "passkey_form": PasskeyForm(),
        "passkey_next": then,
        "passkeys_work_here": by_name,
        "demo_address": on_localhost if settings.DEMO_MODE and not by_name else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """A first second factor: scan the code (or type the key) into an authenticator app, then type
    the code it shows; or add a passkey."""
    person = person_from(request)
    found = second_factor.factors(person)
    if found.any and not request.session.get(gate.PASSED):
        return redirect("identity:second-factor")  # a password alone adds no factor to an account that has one
    if found.app is not None:
        return redirect("identity:security")
    secret = request.session.get(SETUP_SECRET) or second_factor.new_secret()
    request.session[SETUP_SECRET] = secret
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = second_factor.set_up(
            request=request, person=person, found=found, secret=secret, code=form.cleaned_data["code"]
        )
        if added is not None:
            request.session.pop(SETUP_SECRET, None)
            if not request.session.get(gate.PASSED):
                gate.mark_passed(request, how="authenticator app")
            request.session[gate.ENROLLED] = True
            request.session[gate.NEEDED] = True
            if not added.made_recovery_codes:
                messages.success(request, "Your authenticator app is set up.")
                return redirect("identity:security")
            messages.success(request, "Your authenticator app is set up. Keep your recovery codes somewhere safe.")
            return redirect(f"{reverse('identity:recovery-codes')}?next={next_url(request)}")
        form.add_error("code", "That code is not right. Type the 6 digits your app shows now.")
    uri = second_factor.provisioning_uri(person, secret)
    context = {
        "form": form,
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "qr": second_factor.qr_data_uri(uri),
        "required": bool(request.session.get(gate.NEEDED)),
        "first": not found.any,
        "next": next_url(request),
        **passkey_context(request, then=next_url(request)),
    }
    return render(request, "identity/set_up.html", context, status=form_status(form))


def _passed(request: HttpRequest, person: Person, passed: second_factor.Passed) -> HttpResponse:
    throttle.clear(email=person.email)
    gate.mark_passed(request, how=passed.how)
    if passed.codes_left is not None:
        messages.warning(
            request,
            f"You used a recovery code; {passed.codes_left} left. Make new ones on your security page if you run low.",
        )
    return redirect(next_url(request))


@login_required
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    """At sign-in: a passkey, the code from the app, or a recovery code."""
    person = person_from(request)
    if request.session.get(gate.PASSED):
        return redirect(next_url(request))
    found = second_factor.factors(person)
    if not found.any and not found.codes:
        return redirect("identity:set-up")
    using_passkey = request.method == "POST" and "credential" in request.POST
    form = CodeForm(request.POST if request.method == "POST" and not using_passkey else None)
    answer = PasskeyAnswerForm(request.POST if using_passkey else None)
    address = throttle.client_address(request)
    if request.method == "POST" and (answer.is_valid() if using_passkey else form.is_valid()):
        if throttle.is_locked(email=person.email, address=address):
            logout(request)
            messages.error(request, "Too many wrong codes. Wait 15 minutes, then sign in again.")
            return redirect("accounts:login")
        if using_passkey:
            passed = second_factor.check_passkey(person=person, found=found, answer=answer.cleaned_data["credential"])
        else:
            passed = second_factor.check(found=found, code=form.cleaned_data["code"])
        if passed is not None:
            return _passed(request, person, passed)
        throttle.record_failure(email=person.email, address=address)
        if not using_passkey:
            form.add_error("code", "That code is not right, or was used already. Type the code your app shows now.")
    # Whatever was wrong with a passkey's answer, the person is told the same.
    passkey_error = "Your passkey was not accepted. Try it again, or use a code instead." if using_passkey else ""
    context = {
        "form": form,
        "passkey_error": passkey_error,
        "has_app": found.app is not None,
        "has_passkey": bool(found.passkey_rows),
        "next": next_url(request),
        "demo_code": second_factor.current_code(found)
        if settings.DEMO_MODE and person.email.endswith(DEMO_DOMAIN)
        else None,
    }
    return render(request, "identity/give.html", context, status=400 if passkey_error else form_status(form))


@login_required
def security(request: HttpRequest) -> HttpResponse:
    found = second_factor.factors(person=person_from(request))
    staff = is_staff(request)
    context = {
        "has_app": found.app is not None,
        "passkeys": found.passkeys,
        "has_factor": found.any,
        # Staff keep at least one factor: a passkey may go only while another remains.
        "may_remove_a_passkey": not staff or found.count > 1,
        "codes_left": len(found.codes),
        "staff": staff,
        "passed": request.session.get(gate.PASSED, ""),
        **passkey_context(request, then=reverse("identity:security")),
    }
    return render(request, "identity/security.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    person = person_from(request)
    if request.method == "POST":
        codes = second_factor.renew_recovery_codes(request=request, person=person)
        messages.success(request, "New recovery codes made; the old ones no longer work.")
    else:
        codes = second_factor.factors(person).codes
    return render(request, "identity/recovery_codes.html", {"codes": codes, "next": next_url(request)})


@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Participants who opted in may switch the second factor off; staff must keep one."""
    person = person_from(request)
    if is_staff(request):
        messages.error(request, "Leads, facilitators and administrators must keep a second factor.")
        return redirect("identity:security")
    second_factor.remove(request=request, person=person)
    request.session[gate.ENROLLED] = False
    request.session[gate.NEEDED] = False
    messages.success(request, "Your second factor is switched off.")
    return redirect("identity:security")
