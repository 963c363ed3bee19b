"""Deleting a system: exactly its data goes, the other system's stays as it was, people who also
belong elsewhere keep their account, nothing happens without a recent export and the exact name,
and the records outlive the system."""

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.blueprints.models import ProgrammeTemplate
from commonground.blueprints.services.deferrals import defer_participant
from commonground.blueprints.services.intakes import start_programme
from commonground.offboarding import services
from commonground.offboarding.models import Action, OffboardingRecord, Via
from commonground.offboarding.tables import TABLES
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import Affiliation, Membership, Programme, Role, System
from tests import factories
from tests.offboarding.systems import Built


def snapshot(system: Built) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the system's export, table by table."""
    return {table.name: list(table.values(system.system_id)) for table in TABLES}


def export_then_delete(system: Built) -> OffboardingRecord:
    services.export_system(system=system.world.programme.system, by=None, via=Via.COMMAND)[0].file.close()
    return services.delete_system(system_id=system.system_id, confirm=system.names.system, by=None, via=Via.COMMAND)


def everything_dumped() -> str:
    return "\n".join(connection.connection.iterdump()).lower()


def next_intake_with_a_deferral(system: Built) -> None:
    """The system's next intake, started from its template, with a participant deferred to it; and
    the record of the system's onboarding."""
    w = system.world
    template = ProgrammeTemplate.objects.get(pk=system.ids["template_id"])
    start_programme(template, system=w.programme.system, title=f"{w.programme.title}, next intake",
                    starts_on=w.programme.starts_on + dt.timedelta(days=365), by=w.lena)
    leaving = factories.PersonFactory(organisation=w.bob.affiliations.get().organisation, place=w.east.place)
    factories.MembershipFactory(person=leaving, programme=w.programme, role=Role.PARTICIPANT, cohort=w.east)
    defer_participant(programme=w.programme, person=leaving, by=w.lena, reason="Caring for a parent this year")
    Onboarding.objects.create(system_id=system.system_id)


def test_deleting_a_system_removes_exactly_its_data(systems: tuple[Built, Built]) -> None:
    a, b = systems
    next_intake_with_a_deferral(a)
    a_before, b_before = snapshot(a), snapshot(b)
    people_before = Person.objects.count()
    assert [name for name, rows in a_before.items() if not rows] == [], "A has rows in every table"

    done = export_then_delete(a)

    assert not System.objects.filter(pk=a.system_id).exists()
    assert {name: rows for name, rows in snapshot(a).items() if rows} == {}
    assert snapshot(b) == b_before
    assert Person.objects.count() == people_before - len(a_before["people"])
    assert done.rows["programmes.Programme"] == 2 and done.rows["programmes.Place"] == 2
    assert done.rows["programmes.Membership"] == len(a_before["memberships"])
    assert done.rows["accounts.Person"] == len(a_before["people"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads the database through SQLite's dump")
def test_nothing_of_the_systems_names_is_left_in_the_database(systems: tuple[Built, Built]) -> None:
    a, b = systems
    assert all(s.lower() in everything_dumped() for s in a.names.strings())
    export_then_delete(a)
    dumped = everything_dumped()
    kept_by_the_record = {a.names.system.lower()}  # the offboarding record names the system, on purpose
    assert [s for s in a.names.strings() if s.lower() in dumped and s.lower() not in kept_by_the_record] == []
    assert all(s.lower() in dumped for s in b.names.strings())


def test_someone_who_also_takes_part_in_another_system_keeps_their_account(systems: tuple[Built, Built]) -> None:
    a, b = systems
    carol = a.world.carol
    Membership.objects.create(person=carol, programme=b.world.programme, role=Role.PARTICIPANT, cohort=b.world.west)
    export_then_delete(a)
    carol.refresh_from_db()
    assert carol.check_password("correct horse battery")
    assert list(Membership.objects.filter(person=carol).values_list("programme_id", flat=True)) == [b.world.programme.pk]
    assert not Affiliation.objects.filter(person=carol).exists()  # she worked only in A
    assert not Person.objects.filter(pk=a.world.bob.pk).exists()  # Bob belonged to A alone


def test_site_staff_keep_their_account(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    Person.objects.filter(pk=a.world.lena.pk).update(is_staff=True)
    export_then_delete(a)
    assert Person.objects.filter(pk=a.world.lena.pk).exists()
    assert not Membership.objects.filter(person=a.world.lena).exists()


def test_deletion_is_refused_without_an_export(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    before = snapshot(a)
    with pytest.raises(ValidationError) as refused:
        services.delete_system(system_id=a.system_id, confirm=a.names.system, by=None)
    assert refused.value.message_dict["confirm"] == [
        f"Download the system's export first: deletion is refused until an export of {a.names.system} has been "
        "made in the last 24 hours, so its data controller has everything before it goes."
    ]
    assert snapshot(a) == before
    assert not OffboardingRecord.objects.filter(action=Action.DELETION).exists()


def test_an_export_counts_for_24_hours(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.export_system(system=a.world.programme.system, by=None)[0].file.close()
    with time_machine.travel(start + dt.timedelta(hours=24, seconds=1), tick=False), pytest.raises(ValidationError):
        services.delete_system(system_id=a.system_id, confirm=a.names.system, by=None)
    assert System.objects.filter(pk=a.system_id).exists()
    with time_machine.travel(start + dt.timedelta(hours=23, minutes=59), tick=False):
        services.delete_system(system_id=a.system_id, confirm=a.names.system, by=None)
    assert not System.objects.filter(pk=a.system_id).exists()


@pytest.mark.parametrize("typed", ["", "A different system", "  {name} extra", "{lower}"])
def test_deletion_needs_the_systems_name_exactly(systems: tuple[Built, Built], typed: str) -> None:
    a, _b = systems
    services.export_system(system=a.world.programme.system, by=None)[0].file.close()
    with pytest.raises(ValidationError) as refused:
        services.delete_system(
            system_id=a.system_id, confirm=typed.format(name=a.names.system, lower=a.names.system.lower()), by=None
        )
    assert a.names.system in refused.value.message_dict["confirm"][0]
    assert Programme.objects.filter(system_id=a.system_id).count() == 1


def test_the_records_outlive_the_system(systems: tuple[Built, Built]) -> None:
    a, _b = systems
    export_then_delete(a)
    records = list(OffboardingRecord.objects.filter(system_id=a.system_id).order_by("at", "pk"))
    assert [(r.action, r.system_name, r.via) for r in records] == [
        (Action.EXPORT, a.names.system, Via.COMMAND), (Action.DELETION, a.names.system, Via.COMMAND)
    ]
    assert len(records[0].sha256) == 64 and records[0].rows["memberships"] == 7
    assert records[1].rows["programmes.System"] == 1
