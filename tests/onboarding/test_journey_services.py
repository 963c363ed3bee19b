"""The services of onboarding, in the order a new system meets them: the invitation, the first
programme and its lead, and opening applications only when the checklist has nothing missing."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.onboarding import queries
from commonground.onboarding.models import Onboarding
from commonground.onboarding.services.invitations import invite_system
from commonground.onboarding.services.opening import open_first_applications
from commonground.onboarding.services.programme import Lead, save_first_programme
from commonground.programmes import system_setup
from commonground.programmes.models import (
    Cohort,
    Membership,
    ProgrammeStatus,
    Role,
    Sector,
    System,
    SystemAdmin,
)
from commonground.recruitment.models import EligibilityRule
from tests import factories
from tests.onboarding.conftest import NewSystem

TODAY = dt.date(2027, 3, 1)


@pytest.fixture(autouse=True)
def frozen_clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def test_an_invitation_makes_the_system_its_administrator_and_mails_a_working_sign_in_link(
    db: None, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        invited = invite_system(system_name="Westmoor Care Partnership", admin_name="Wren Admin",
                                admin_email="Wren@Westmoor.example")
    system = System.objects.get(name="Westmoor Care Partnership")
    assert invited.new_account and invited.person.email == "wren@westmoor.example"
    assert not invited.person.has_usable_password()
    assert SystemAdmin.objects.filter(system=system, person=invited.person).exists()
    assert Onboarding.objects.filter(system=system).exists()
    (message,) = mail.outbox
    assert message.to == ["wren@westmoor.example"] and "Westmoor Care Partnership" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/sign-in/link/use/\S+)", message.body)
    assert link is not None
    response = Client().post(link.group(1))
    assert response.status_code == 302 and response["Location"] == reverse("onboarding:tasks", args=[system.pk])


def test_an_invitation_reuses_an_existing_account(db: None) -> None:
    known = factories.PersonFactory(full_name="Kim Known", email="kim@example.org")
    invited = invite_system(system_name="Eastholm", admin_name="", admin_email="KIM@example.org")
    assert invited.person == known and not invited.new_account
    assert Person.objects.filter(email__iexact="kim@example.org").count() == 1


@pytest.mark.parametrize(
    ("system_name", "name", "email", "field"),
    [
        ("Northshire Health and Care", "Nia New", "nia@example.org", "system_name"),
        ("", "Nia New", "nia@example.org", "system_name"),
        ("Line\nbreak", "Nia New", "nia@example.org", "system_name"),
        ("Southmoor", "", "nia@example.org", "admin_name"),
        ("Southmoor", "Nia New", "not an address", "admin_email"),
    ],
    ids=["name taken", "no name", "line break", "new account without a name", "bad address"],
)
def test_a_refused_invitation_names_the_field_and_makes_nothing(
    northshire: NewSystem, system_name: str, name: str, email: str, field: str
) -> None:
    before = (System.objects.count(), Person.objects.count(), SystemAdmin.objects.count())
    with pytest.raises(ValidationError) as refused:
        invite_system(system_name=system_name, admin_name=name, admin_email=email)
    assert field in refused.value.message_dict
    assert (System.objects.count(), Person.objects.count(), SystemAdmin.objects.count()) == before
    assert mail.outbox == []


def ready_to_open(northshire: NewSystem) -> None:
    """Everything the checklist needs, done through the services."""
    system_setup.save_details(system_id=northshire.system.pk, name=northshire.system.name, short_name="Northshire",
                              data_controller="Northshire ICB", privacy_contact="dpo@northshire.example")
    system_setup.add_organisations(system=northshire.system, organisations=[
        system_setup.NewOrganisation("North Vale Hospitals", Sector.NHS_ACUTE, "RTK", (northshire.north.pk,)),
        system_setup.NewOrganisation("Downs Community Action", Sector.VOLUNTARY_COMMUNITY, "", (northshire.south.pk,)),
    ])
    programme = save_first_programme(
        system=northshire.system, by=northshire.admin, title="Northshire 200", starts_on=TODAY + dt.timedelta(days=120),
        ends_on=TODAY + dt.timedelta(days=360), capacities={northshire.north.pk: 100, northshire.south.pk: 80},
        lead=Lead(),
    )
    EligibilityRule.objects.create(programme=programme, applications_open=False)


def test_the_first_programme_has_a_cohort_per_place_and_its_lead(northshire: NewSystem) -> None:
    ready_to_open(northshire)
    programme = Onboarding.objects.get(system=northshire.system).programme
    assert programme is not None and programme.status == ProgrammeStatus.DRAFT
    assert sorted(Cohort.objects.filter(programme=programme).values_list("name", "capacity")) == [
        ("North Vale cohort", 100), ("South Downs cohort", 80)]
    assert Membership.objects.get(programme=programme, role=Role.LEAD).person == northshire.admin


def test_saving_the_programme_again_changes_it_rather_than_making_another(northshire: NewSystem) -> None:
    ready_to_open(northshire)
    save_first_programme(system=northshire.system, by=northshire.admin, title="Northshire 250",
                         starts_on=TODAY + dt.timedelta(days=100), ends_on=TODAY + dt.timedelta(days=300),
                         capacities={northshire.north.pk: 150, northshire.south.pk: 100}, lead=Lead())
    (programme,) = northshire.system.programmes.all()
    assert programme.title == "Northshire 250"
    assert sorted(programme.cohorts.values_list("capacity", flat=True)) == [100, 150]


def test_an_invited_lead_gets_an_account_the_role_and_a_sign_in_link(
    northshire: NewSystem, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        programme = save_first_programme(
            system=northshire.system, by=northshire.admin, title="Northshire 200", starts_on=TODAY + dt.timedelta(days=90),
            ends_on=TODAY + dt.timedelta(days=300), capacities={northshire.north.pk: 10, northshire.south.pk: 10},
            lead=Lead(email="lee@northshire.example", full_name="Lee Lead"),
        )
    lee = Person.objects.get(email="lee@northshire.example")
    assert Membership.objects.filter(programme=programme, role=Role.LEAD, person=lee).exists()
    assert not Membership.objects.filter(programme=programme, person=northshire.admin).exists()
    (message,) = mail.outbox
    assert message.to == ["lee@northshire.example"] and "/accounts/sign-in/link/use/?token=" in message.body


def test_a_capacity_out_of_range_is_refused_and_nothing_is_made(northshire: NewSystem) -> None:
    with pytest.raises(ValidationError) as refused:
        save_first_programme(system=northshire.system, by=northshire.admin, title="Northshire 200",
                             starts_on=TODAY + dt.timedelta(days=90), ends_on=TODAY + dt.timedelta(days=300),
                             capacities={northshire.north.pk: 10, northshire.south.pk: 0}, lead=Lead())
    assert f"capacity_{northshire.south.pk}" in refused.value.message_dict
    assert not northshire.system.programmes.exists()


def test_the_checklist_names_what_is_missing_and_opening_is_refused_until_it_is_done(northshire: NewSystem) -> None:
    onboarding = Onboarding.objects.get(system=northshire.system)
    missing = [i.title for i in queries.missing(queries.checklist(queries.facts(northshire.system, onboarding)))]
    assert missing == ["Data controller and privacy contact named", "Organisations in every place",
                       "A programme with cohorts and capacities", "Eligibility: who may apply",
                       "An application window", "A programme lead"]
    with pytest.raises(ValidationError, match="Still missing: data controller"):
        open_first_applications(system=northshire.system)


def test_a_place_without_organisations_keeps_applications_closed(northshire: NewSystem) -> None:
    ready_to_open(northshire)
    factories.PlaceFactory(system=northshire.system, name="West Fell")
    onboarding = Onboarding.objects.get(system=northshire.system)
    items = queries.checklist(queries.facts(northshire.system, onboarding))
    (organisations,) = [i for i in items if i.title == "Organisations in every place"]
    assert not organisations.met and organisations.detail == "No organisation works in West Fell yet."
    with pytest.raises(ValidationError, match="organisations in every place"):
        open_first_applications(system=northshire.system)
    assert northshire.system.programmes.get().status == ProgrammeStatus.DRAFT


def test_a_programme_that_has_started_has_no_application_window(northshire: NewSystem) -> None:
    ready_to_open(northshire)
    northshire.system.programmes.update(starts_on=timezone.localdate())
    with pytest.raises(ValidationError, match="an application window"):
        open_first_applications(system=northshire.system)


def test_with_nothing_missing_applications_open_and_the_public_form_answers(northshire: NewSystem) -> None:
    ready_to_open(northshire)
    programme = open_first_applications(system=northshire.system)
    programme.refresh_from_db()
    assert programme.status == ProgrammeStatus.RECRUITING
    assert EligibilityRule.objects.get(programme=programme).applications_open
    assert Client().get(reverse("recruitment:apply", args=[programme.pk])).status_code == 200
