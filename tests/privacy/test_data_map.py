"""The data map lists every kind of personal data, made from the declarations the code uses."""

import csv
import io

from django.test import Client
from django.urls import reverse

from commonground.privacy import datamap, holdings
from tests.conftest import World


def test_every_table_that_holds_a_person_belongs_to_exactly_one_kind() -> None:
    tables = {h.model for h in holdings.HOLDINGS} | {"accounts.Person", "accounts.AuditEvent"}
    for table in tables:
        owners = [k.title for k in datamap.KINDS if table in k.models]
        assert len(owners) == 1, f"{table} is in {owners or 'no kind'} of the data map"
    listed = {m for k in datamap.KINDS for m in k.models}
    assert listed - tables == {"accounts.Person.accessibility_needs"}  # a field, named on its own


def test_health_data_is_named_as_such() -> None:
    special = {k.title for k in datamap.KINDS if k.special}
    assert special == {"Access needs", "Wellbeing and self-assessment answers", "Equality monitoring"}
    assert all("9(2)(a)" in k.basis for k in datamap.KINDS if k.special)


def test_the_page_and_its_csv(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    page = client.get(reverse("privacy:data-map"))
    assert page.status_code == 200
    for kind in datamap.KINDS:
        assert kind.title in page.text
    assert "What personal data we hold" in page.text  # the footer link on every page
    response = client.get(reverse("privacy:data-map-csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["kind of data", "what"] and len(rows) == len(datamap.KINDS) + 1
    assert [rows[2][0], rows[2][2]] == ["Access needs", "yes (health)"]
