"""Onboarding's pages: who sees them, and what a site administrator and a system's administrator do on them."""

import io

import pytest
from django.core import mail
from django.urls import reverse

from commonground.programmes.models import Organisation, Place, System, SystemAdmin
from tests import factories
from tests.onboarding.conftest import NewSystem, signed_in


def test_a_site_administrator_sees_every_system_and_invites_a_new_one(
    northshire: NewSystem, site_admin, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    client = signed_in(site_admin)
    listing = client.get(reverse("onboarding:index"))
    assert listing.status_code == 200 and "Northshire Health and Care" in listing.text
    assert listing["Cache-Control"].startswith("private") or "no-store" in listing["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("onboarding:invite"), {
            "system_name": "Westmoor Care Partnership", "admin_name": "Wren Admin", "admin_email": "wren@westmoor.example"})
    system = System.objects.get(name="Westmoor Care Partnership")
    assert response.status_code == 302 and response["Location"] == reverse("onboarding:tasks", args=[system.pk])
    assert [m.to for m in mail.outbox] == [["wren@westmoor.example"]]
    assert client.get(reverse("onboarding:tasks", args=[northshire.system.pk])).status_code == 200


def test_a_taken_name_is_refused_on_the_form(northshire: NewSystem, site_admin) -> None:  # type: ignore[no-untyped-def]
    response = signed_in(site_admin).post(reverse("onboarding:invite"), {
        "system_name": "northshire health and care", "admin_name": "Wren Admin", "admin_email": "wren@westmoor.example"})
    assert response.status_code == 400
    assert "A system called northshire health and care is already on Common Ground." in response.text
    assert System.objects.count() == 1 and mail.outbox == []


def test_a_system_administrator_sees_only_their_own_system(northshire: NewSystem) -> None:
    other = factories.SystemFactory(name="Southmoor")
    client = signed_in(northshire.admin)
    assert client.get(reverse("onboarding:index"))["Location"] == reverse("onboarding:tasks", args=[northshire.system.pk])
    assert client.get(reverse("onboarding:tasks", args=[northshire.system.pk])).status_code == 200
    for step in ("tasks", "places", "checklist", "import"):
        assert client.get(reverse(f"onboarding:{step}", args=[other.pk])).status_code == 404
        assert client.post(reverse(f"onboarding:{step}", args=[other.pk])).status_code == 404
    assert client.get(reverse("onboarding:invite")).status_code == 404


def test_staff_who_are_not_superusers_are_not_site_administrators(northshire: NewSystem) -> None:
    staff = factories.PersonFactory(email="staff@operators.example", is_staff=True)
    assert signed_in(staff).get(reverse("onboarding:tasks", args=[northshire.system.pk])).status_code == 404


def test_the_task_list_shows_each_step_and_what_is_done(northshire: NewSystem) -> None:
    page = signed_in(northshire.admin).get(reverse("onboarding:tasks", args=[northshire.system.pk])).text
    assert "You have done 1 of 7 steps." in page  # the places
    assert 'nhsuk-task-list__status--completed" id="task-places-status"' in page


def test_places_are_added_then_the_step_continues(northshire: NewSystem) -> None:
    client = signed_in(northshire.admin)
    url = reverse("onboarding:places", args=[northshire.system.pk])
    assert client.post(url, {"name": "West Fell", "population": "120000", "then": "add"})["Location"] == url
    assert client.post(url, {"name": "", "then": "continue"})["Location"] == reverse(
        "onboarding:organisations", args=[northshire.system.pk])
    refused = client.post(url, {"name": "north vale", "then": "add"})
    assert refused.status_code == 400 and "already has a place called north vale" in refused.text
    assert Place.objects.filter(system=northshire.system).count() == 3


def test_a_typed_organisation_with_a_malformed_code_is_refused_and_nothing_is_written(northshire: NewSystem) -> None:
    response = signed_in(northshire.admin).post(reverse("onboarding:organisations", args=[northshire.system.pk]), {
        "name": "Vale Trust", "ods_code": "R!K", "sector": "nhs_acute", "places": [northshire.north.pk], "then": "add"})
    assert response.status_code == 400
    assert "“R!K” is not an NHS organisation code" in response.text
    assert not Organisation.objects.exists()


def test_an_import_with_a_wrong_row_lists_every_problem_and_writes_nothing(northshire: NewSystem) -> None:
    upload = io.BytesIO(b"name,ods code,sector,place\nVale Trust,RTK,NHS acute,North Vale\nHill Surgery,,Hospital,South Downs\n")
    upload.name = "organisations.csv"
    response = signed_in(northshire.admin).post(reverse("onboarding:import", args=[northshire.system.pk]), {"file": upload})
    assert response.status_code == 400
    assert "Row 3, sector: “Hospital” is not one of NHS acute" in response.text
    assert not Organisation.objects.exists()


def test_the_checklist_lists_what_is_missing_instead_of_the_button(northshire: NewSystem) -> None:
    page = signed_in(northshire.admin).get(reverse("onboarding:checklist", args=[northshire.system.pk])).text
    assert "Still missing" in page and "Open applications to" not in page
    assert reverse("onboarding:details", args=[northshire.system.pk]) in page


def test_opening_with_something_missing_changes_nothing(northshire: NewSystem) -> None:
    response = signed_in(northshire.admin).post(reverse("onboarding:checklist", args=[northshire.system.pk]))
    assert response.status_code == 400 and "Still missing: data controller" in response.text


@pytest.mark.parametrize("step", ["sectors", "sign-in"])
def test_a_choice_step_records_it_and_goes_on(northshire: NewSystem, step: str) -> None:
    client = signed_in(northshire.admin)
    data = {"how": "email"} if step == "sign-in" else {}
    response = client.post(reverse(f"onboarding:{step}", args=[northshire.system.pk]), data)
    assert response.status_code == 302
    onboarding = northshire.system.onboarding
    onboarding.refresh_from_db()
    assert (onboarding.sectors_confirmed_at if step == "sectors" else onboarding.email_links_chosen_at) is not None


def test_a_site_administrator_who_does_not_administer_the_system_is_not_offered_its_providers(
    northshire: NewSystem, site_admin  # type: ignore[no-untyped-def]
) -> None:
    page = signed_in(site_admin).get(reverse("onboarding:sign-in", args=[northshire.system.pk])).text
    assert reverse("identity:providers", args=[northshire.system.pk]) not in page
    SystemAdmin.objects.create(system=northshire.system, person=site_admin)
    page = signed_in(site_admin).get(reverse("onboarding:sign-in", args=[northshire.system.pk])).text
    assert reverse("identity:providers", args=[northshire.system.pk]) in page


def test_the_programme_step_recommends_a_template_to_whoever_may_start_the_systems_intakes(
    northshire: NewSystem, site_admin  # type: ignore[no-untyped-def]
) -> None:
    url = reverse("onboarding:programme", args=[northshire.system.pk])
    page = signed_in(northshire.admin).get(url).text
    assert "Recommended: start from a template" in page
    assert reverse("blueprints:templates", args=[northshire.system.pk]) in page
    assert "Recommended: start from a template" not in signed_in(site_admin).get(url).text
