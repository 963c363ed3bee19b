"""The site administrator's offboarding pages, and nobody else's (404)."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.offboarding.models import Action, OffboardingRecord
from commonground.programmes.models import System
from tests import factories
from tests.offboarding.conftest import signed_in
from tests.offboarding.systems import Built


def pages(system: Built) -> list[str]:
    return [
        reverse("offboarding:records"),
        reverse("offboarding:system", args=[system.system_id]),
        reverse("offboarding:export", args=[system.system_id]),
        reverse("offboarding:delete", args=[system.system_id]),
    ]


def test_a_site_administrator_sees_the_system_and_what_leaving_does(systems: tuple[Built, Built], site_admin: Person) -> None:
    a, _b = systems
    client = signed_in(site_admin)
    page = client.get(reverse("offboarding:system", args=[a.system_id]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert a.names.system in page.text and "Download the export" in page.text
    assert "10 people belong to no other system" in page.text
    records = client.get(reverse("offboarding:records"))
    assert reverse("offboarding:system", args=[a.system_id]) in records.text


def test_the_deletion_page_says_to_export_first(systems: tuple[Built, Built], site_admin: Person) -> None:
    a, _b = systems
    client = signed_in(site_admin)
    page = client.get(reverse("offboarding:delete", args=[a.system_id]))
    assert page.status_code == 200
    assert "Download the export first" in page.text
    refused = client.post(reverse("offboarding:delete", args=[a.system_id]), {"confirm": a.names.system})
    assert refused.status_code == 400
    assert "deletion is refused until an export of" in refused.text
    assert System.objects.filter(pk=a.system_id).exists()


def test_a_site_administrator_exports_then_deletes_a_system(systems: tuple[Built, Built], site_admin: Person) -> None:
    a, b = systems
    client = signed_in(site_admin)
    b"".join(client.post(reverse("offboarding:export", args=[a.system_id])).streaming_content)  # type: ignore[attr-defined]
    page = client.get(reverse("offboarding:delete", args=[a.system_id]))
    assert "This cannot be undone" in page.text and "Exported" in page.text
    wrong = client.post(reverse("offboarding:delete", args=[a.system_id]), {"confirm": a.names.system.upper()})
    assert wrong.status_code == 400 and "name exactly as shown" in wrong.text
    done = client.post(reverse("offboarding:delete", args=[a.system_id]), {"confirm": a.names.system}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("offboarding:records")
    assert f"{a.names.system} is deleted" in done.text
    assert not System.objects.filter(pk=a.system_id).exists() and System.objects.filter(pk=b.system_id).exists()
    assert [r.action for r in OffboardingRecord.objects.order_by("at", "pk")] == [Action.EXPORT, Action.DELETION]
    assert done.text.count(f"{a.names.system} (system {a.system_id})") == 2
    assert "Sade Siteadmin" in done.text
    assert client.get(reverse("offboarding:system", args=[a.system_id])).status_code == 404


@pytest.mark.parametrize("who", ["admin", "lead", "plain staff"])
def test_everyone_else_gets_404(systems: tuple[Built, Built], who: str) -> None:
    a, _b = systems
    person = {"admin": a.admin, "lead": a.world.lena}.get(who) or factories.PersonFactory(is_staff=True)
    client = signed_in(person)
    for url in pages(a):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"confirm": a.names.system}).status_code == 404, url
    assert System.objects.filter(pk=a.system_id).exists() and not OffboardingRecord.objects.exists()


def test_staff_given_the_offboarding_permission_may_offboard(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    operator = factories.PersonFactory(is_staff=True)
    operator.user_permissions.add(Permission.objects.get(codename="offboard_system"))
    factories.authenticator_app(operator)
    client = signed_in(operator)
    assert client.get(reverse("offboarding:system", args=[a.system_id])).status_code == 200
    operator.is_staff = False  # the permission alone, without staff access, opens nothing
    operator.save()
    assert client.get(reverse("offboarding:system", args=[a.system_id])).status_code == 404


def test_a_system_that_does_not_exist_answers_404(site_admin: Person) -> None:
    client = signed_in(site_admin)
    for url in (reverse("offboarding:system", args=[987654]), reverse("offboarding:delete", args=[987654])):
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("typed", ["\x00", "a\u202eb", "x" * 5000, "²", "\ud800".encode("utf-8", "surrogatepass")])
def test_odd_input_on_the_deletion_form_is_refused_and_changes_nothing(
    systems: tuple[Built, Built], site_admin: Person, typed: str | bytes
) -> None:
    a, _b = systems
    client = signed_in(site_admin)
    body = b"confirm=" + (typed if isinstance(typed, bytes) else typed.encode())
    response = client.post(
        reverse("offboarding:delete", args=[a.system_id]), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert System.objects.filter(pk=a.system_id).exists()
