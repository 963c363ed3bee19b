"""A system administrator's pages for the system's identity providers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts.people import person_from
from commonground.core.forms import errors_onto, form_status
from commonground.identity import services
from commonground.identity.forms import ProviderForm
from commonground.identity.models import IdentityProvider
from commonground.programmes.models import System, SystemAdmin


def administered_system(request: HttpRequest, system_id: int) -> System:
    """The system, when the signed-in person administers it; 404 otherwise."""
    person = person_from(request)
    if not SystemAdmin.objects.filter(system_id=system_id, person=person).exists():
        raise Http404("No such system.")
    return get_object_or_404(System, pk=system_id)


def _provider(system: System, provider_id: int) -> IdentityProvider:
    return get_object_or_404(IdentityProvider.objects.select_related("app"), pk=provider_id, system=system)


@login_required
def providers(request: HttpRequest, system_id: int) -> HttpResponse:
    system = administered_system(request, system_id)
    rows = system.identity_providers.prefetch_related("domains").select_related("app")
    return render(request, "identity/providers.html", {"system": system, "providers": rows})


def _save(request: HttpRequest, form: ProviderForm, system: System, provider: IdentityProvider | None) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        details = services.Details(
            name=data["name"], kind=data["kind"], tenant=data["tenant"].strip(), issuer=data["issuer"],
            client_id=data["client_id"].strip(), client_secret=data["client_secret"],
            domains=services.parse_domains(data["domains"]), vouches_for_domains=data["vouches_for_domains"],
        )
        if provider is None:
            services.register(system=system, details=details)
        else:
            services.update(provider=provider, details=details)
    except ValidationError as exc:
        errors_onto(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def provider_new(request: HttpRequest, system_id: int) -> HttpResponse:
    system = administered_system(request, system_id)
    form = ProviderForm(request.POST or None)
    if request.method == "POST" and _save(request, form, system, None):
        messages.success(request, f"{form.cleaned_data['name']} added. People of its domains are now sent there to sign in.")
        return redirect("identity:providers", system_id=system.pk)
    context = {"system": system, "form": form, "provider": None}
    return render(request, "identity/provider_form.html", context, status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, system_id: int, provider_id: int) -> HttpResponse:
    system = administered_system(request, system_id)
    provider = _provider(system, provider_id)
    initial = {
        "name": provider.name, "kind": provider.kind, "tenant": provider.tenant, "issuer": provider.issuer,
        "client_id": provider.app.client_id, "vouches_for_domains": provider.vouches_for_domains,
        "domains": "\n".join(provider.domains.values_list("domain", flat=True)),
    }
    form = ProviderForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and _save(request, form, system, provider):
        messages.success(request, f"{provider.name} saved.")
        return redirect("identity:providers", system_id=system.pk)
    context = {"system": system, "form": form, "provider": provider}
    return render(request, "identity/provider_form.html", context, status=form_status(form))


@login_required
@require_POST
def provider_remove(request: HttpRequest, system_id: int, provider_id: int) -> HttpResponse:
    system = administered_system(request, system_id)
    provider = _provider(system, provider_id)
    name = provider.name
    services.remove(provider=provider)
    messages.success(request, f"{name} removed: its people sign in with a password or an emailed link again.")
    return redirect("identity:providers", system_id=system.pk)
