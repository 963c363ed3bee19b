"""The directory shows each field to the audience its owner chose, lists an entry only while its
consent is under a year old and its owner has not left, and searches only what the viewer may see.

Alice is alumna (of the system's earlier programme); Bob takes part in the programme now but is
not alumni; Lena leads it."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.alumni import queries
from commonground.alumni.models import CONSENT_DAYS, Audience
from commonground.alumni.services import entries
from commonground.codesign.models import IssueState
from commonground.programmes.models import Sector
from tests import factories
from tests.alumni import objects as al
from tests.codesign import objects as cd
from tests.conftest import World


def names(world: World, viewer: str, query: str = "") -> list[str]:
    client = Client()
    client.force_login(getattr(world, viewer))
    response = client.get(reverse("alumni:directory", args=[world.programme.system_id]) + query)
    assert response.status_code == 200
    return [shown.name or "?" for shown in response.context["shown"]]


def test_each_field_is_shown_only_to_the_audience_chosen_for_it(world: World) -> None:
    al.alice_is_alumna(world)  # Alice views as alumna, Bob as a member only
    entry = al.another_alumnus(world, "Dana Doe", organisation=world.east.place.system.organisations.get(name="Surrey Acute"))
    al.share(entry, Audience.MEMBERS, keys=("name", "organisation"))
    al.share(entry, Audience.ALUMNI, keys=("role", "email"), role="Discharge lead", contact_email="dana@example.org")
    for viewer, sees_alumni_fields in (("alice", True), ("bob", False), ("lena", False)):
        client = Client()
        client.force_login(getattr(world, viewer))
        page = client.get(reverse("alumni:directory", args=[world.programme.system_id]))
        [shown] = page.context["shown"]
        assert (shown.name, shown.organisation) == ("Dana Doe", "Surrey Acute")
        assert shown.sector is None and shown.place is None  # nobody was chosen for them
        assert (shown.role == "Discharge lead") is sees_alumni_fields
        assert ("dana@example.org" in page.text) is sees_alumni_fields


def test_an_entry_shown_to_alumni_only_is_not_listed_for_members(world: World) -> None:
    al.alice_is_alumna(world)
    al.share(al.another_alumnus(world, "Eli Ever"), Audience.ALUMNI)
    assert names(world, "alice") == ["Eli Ever"]
    assert names(world, "bob") == []


def test_an_untouched_entry_is_listed_to_nobody(world: World) -> None:
    al.alice_is_alumna(world)
    al.another_alumnus(world, "Fay Fresh")
    assert names(world, "alice") == []


def test_consent_older_than_a_year_hides_the_entry(world: World) -> None:
    al.alice_is_alumna(world)
    now = timezone.now()
    al.share(al.another_alumnus(world, "Gil Given"), consented_at=now - dt.timedelta(days=CONSENT_DAYS - 1))
    al.share(al.another_alumnus(world, "Hal Lapsed"), consented_at=now - dt.timedelta(days=CONSENT_DAYS + 1))
    with time_machine.travel(now, tick=False):
        assert names(world, "alice") == ["Gil Given"]
    with time_machine.travel(now + dt.timedelta(days=2), tick=False):
        assert names(world, "alice") == []  # Gil's year is over too


def test_leaving_removes_the_entry_from_every_search_at_once(world: World) -> None:
    al.alice_is_alumna(world)
    entry = al.share(al.another_alumnus(world, "Ivy Leaving"), topics=("Frailty",))
    assert names(world, "bob", "?topic=frailty") == ["Ivy Leaving"]
    entries.opt_out(entry=entry)
    for viewer in ("alice", "bob", "lena"):
        assert names(world, viewer) == []
        assert names(world, viewer, "?topic=frailty") == []


def test_search_by_place_sector_organisation_topic_and_name(world: World) -> None:
    al.alice_is_alumna(world)
    system = world.programme.system
    acute = system.organisations.get(name="Surrey Acute")
    charity = system.organisations.get(name="Community Action")
    issue = cd.issue(world, "Hospital discharge delays", state=IssueState.ADOPTED)
    jo = al.share(al.another_alumnus(world, "Jo Acute", organisation=acute, place=world.east.place), topics=("Frailty",))
    jo.issues.add(issue)
    al.share(al.another_alumnus(world, "Kit Charity", organisation=charity, place=world.west.place), topics=("Housing",))
    assert names(world, "bob") == ["Jo Acute", "Kit Charity"]
    assert names(world, "bob", f"?place={world.west.place.pk}") == ["Kit Charity"]
    assert names(world, "bob", f"?sector={Sector.NHS_ACUTE}") == ["Jo Acute"]
    assert names(world, "bob", f"?organisation={charity.pk}") == ["Kit Charity"]
    assert names(world, "bob", "?topic=housing") == ["Kit Charity"]
    assert names(world, "bob", "?topic=discharge") == ["Jo Acute"]  # the live issue's title
    assert names(world, "bob", "?name=kit") == ["Kit Charity"]
    assert names(world, "bob", f"?place={world.east.place.pk}&topic=housing") == []


def test_a_hidden_field_never_matches_a_search(world: World) -> None:
    al.alice_is_alumna(world)
    acute = world.programme.system.organisations.get(name="Surrey Acute")
    entry = al.another_alumnus(world, "Lou Quiet", organisation=acute, place=world.east.place)
    al.share(entry, Audience.MEMBERS, keys=("name", "help"), help_line="Ask me anything", topics=("Frailty",))
    al.share(entry, Audience.ALUMNI, keys=("organisation",))
    assert names(world, "bob") == ["Lou Quiet"]
    for query in (f"?organisation={acute.pk}", f"?sector={Sector.NHS_ACUTE}", f"?place={world.east.place.pk}",
                  "?topic=frailty"):
        assert names(world, "bob", query) == [], query
    assert names(world, "alice", f"?organisation={acute.pk}") == ["Lou Quiet"]  # shown to alumni


def test_people_whose_name_is_hidden_are_listed_after_the_named(world: World) -> None:
    al.alice_is_alumna(world)
    al.share(al.another_alumnus(world, "Aaron Hidden"), keys=("role",), role="Matron")
    al.share(al.another_alumnus(world, "Zed Named"))
    assert names(world, "alice") == ["Zed Named", "?"]


@pytest.mark.parametrize("query", ["?place=%C2%B2", "?organisation=99999999999999999999999", "?sector=nope",
                                   "?name=%00", "?page=-1", "?topic=" + "x" * 500])
def test_odd_searches_answer_a_page(world: World, query: str) -> None:
    al.alice_is_alumna(world)
    al.share(al.another_alumnus(world, "Mo Odd"))
    names(world, "alice", query)


def test_the_directory_pages_twenty_at_a_time_with_the_same_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    al.alice_is_alumna(world)
    for i in range(23):
        al.share(al.another_alumnus(world, f"Person {i:02}"), topics=("Frailty",))
    assert len(names(world, "alice")) == 20
    assert len(names(world, "alice", "?page=2")) == 3
    viewer = queries.viewer(world.alice, world.programme.system_id)
    page = list(queries.search(viewer, queries.Filters())[:20])
    with django_assert_max_num_queries(5):
        queries.shown_entries(viewer, page)


def test_sponsors_funders_and_other_systems_get_404(world: World) -> None:
    al.alice_is_alumna(world)
    stranger = factories.PersonFactory(email="stranger@example.org")
    for person in (world.sam, world.fiona, world.oscar, stranger):
        client = Client()
        client.force_login(person)
        assert client.get(reverse("alumni:directory", args=[world.programme.system_id])).status_code == 404
