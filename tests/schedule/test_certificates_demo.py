"""In the demo, the signed-in participant finds their records on My progress: the record of
development hours downloads, and the certificate page says what they still need (twelve weeks
into the programme, nobody has completed yet)."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.programmes.models import Programme
from commonground.schedule import certificates, completion
from tests.seeded import demo_for_module

SEEDED_AT = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
shared_demo = demo_for_module(participants=80, seed=3, at=SEEDED_AT)


@pytest.mark.django_db
def test_the_demo_participant_downloads_their_hours_and_sees_what_they_need_to_complete(shared_demo: None) -> None:
    with time_machine.travel(SEEDED_AT, tick=False):
        programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
        participant = Person.objects.get(email="participant@demo.example")
        client = Client()
        client.force_login(participant)
        progress = client.get(reverse("development:progress", args=[programme.pk])).text
        csv_url = reverse("schedule:development-hours", args=[programme.pk, participant.pk, "csv"])
        pdf_url = reverse("schedule:development-hours", args=[programme.pk, participant.pk, "pdf"])
        certificate_url = reverse("schedule:certificate", args=[programme.pk])
        rows = list(csv.reader(io.StringIO(client.get(csv_url).content.decode())))
        pdf = client.get(pdf_url)
        page = client.get(certificate_url)
        record = certificates.hours_record(participant, programme)
        standing = completion.person_completion(participant, programme)
        nobody_completed = not completion.completers(programme).exists()
    assert csv_url in progress and pdf_url in progress and certificate_url in progress
    assert record.sessions and rows[-1] == ["Total", str(len(record.sessions)), str(record.hours)]
    assert pdf["Content-Type"] == "application/pdf"
    assert nobody_completed and standing is not None and standing.still_needed > 0
    assert page["Content-Type"].startswith("text/html")
    assert f"You need {standing.still_needed} more module days" in page.text
