"""Applying, eligibility, sponsor support by link, and nominations."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import Person, Seniority
from commonground.programmes.models import Organisation, Place, Sector
from commonground.recruitment.eligibility import ApplicantDetails
from commonground.recruitment.models import (
    Application,
    ApplicationStatus,
    EligibilityRule,
    SponsorRequest,
)
from commonground.recruitment.services.applications import submit_application
from commonground.recruitment.services.sponsor_support import record_sponsor_support
from tests import factories
from tests.conftest import World
from tests.factories import where_of


def form_data(world: World, **overrides: object) -> dict[str, object]:
    council = Organisation.objects.get(name="County Council")
    return {
        "full_name": "Dana Newcomer",
        "email": "Dana.Newcomer@example.org",
        "organisation": council.pk,
        "place": Place.objects.get(name="East Surrey").pk,
        "cohort": world.east.pk,
        "job_title": "Team Leader",
        "profession": "social_worker",
        "seniority": Seniority.TEAM_LEADER,
        "why_now": "We need to work together.",
        "sponsor_name": "Sam Sponsor",
        "sponsor_email": "sam@example.org",
        "access_needs": "",
        "consent": "on",
        **overrides,
    }


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"http://\S+", str(message.body))
    assert match
    return match.group(0).removeprefix("http://127.0.0.1:8000")


def test_someone_without_an_account_applies_and_their_sponsor_is_asked(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruitment:apply", args=[world.programme.pk]), form_data(world)
        )
    assert response.status_code == 302
    application = Application.objects.get(person__email="dana.newcomer@example.org")
    assert application.status == ApplicationStatus.SUBMITTED and application.consented_at
    person = application.person
    assert (
        not person.has_usable_password()
        and where_of(person, world.programme).organisation.name == "County Council"
    )
    [message] = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    assert "Dana Newcomer" in str(message.body)
    assert message.alternatives and "<a href=" in str(message.alternatives[0][0])
    assert [m.to for m in mail.outbox if m is not message] == [["dana.newcomer@example.org"]]  # a receipt


def test_an_existing_person_is_matched_by_email_and_keeps_their_profile(
    world: World, rule: EligibilityRule
) -> None:
    people = Person.objects.count()
    details = ApplicantDetails(
        full_name="Someone Else",
        email="ALICE@example.org",
        organisation=Organisation.objects.get(name="County Council"),
        place=Place.objects.get(name="East Surrey"),
        job_title="x",
        profession="nurse",
        seniority="frontline",
        why_now="",
    )
    application = submit_application(programme=world.programme, details=details)
    assert application.person == world.alice and Person.objects.count() == people
    world.alice.refresh_from_db()
    assert (
        world.alice.full_name == "Alice Acute"
        and where_of(world.alice, world.programme).organisation.name == "Surrey Acute"
    )


def test_the_form_needs_consent_and_names_the_field(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world, consent="")
    )
    assert response.status_code == 400
    assert 'href="#id_consent"' in response.text
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (
            {"allowed_sectors": [Sector.VOLUNTARY_COMMUNITY]},
            "for organisations in these sectors: Voluntary and community",
        ),
        (
            {"allowed_seniority": [Seniority.FRONTLINE]},
            "for these seniority bands: frontline practitioner",
        ),
    ],
)
def test_ineligible_applicants_are_told_why(
    client: Client, world: World, rule: EligibilityRule, setup: dict[str, object], reason: str
) -> None:
    EligibilityRule.objects.filter(pk=rule.pk).update(**setup)
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world)
    )
    assert response.status_code == 400
    assert reason in response.text
    assert not Application.objects.exists()


def test_an_organisation_outside_the_systems_places_is_not_eligible(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    nowhere = factories.OrganisationFactory(system=world.programme.system, name="Placeless Trust")
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]),
        form_data(world, organisation=nowhere.pk),
    )
    assert "Placeless Trust does not work in any of" in response.text


def test_allowed_places_limit_where_applicants_work(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    rule.allowed_places.add(Place.objects.get(name="Guildford and Waverley"))
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world)
    )
    assert "for people working in Guildford and Waverley" in response.text


def test_a_team_must_belong_to_the_organisation(
    client: Client, world: World, rule: EligibilityRule
) -> None:
    ward = factories.TeamFactory(
        organisation=Organisation.objects.get(name="Surrey Acute"), name="Ward 9"
    )
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]), form_data(world, team=ward.pk)
    )
    assert response.status_code == 400 and "Ward 9 is not a team of County Council" in response.text


def test_one_application_per_person(client: Client, world: World, rule: EligibilityRule) -> None:
    client.post(reverse("recruitment:apply", args=[world.programme.pk]), form_data(world))
    # The address now has an account, so a second application waits for its owner to confirm it …
    client.post(
        reverse("recruitment:apply", args=[world.programme.pk]),
        form_data(world, email="dana.newcomer@EXAMPLE.org"),
    )
    assert Application.objects.count() == 1
    # … and signed in as that person, the form says they have applied already.
    client.force_login(Person.objects.get(email="dana.newcomer@example.org"))
    response = client.post(
        reverse("recruitment:apply", args=[world.programme.pk]),
        form_data(world, email="dana.newcomer@example.org"),
    )
    assert "already an application" in response.text
    assert Application.objects.count() == 1


def test_the_sponsor_supports_once_by_link(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:apply", args=[world.programme.pk]), form_data(world))
    url = link_in(mail.outbox[0])
    assert client.get(url).status_code == 200
    assert (
        Application.objects.get().status == ApplicationStatus.SUBMITTED
    )  # opening the link changes nothing
    response = client.post(url, {"supported": "yes", "comment": "Ready for this"})
    assert response.status_code == 200
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SPONSOR_SUPPORTED
    assert application.decisions.last().reason == "Ready for this"  # type: ignore[union-attr]
    assert client.post(url, {"supported": "no"}).status_code == 404


def test_an_expired_sponsor_link_is_refused(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:apply", args=[world.programme.pk]), form_data(world))
    SponsorRequest.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert client.get(link_in(mail.outbox[0])).status_code == 404


def test_a_sponsor_who_does_not_support_leaves_a_reason_for_the_lead(
    world: World, rule: EligibilityRule
) -> None:
    from tests.recruitment import objects

    token = objects.sponsor_token(world)
    record_sponsor_support(
        token=token, supported=False, comment="Service pressures this winter"
    )
    application = Application.objects.get(person__full_name="Sid Supported")
    assert application.status == ApplicationStatus.SUBMITTED
    assert "Service pressures" in application.decisions.last().reason  # type: ignore[union-attr]


def test_a_sponsor_nominates_and_the_nominee_confirms(
    client: Client, world: World, rule: EligibilityRule, django_capture_on_commit_callbacks
) -> None:
    client.force_login(world.sam)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recruitment:nominate", args=[world.programme.pk]),
            {
                "nominee_name": "Nina Nurse",
                "nominee_email": "nina@example.org",
                "note": "A natural",
            },
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["nina@example.org"] and "Sam Sponsor has nominated you" in str(
        message.subject
    )
    client.logout()
    url = link_in(message)
    page = client.get(url)
    assert page.status_code == 200 and "A natural" in page.text
    data = form_data(
        world,
        full_name="Nina Nurse",
        email="ignored@example.org",
        organisation=Organisation.objects.get(name="Surrey Acute").pk,
    )
    assert client.post(url, data).status_code == 302
    application = Application.objects.get(
        person__email="nina@example.org"
    )  # the nominated email, not the posted one
    assert (
        application.status == ApplicationStatus.SPONSOR_SUPPORTED
        and application.nominated_by == world.sam
    )
    assert client.get(url).status_code == 404  # one use only


def test_only_sponsors_see_the_nomination_page(client: Client, world: World) -> None:
    client.force_login(world.alice)
    assert client.get(reverse("recruitment:nominate", args=[world.programme.pk])).status_code == 404
