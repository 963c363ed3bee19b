"""What the demo holds, read from one demo seeded for the whole module (tests/seeded.py): places and
organisations, the mix of sectors and professions, sign-ins, sponsors, staff and funders.
How seeding behaves (sizes, seeds, resets, dates): tests/programmes/test_seed_demo.py."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import override_settings

from commonground.accounts.models import Person, Profession
from commonground.alumni.demo import ALUMNUS_SIGN_IN
from commonground.alumni.models import Alumnus
from commonground.demo.offboarded import SITE_ADMIN
from commonground.demo.onboarding import ADMIN_SIGN_IN as ONBOARDING_ADMIN
from commonground.demo.people import PROFESSIONS_BY_SECTOR, SIGN_INS
from commonground.demo.programme import DEMO_SYSTEM_NAME
from commonground.demo.second_system import LEAD_SIGN_IN as SECOND_LEAD
from commonground.programmes.models import (
    Affiliation,
    Contribution,
    ContributionKind,
    Funder,
    Membership,
    Organisation,
    Place,
    Role,
    Sector,
    System,
)
from tests.factories import where_of
from tests.programmes.test_seed_demo import participants
from tests.seeded import demo_for_module

SIZE = 400
shared_demo = demo_for_module(participants=SIZE, seed=7)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_demo")]


def test_it_creates_the_places_and_partner_organisations_of_the_system() -> None:
    system = System.objects.get(name="Surrey Heartlands Health and Care Partnership")
    places = Place.objects.filter(system=system)
    assert sorted(places.values_list("name", flat=True)) == [
        "East Surrey", "Guildford & Waverley", "North West Surrey", "Surrey Downs",
    ]
    assert all(250_000 <= p.population <= 300_000 for p in places)
    organisations = Organisation.objects.filter(system=system).annotate(
        team_count=Count("teams", distinct=True), place_count=Count("places", distinct=True)
    )
    assert organisations.count() >= 55
    assert set(organisations.values_list("sector", flat=True)) == set(Sector.values)
    assert all(2 <= org.team_count <= 8 for org in organisations)
    assert all(org.place_count >= 1 for org in organisations)


def test_the_sector_family_mix_is_within_a_few_points_of_50_25_20_5() -> None:
    families = Counter(m.person.where.organisation.sector_family for m in participants())
    shares = {family: 100 * n / SIZE for family, n in families.items()}
    for family, expected in {"nhs": 50, "council": 25, "vcfs": 20, "other_public": 5}.items():
        assert abs(shares.get(family, 0) - expected) <= 3, shares


def test_professions_fit_the_sector_and_seniority_is_spread() -> None:
    for membership in participants():
        person = membership.person
        allowed = PROFESSIONS_BY_SECTOR[person.where.organisation.sector]
        assert person.profession in allowed or person.profession == Profession.DIRECTOR
        assert person.job_title
    seniority = Counter(m.person.seniority for m in participants())
    assert len(seniority) == 5
    assert max(seniority.values()) < 0.5 * SIZE


def test_about_one_person_in_ten_has_accessibility_needs() -> None:
    people = Person.objects.count()
    with_needs = Person.objects.exclude(accessibility_needs="").count()
    assert 0.05 * people <= with_needs <= 0.15 * people


def test_the_demo_sign_ins_authenticate_with_the_password_demo_and_hold_their_roles() -> None:
    for email, role in SIGN_INS.items():
        person = authenticate(None, username=email, password="demo")
        assert person is not None, email
        assert set(Membership.objects.filter(person=person).values_list("role", flat=True)) == {role}
    participant = Person.objects.get(email="participant@demo.example")
    membership = Membership.objects.get(person=participant)
    work = where_of(participant, membership.programme)
    assert membership.cohort is not None and membership.cohort.place_id == work.place_id
    assert work.organisation and work.team and participant.profession


def test_the_demo_alumnus_signs_in_and_is_alumni_of_the_first_intake() -> None:
    person = authenticate(None, username=ALUMNUS_SIGN_IN, password="demo")
    assert person is not None
    assert Alumnus.objects.filter(person=person).exists()
    assert set(Membership.objects.filter(person=person).values_list("role", flat=True)) == {Role.PARTICIPANT}


def test_everyone_else_has_an_unusable_password() -> None:
    others = Person.objects.exclude(email__in=[*SIGN_INS, ALUMNUS_SIGN_IN, SITE_ADMIN, SECOND_LEAD, ONBOARDING_ADMIN])
    assert others.exists()
    assert not any(person.has_usable_password() for person in others)
    assert len(set(others.values_list("password", flat=True))) == others.count()


def test_the_demo_sponsor_sees_several_people_from_their_organisation() -> None:
    sponsor = Person.objects.get(email="sponsor@demo.example")
    organisation = Affiliation.objects.get(person=sponsor).organisation
    assert Membership.objects.participants().filter(person__affiliations__organisation=organisation).count() >= 3


def test_every_sponsor_comes_from_an_organisation_with_participants() -> None:
    sponsors = Membership.objects.filter(role=Role.SPONSOR).select_related("person")
    assert sponsors.count() >= 3
    works_for = {s.pk: Affiliation.objects.get(person=s.person).organisation_id for s in sponsors}
    assert len(set(works_for.values())) == sponsors.count()
    for sponsor in sponsors:
        assert Membership.objects.participants().filter(person__affiliations__organisation=works_for[sponsor.pk]).exists()


def test_staff_fill_every_role_and_some_facilitators_come_from_partners() -> None:
    roles = Counter(Membership.objects.filter(programme__system__name=DEMO_SYSTEM_NAME).values_list("role", flat=True))
    assert roles[Role.LEAD] == 1
    assert roles[Role.FACILITATOR] >= 3
    assert roles[Role.FUNDER] == 4
    lead = Person.objects.get(email="lead@demo.example")
    facilitator_orgs = set(
        Membership.objects.filter(role=Role.FACILITATOR).values_list("person__affiliations__organisation", flat=True)
    )
    assert len(facilitator_orgs - {Affiliation.objects.get(person=lead).organisation_id}) >= 2


def test_three_funders_give_cash_and_two_give_support_in_kind() -> None:
    # the ledger in detail: tests/programmes/test_demo_ledger.py
    assert Funder.objects.count() == 5
    kinds = Counter(Contribution.objects.values_list("kind", flat=True))
    assert kinds == {ContributionKind.CASH: 4, ContributionKind.IN_KIND: 2}
    assert 100_000 <= sum(c.value for c in Contribution.objects.all()) <= 400_000


def test_emails_are_unique_and_on_reserved_example_domains() -> None:
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(emails) == len(set(emails))
    assert all(email.endswith(".example") and email.isascii() for email in emails)


def test_demo_signins_lists_the_sign_ins_and_the_address() -> None:
    out = StringIO()
    call_command("demo_signins", "--port", "8123", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8123/" in text
    assert "password: demo" in text
    for email in SIGN_INS:
        assert email in text
    assert "Programme lead" in text
    assert re.search(rf"{re.escape(ALUMNUS_SIGN_IN)} +Alumnus of the first intake", text)


def test_demo_signins_say_where_the_outbox_is_in_the_demo_only() -> None:
    with override_settings(DEMO_MODE=True):
        out = StringIO()
        call_command("demo_signins", "--port", "8123", stdout=out)
        assert "http://127.0.0.1:8123/demo/outbox/" in out.getvalue()
    out = StringIO()
    call_command("demo_signins", "--port", "8123", stdout=out)
    assert "outbox" not in out.getvalue()
