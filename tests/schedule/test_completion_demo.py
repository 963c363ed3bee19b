"""The demo programme has a completion rule, so its attendance figures count who is on track."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import Programme
from tests.seeded import demo_for_module

SEEDED_AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
shared_demo = demo_for_module(participants=80, seed=3, at=SEEDED_AT)


@pytest.mark.django_db
def test_the_demo_lead_reads_the_rule_and_who_is_on_track(shared_demo: None) -> None:
    with time_machine.travel(SEEDED_AT, tick=False):
        programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
        client = Client()
        client.force_login(Person.objects.get(email="lead@demo.example"))
        response = client.get(reverse("schedule:attendance-figures", args=[programme.pk]))
    figures = response.context["completion"]
    assert "A participant completes the programme when they have attended at least 5 of 6 module days." in response.text
    # Twelve weeks in, every cohort has module days to come: the table counts who is on track.
    assert figures.to_come and not figures.finished and not figures.withheld
    assert figures.totals.people == 80
    assert [line.people for line in figures.cohorts] == [20, 20, 20, 20]
    # Some people who missed two days already cannot complete; cohorts with none show their 20.
    assert any(line.on_track == 20 for line in figures.cohorts)
    assert all(v is None or v == 0 or v >= 5 for line in figures.cohorts for v in (line.on_track, line.cannot_complete))
