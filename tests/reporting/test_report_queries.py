"""A report costs the same number of queries whatever the number of participants."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commonground.programmes.models import Role
from commonground.reporting.build import build_report
from commonground.reporting.evidence import Choice
from commonground.reporting.report import from_json, to_json
from tests import factories
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        build_report(world.programme, choice=Choice())
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_programme(world: World) -> None:
    _queries(world)  # the first run also fills the disclosure decisions' cache
    few = _queries(world)
    for n in range(40):
        person = factories.PersonFactory(full_name=f"Extra {n}", email=f"extra{n}@example.org")
        cohort = world.east if n % 2 else world.west
        factories.MembershipFactory(person=person, programme=world.programme, role=Role.PARTICIPANT, cohort=cohort)
    _queries(world)
    assert _queries(world) == few


def test_a_report_kept_as_json_comes_back_the_same(world: World) -> None:
    report = build_report(world.programme, choice=Choice())
    assert from_json(to_json(report)) == report
    # Three participants: every count of people is hidden, never shown as a number.
    assert {h.label: h.value for h in report.headlines}["Participants reached"] is None
