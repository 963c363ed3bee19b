"""Passkeys: add one (from the security page, or as a first factor from the set-up page), ask the
browser for one at the second-factor page, remove one.

The browser's half is static/js/passkeys.js: it posts the page's form to an options address for a
fresh challenge (JSON), lets the person's device answer, and posts the answer with the same form.
Adding and asking live under the second-factor pages' address, which the gate leaves open; adding
needs a session that has given its second factor, or a person who has none yet (as setting up the
app does), so a password alone never adds a factor to an account that has one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from commonground.accounts.people import person_from
from commonground.identity import gate, second_factor
from commonground.identity.forms import PasskeyForm
from commonground.identity.views_second_factor import is_staff, next_url

NOT_NOW = "Give your second factor first, then add a passkey from your security page."


def _may_add(request: HttpRequest, found: second_factor.Factors) -> bool:
    return bool(request.session.get(gate.PASSED)) or not found.any


def _first_error(form: PasskeyForm) -> str:
    return next(str(error) for errors in form.errors.values() for error in errors)


@login_required
@require_POST
def new_options(request: HttpRequest) -> JsonResponse:
    """A fresh challenge for a new passkey, once the name the person typed is a good one."""
    person = person_from(request)
    found = second_factor.factors(person)
    if not _may_add(request, found):
        return JsonResponse({"error": NOT_NOW}, status=403)
    form = PasskeyForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _first_error(form), "field": "name"}, status=400)
    return JsonResponse(second_factor.passkey_creation_options(person))


@login_required
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """Keep the passkey the browser made; the first factor brings recovery codes. The form says
    where to go next (the security page, or where the set-up page was going)."""
    person = person_from(request)
    found = second_factor.factors(person)
    passed = bool(request.session.get(gate.PASSED))
    if not _may_add(request, found):
        messages.error(request, NOT_NOW)
        return redirect("identity:second-factor")
    # Back to the security page when the gate lets the person see it, else to setting up.
    sees_security = passed or not request.session.get(gate.NEEDED)
    back = reverse("identity:security")
    if not sees_security:
        back = f"{reverse('identity:set-up')}?{urlencode({'next': next_url(request)})}"
    form = PasskeyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(back)
    if not form.cleaned_data["credential"]:
        messages.error(request, "Adding a passkey needs JavaScript, which this browser did not run.")
        return redirect(back)
    name = form.cleaned_data["name"]
    added = second_factor.add_passkey(
        request=request, person=person, found=found, name=name, answer=form.cleaned_data["credential"]
    )
    if added is None:
        messages.error(request, "The passkey was not added: your device's answer did not match. Try again.")
        return redirect(back)
    if not passed:
        gate.mark_passed(request, how="passkey")
    request.session[gate.ENROLLED] = True
    request.session[gate.NEEDED] = True
    if added.made_recovery_codes:
        messages.success(request, f"Passkey “{name}” added. Keep your recovery codes somewhere safe.")
        return redirect(f"{reverse('identity:recovery-codes')}?{urlencode({'next': next_url(request)})}")
    messages.success(request, f"Passkey “{name}” added.")
    return redirect(next_url(request))


@login_required
@require_POST
def sign_in_options(request: HttpRequest) -> JsonResponse:
    """A fresh challenge for one of the person's passkeys, at the second-factor page."""
    person = person_from(request)
    if not second_factor.factors(person).passkey_rows:
        return JsonResponse({"error": "You have no passkey here. Use a code instead."}, status=404)
    return JsonResponse(second_factor.passkey_request_options(person))


@login_required
@require_POST
def remove(request: HttpRequest, passkey_id: int) -> HttpResponse:
    """Remove one of your passkeys. Staff keep at least one factor; a participant's last one
    switches the second factor off."""
    removal = second_factor.remove_passkey(
        request=request, person=person_from(request), passkey_id=passkey_id, keep_one=is_staff(request)
    )
    if removal is None:
        raise Http404("No such passkey.")
    if not removal.removed:
        messages.error(
            request,
            "Leads, facilitators and administrators must keep a second factor: "
            "add another passkey or an authenticator app before removing this one.",
        )
    elif removal.was_last:
        request.session[gate.ENROLLED] = False
        request.session[gate.NEEDED] = False
        messages.success(request, f"Passkey “{removal.name}” removed. Your second factor is switched off.")
    else:
        messages.success(request, f"Passkey “{removal.name}” removed.")
    return redirect("identity:security")
