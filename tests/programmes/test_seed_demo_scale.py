"""seed_demo --programmes N --systems M, as the load test seeds it: more running programmes in the
demo system and more, smaller systems, each programme with its own cohorts and participants, and
nobody a member anywhere but in their own system; the demo sign-ins stay in the first programme.
One small demo seeded for the module (tests/seeded.py); the options themselves (help, limits,
reset) are tested with the rest of seed_demo in test_seed_demo.py."""

from collections import Counter, defaultdict

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.core.models import StoredFigures
from commonground.demo.people import SIGN_INS
from commonground.demo.programme import DEMO_PROGRAMME_TITLE, DEMO_SYSTEM_NAME
from commonground.demo.scale import COUNTIES, DEMO_SYSTEM_PROGRAMMES
from commonground.demo.second_system import SYSTEM_NAME as SECOND_SYSTEM_NAME
from commonground.grouping.models import LearningSet
from commonground.network.models import SurveyRound
from commonground.programmes.models import (
    Affiliation,
    Membership,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    System,
)
from commonground.schedule.models import Invitation, Session
from tests.seeded import demo_for_module

PARTICIPANTS = 20
SECOND = DEMO_SYSTEM_PROGRAMMES[0]
OTHER_SYSTEM = COUNTIES[0].system_name
OTHER_PROGRAMME = COUNTIES[0].programme

shared_demo = demo_for_module(participants=PARTICIPANTS, seed=7, options=("--programmes", "2", "--systems", "2"))


def running() -> dict[str, Programme]:
    """The running programmes the options added, with the first (not the second system's, from the template)."""
    return {
        p.title: p
        for p in Programme.objects.filter(status=ProgrammeStatus.RUNNING).exclude(system__name=SECOND_SYSTEM_NAME)
        .select_related("system")
    }


@pytest.mark.usefixtures("shared_demo")
@pytest.mark.django_db
class TestAScaledDemo:
    def test_it_has_two_running_programmes_in_the_demo_system_and_one_in_a_second_system(self) -> None:
        programmes = running()
        assert set(programmes) == {DEMO_PROGRAMME_TITLE, SECOND, OTHER_PROGRAMME}
        assert {p.system.name for p in programmes.values()} == {DEMO_SYSTEM_NAME, OTHER_SYSTEM}
        assert programmes[SECOND].system_id == programmes[DEMO_PROGRAMME_TITLE].system_id
        # With the second system every demo has, whose programme came from the shipped template.
        assert set(System.objects.filter(programmes__status=ProgrammeStatus.RUNNING).values_list("name", flat=True)) == {
            DEMO_SYSTEM_NAME, OTHER_SYSTEM, SECOND_SYSTEM_NAME,
        }

    def test_every_programme_has_its_own_cohorts_and_the_participants_asked_for(self) -> None:
        for title, programme in running().items():
            cohorts = programme.cohorts.annotate(size=Count("memberships")).order_by("name")
            places = Place.objects.filter(system=programme.system).count()
            assert Membership.objects.participants().filter(programme=programme).count() == PARTICIPANTS, title
            placed = [c for c in cohorts if c.size]
            assert len(placed) == places and sum(c.size for c in placed) == PARTICIPANTS, title
            assert {c.place_id for c in placed} == set(Place.objects.filter(system=programme.system).values_list("pk", flat=True))
            staff = Counter(Membership.objects.filter(programme=programme).exclude(role=Role.PARTICIPANT).values_list("role", flat=True))
            assert staff[Role.LEAD] == 1 and staff[Role.FACILITATOR] >= 3, title

    def test_the_second_system_is_smaller_and_has_places_and_organisations_of_its_own(self) -> None:
        demo, other = System.objects.get(name=DEMO_SYSTEM_NAME), System.objects.get(name=OTHER_SYSTEM)
        assert Place.objects.filter(system=other).count() == 3 < Place.objects.filter(system=demo).count()
        assert 20 <= Organisation.objects.filter(system=other).count() < Organisation.objects.filter(system=demo).count()
        names = list(Organisation.objects.values_list("name", flat=True))
        assert len(names) == len(set(names))
        assert not set(Place.objects.filter(system=other).values_list("name", flat=True)) & set(
            Place.objects.filter(system=demo).values_list("name", flat=True)
        )

    def test_people_are_members_only_of_their_own_systems_programmes(self) -> None:
        systems_of: dict[int, set[int]] = defaultdict(set)
        for person_id, system_id in Membership.objects.values_list("person_id", "programme__system_id"):
            systems_of[person_id].add(system_id)
        assert all(len(systems) == 1 for systems in systems_of.values())
        works_in: dict[int, set[int]] = defaultdict(set)
        for person_id, system_id in Affiliation.objects.values_list("person_id", "system_id"):
            works_in[person_id].add(system_id)
        assert all(works_in[person_id] == systems for person_id, systems in systems_of.items())
        # Each running programme's participants are its own.
        for programme in running().values():
            ids = set(Membership.objects.participants().filter(programme=programme).values_list("person_id", flat=True))
            others = Membership.objects.filter(person_id__in=ids, programme__status=ProgrammeStatus.RUNNING)
            assert set(others.values_list("programme_id", flat=True)) == {programme.pk}

    def test_names_and_emails_are_distinct_and_fictional(self) -> None:
        emails = list(Person.objects.values_list("email", flat=True))
        assert len(emails) == len(set(emails))
        assert all(email.endswith(".example") for email in emails)
        titles = list(Programme.objects.values_list("title", flat=True))
        assert len(titles) == len(set(titles))
        domains: dict[str, set[str]] = defaultdict(set)
        for email, system in Person.objects.values_list("email", "affiliations__system__name"):
            domains[system].add(email.split("@")[1])
        assert len(domains[OTHER_SYSTEM]) >= 5
        assert not domains[OTHER_SYSTEM] & domains[DEMO_SYSTEM_NAME]  # its organisations' own addresses

    def test_the_demo_sign_ins_sign_in_to_the_first_programme(self) -> None:
        first = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
        for email, role in SIGN_INS.items():
            person = authenticate(None, username=email, password="demo")
            assert person is not None, email
            assert set(Membership.objects.filter(person=person).values_list("programme_id", "role")) == {(first.pk, role)}
            client = Client()
            client.force_login(person)
            response = client.get("/")
            assert response.status_code == 302 and response["Location"] == reverse("homes:home", args=[first.pk])
            assert client.get(response["Location"]).status_code == 200, email

    def test_the_further_programmes_have_their_everyday_features(self) -> None:
        for title in (SECOND, OTHER_PROGRAMME):
            programme = running()[title]
            assert SurveyRound.objects.filter(programme=programme).exists(), title
            assert LearningSet.objects.filter(cohort__programme=programme).exists(), title
            assert Session.objects.filter(programme=programme).exists(), title
            assert Invitation.objects.filter(session__programme=programme).exists(), title
            assert StoredFigures.objects.filter(programme_id=programme.pk).exists(), title
