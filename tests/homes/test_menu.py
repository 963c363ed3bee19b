"""The programme menu puts each role's most used pages first, Home before them all, and keeps every
page a role has within reach; the entry for the page shown is marked as current."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import World


def _menu(person: Person, url: str) -> list[tuple[str, str, str]]:
    """(label, address, aria-current) of each entry of the programme menu on this page."""
    client = Client()
    client.force_login(person)
    page = client.get(url).text
    nav = page[page.index('aria-label="Programme menu"'):page.index("</nav>", page.index('aria-label="Programme menu"'))]
    return [
        (label, href, current)
        for href, current, label in re.findall(
            r'<a class="nhsuk-header__navigation-link" href="([^"]+)"(?: aria-current="([^"]+)")?>([^<]+)</a>', nav
        )
    ]


EXPECTED = {
    "lena": [
        "Home", "Overview", "Applications", "Cohorts", "Attendance", "Schedule", "Evaluation", "Reports",
        "Relationships", "Local issues", "Mentoring", "Sponsors", "Funding ledger", "Organisations", "Next intake",
        "System view",
    ],
    "fred": ["Home", "Attendance", "Schedule", "Sets I look after", "Local issues", "Cohorts", "Overview", "Organisations"],
    "alice": [
        "Home", "Schedule", "My learning set", "Local issues", "My progress", "My mentoring", "My network",
        "Relationship survey", "Cohorts", "Overview", "Organisations",
    ],
    "sam": ["Home", "Nominate", "Cohorts", "Schedule", "Overview", "Showcase", "Organisations"],
    "fiona": ["Home", "Overview", "Reports", "Evaluation", "Relationships", "Showcase", "Schedule", "Organisations"],
}


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_sees_its_most_used_pages_first_and_every_one_of_them_opens(world: World, persona: str) -> None:
    person = getattr(world, persona)
    entries = _menu(person, reverse("homes:home", args=[world.programme.pk]))
    assert [label for label, _, _ in entries] == EXPECTED[persona]
    client = Client()
    client.force_login(person)
    for label, href, _ in entries:
        assert client.get(href).status_code == 200, (persona, label)


def test_several_roles_get_each_role_s_entries_once_in_the_order_of_the_roles(world: World) -> None:
    factories.MembershipFactory(person=world.fiona, programme=world.programme, role=Role.PARTICIPANT, cohort=world.west)
    labels = [label for label, _, _ in _menu(world.fiona, reverse("homes:home", args=[world.programme.pk]))]
    assert labels == [
        "Home", "Schedule", "My learning set", "Local issues", "My progress", "My mentoring", "My network",
        "Relationship survey",
        "Cohorts", "Overview", "Organisations", "Reports", "Evaluation", "Relationships",
    ]  # a participant takes part in local issues, so the funder's showcase gives way to them


def test_the_page_shown_is_marked_current_and_so_is_the_entry_it_sits_under(world: World) -> None:
    pid = world.programme.pk
    on_home = {label: current for label, _, current in _menu(world.lena, reverse("homes:home", args=[pid]))}
    assert on_home["Home"] == "page" and on_home["Overview"] == ""
    on_modules = {label: current for label, _, current in _menu(world.lena, reverse("schedule:modules", args=[pid]))}
    assert on_modules["Schedule"] == "true"  # the modules page sits under the schedule
    assert [label for label, current in on_modules.items() if current] == ["Schedule"]
