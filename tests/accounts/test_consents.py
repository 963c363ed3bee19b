"""The consent ledger: every consent a dated record with the wording version shown, withdrawable,
written with the feature's own record in one transaction, and in the subject-access download."""

import datetime as dt
import importlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts import consent_ledger, consents
from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.development import services as development
from commonground.development.models import HealthDataConsent, Response
from commonground.network import services as network
from commonground.network.forms import ConsentForm
from commonground.network.models import RosterConsent, TieReport
from commonground.privacy import subject_access
from tests.conftest import World

MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _records(person: Person, purpose: Purpose) -> list[ConsentRecord]:
    return list(ConsentRecord.objects.filter(person=person, purpose=purpose).order_by("given_at", "pk"))


def test_every_purpose_has_a_current_wording_of_its_own() -> None:
    assert set(consents.CURRENT) == set(Purpose)
    for purpose, version in consents.CURRENT.items():
        assert consents.WORDINGS[version].purpose == purpose
    # Consents the product asked for before the ledger existed have a version standing for them.
    for purpose in (Purpose.ROSTER, Purpose.NAMED_ON_MAPS, Purpose.HEALTH_DATA):
        assert consents.WORDINGS[f"{purpose}-before-records"].purpose == purpose


def test_the_forms_show_the_wording_the_ledger_records() -> None:
    form = ConsentForm()
    assert consents.current(Purpose.ROSTER).text in dict(form.fields["listed"].choices).values()
    assert form.fields["named_on_maps"].label == consents.current(Purpose.NAMED_ON_MAPS).text
    assert consents.current(Purpose.HEALTH_DATA).text == development.CONSENT_WORDING


def test_being_listed_is_a_dated_record_with_the_wording_version(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    network.decide_roster_consent(person=world.carol, programme=world.programme, listed=True, named_on_maps=True)
    [listed] = _records(world.carol, Purpose.ROSTER)
    [named] = _records(world.carol, Purpose.NAMED_ON_MAPS)
    assert (listed.programme_id, listed.given_at, listed.withdrawn_at) == (world.programme.pk, MONDAY, None)
    assert listed.wording_version == consents.CURRENT[Purpose.ROSTER]
    assert named.wording_version == consents.CURRENT[Purpose.NAMED_ON_MAPS] and named.in_force


def test_saving_the_same_choice_again_adds_no_record(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    network.decide_roster_consent(person=world.carol, programme=world.programme, listed=True, named_on_maps=False)
    time_machine.move_to(MONDAY + dt.timedelta(days=2), tick=False)
    network.decide_roster_consent(person=world.carol, programme=world.programme, listed=True, named_on_maps=False)
    assert [r.given_at for r in _records(world.carol, Purpose.ROSTER)] == [MONDAY]
    assert _records(world.carol, Purpose.NAMED_ON_MAPS) == []


def test_leaving_the_roster_dates_the_withdrawal_and_still_deletes_the_answers(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=True, named_on_maps=True)
    TieReport.objects.create(round=world.east_start, reporter=world.alice, colleague=world.bob, knows=True)
    later = MONDAY + dt.timedelta(days=9)
    time_machine.move_to(later, tick=False)
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=False, named_on_maps=False)
    for purpose in (Purpose.ROSTER, Purpose.NAMED_ON_MAPS):
        [record] = _records(world.alice, purpose)
        assert (record.given_at, record.withdrawn_at, record.in_force) == (MONDAY, later, False)
    assert not TieReport.objects.filter(reporter=world.alice).exists()
    # Listing again is a new consent with its own date; the withdrawn one stays as it was.
    time_machine.move_to(later + dt.timedelta(days=1), tick=False)
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=True, named_on_maps=False)
    assert [(r.given_at, r.withdrawn_at) for r in _records(world.alice, Purpose.ROSTER)] == [
        (MONDAY, later), (later + dt.timedelta(days=1), None)
    ]


def test_a_failing_ledger_write_undoes_the_roster_choice(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kwargs: object) -> None:
        raise RuntimeError("the ledger is unavailable")

    monkeypatch.setattr(consent_ledger, "give", broken)
    with pytest.raises(RuntimeError):
        network.decide_roster_consent(person=world.carol, programme=world.programme, listed=True, named_on_maps=False)
    assert not RosterConsent.objects.filter(person=world.carol).exists()
    assert not ConsentRecord.objects.filter(person=world.carol).exists()


def test_a_failing_health_data_withdrawal_keeps_the_consent_in_force(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    development.give_health_consent(person=world.alice, programme=world.programme)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the answers could not be deleted")

    monkeypatch.setattr(Response.objects, "filter", broken)
    with pytest.raises(RuntimeError):
        development.withdraw_health_consent(person=world.alice, programme=world.programme)
    [record] = _records(world.alice, Purpose.HEALTH_DATA)
    assert record.in_force
    assert HealthDataConsent.objects.get(person=world.alice).active


def test_health_data_consent_is_recorded_given_and_withdrawn(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    development.give_health_consent(person=world.alice, programme=world.programme)
    time_machine.move_to(MONDAY + dt.timedelta(hours=5), tick=False)
    development.withdraw_health_consent(person=world.alice, programme=world.programme)
    [record] = _records(world.alice, Purpose.HEALTH_DATA)
    assert record.wording_version == consents.CURRENT[Purpose.HEALTH_DATA]
    assert (record.given_at, record.withdrawn_at) == (MONDAY, MONDAY + dt.timedelta(hours=5))
    assert HealthDataConsent.objects.get(person=world.alice).withdrawn_at == record.withdrawn_at


def test_the_ledger_refuses_a_wording_of_another_purpose(world: World) -> None:
    with pytest.raises(ValidationError, match="no wording"):
        consent_ledger.give(
            person=world.alice, purpose=Purpose.ROSTER, programme_id=world.programme.pk,
            version=consents.CURRENT[Purpose.HEALTH_DATA],
        )


def test_agreeing_to_newer_wording_replaces_the_record_in_force(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    consent_ledger.give(
        person=world.carol, purpose=Purpose.ROSTER, programme_id=world.programme.pk, version="roster-before-records"
    )
    time_machine.move_to(MONDAY + dt.timedelta(days=1), tick=False)
    network.decide_roster_consent(person=world.carol, programme=world.programme, listed=True, named_on_maps=False)
    old, new = _records(world.carol, Purpose.ROSTER)
    assert (old.replaced_at, old.withdrawn_at, new.in_force) == (MONDAY + dt.timedelta(days=1), None, True)


# Each consent form: its URL name, the purposes it asks for, and a "yes" as the form sends it.
CONSENT_FORMS = [
    pytest.param("network:consent", (Purpose.ROSTER, Purpose.NAMED_ON_MAPS), {"listed": "yes", "named_on_maps": "on"},
                 "network:home", id="roster"),
    pytest.param("development:consent", (Purpose.HEALTH_DATA,), {"agree": "on"}, "development:consent",
                 id="health-data"),
    pytest.param("development:equality-consent", (Purpose.EQUALITY,), {"agree": "on"}, "development:equality",
                 id="equality"),
]


@pytest.mark.parametrize(("url_name", "purposes", "yes", "page_name"), CONSENT_FORMS)
def test_a_consent_sent_from_a_page_with_older_wording_is_refused_and_the_new_words_shown(
    world: World, monkeypatch: pytest.MonkeyPatch, url_name: str, purposes: tuple[Purpose, ...],
    yes: dict[str, str], page_name: str,
) -> None:
    person = world.carol  # a participant who has given none of these consents yet
    assert not ConsentRecord.objects.filter(person=person).exists()
    client = _client(person)
    page = client.get(reverse(page_name, args=[world.programme.pk]))
    shown = ",".join(consents.CURRENT[p] for p in purposes)
    assert f'name="wording" value="{shown}"' in page.text

    # New words are released while the page is open.
    newer = {p: consents.Wording(f"{p.value}-newer", p, f"Newer words for {p.label}.") for p in purposes}
    monkeypatch.setattr(consents, "WORDINGS", {**consents.WORDINGS, **{w.version: w for w in newer.values()}})
    monkeypatch.setattr(consents, "CURRENT", {**consents.CURRENT, **{p: w.version for p, w in newer.items()}})
    url = reverse(url_name, args=[world.programme.pk])
    refused = client.post(url, {**yes, "wording": shown})
    assert refused.status_code == 400
    assert "The wording of this consent changed while the page was open" in refused.text
    renewed = ",".join(w.version for w in newer.values())
    assert f'name="wording" value="{renewed}"' in refused.text
    assert not ConsentRecord.objects.filter(person=person).exists()
    assert not RosterConsent.objects.filter(person=person).exists()
    assert not HealthDataConsent.objects.filter(person=person).exists()
    # Nothing posted back at all is refused the same way.
    assert client.post(url, yes).status_code == 400

    assert client.post(url, {**yes, "wording": renewed}).status_code == 302
    recorded = {r.purpose: r.wording_version for r in ConsentRecord.objects.filter(person=person)}
    assert recorded == {p.value: w.version for p, w in newer.items()}


def test_my_consents_shows_each_consent_with_its_dates_and_wording(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=True, named_on_maps=False)
    development.give_health_consent(person=world.alice, programme=world.programme)
    page = _client(world.alice).get(reverse("privacy:consents"))
    assert page.status_code == 200
    for purpose in (Purpose.ROSTER, Purpose.HEALTH_DATA):
        assert consents.current(purpose).text in page.text
        assert consents.CURRENT[purpose] in page.text
    assert timezone.localtime(MONDAY).strftime("%-d %B %Y") in page.text
    assert world.programme.title in page.text
    assert page.text.count("Withdraw this consent") == 2


def test_withdrawing_from_my_consents_goes_through_the_feature(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=True, named_on_maps=True)
    TieReport.objects.create(round=world.east_start, reporter=world.alice, colleague=world.bob, knows=True)
    [named] = _records(world.alice, Purpose.NAMED_ON_MAPS)
    time_machine.move_to(MONDAY + dt.timedelta(days=1), tick=False)
    client = _client(world.alice)
    response = client.post(reverse("privacy:consent-withdraw", args=[named.pk]))
    assert response.status_code == 302, response
    assert response["Location"] == reverse("privacy:consents")
    roster = RosterConsent.objects.get(person=world.alice, programme=world.programme)
    assert (roster.listed, roster.named_on_maps) == (True, False)  # still listed, now an anonymous dot
    assert TieReport.objects.filter(reporter=world.alice).exists()
    named.refresh_from_db()
    assert named.withdrawn_at == MONDAY + dt.timedelta(days=1)

    [listed] = _records(world.alice, Purpose.ROSTER)
    client.post(reverse("privacy:consent-withdraw", args=[listed.pk]))
    assert not RosterConsent.objects.get(person=world.alice, programme=world.programme).listed
    assert not TieReport.objects.filter(reporter=world.alice).exists()
    # A withdrawn consent cannot be withdrawn again.
    assert client.post(reverse("privacy:consent-withdraw", args=[listed.pk])).status_code == 404


def test_nobody_withdraws_someone_elses_consent(world: World) -> None:
    network.decide_roster_consent(person=world.alice, programme=world.programme, listed=True, named_on_maps=False)
    [record] = _records(world.alice, Purpose.ROSTER)
    for person in (world.bob, world.lena):
        assert _client(person).post(reverse("privacy:consent-withdraw", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.in_force


def test_the_download_holds_every_consent_in_words(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    development.give_health_consent(person=world.alice, programme=world.programme)
    time_machine.move_to(MONDAY + dt.timedelta(days=3), tick=False)
    development.withdraw_health_consent(person=world.alice, programme=world.programme)
    bundle = subject_access.gather(world.alice)
    [row] = [c for c in bundle.consents if c["purpose"] == Purpose.HEALTH_DATA.label]
    assert row["wording"] == consents.current(Purpose.HEALTH_DATA).text
    assert (row["given_at"], row["withdrawn_at"]) == (MONDAY, MONDAY + dt.timedelta(days=3))
    assert row["programme"] == world.programme.title
    tables = {s.model: s for s in bundle.sections}
    assert tables["accounts.ConsentRecord"].rows[0]["wording_version"] == consents.CURRENT[Purpose.HEALTH_DATA]
    with zipfile.ZipFile(io.BytesIO(subject_access.zip_bytes(bundle))) as archive:
        assert consents.current(Purpose.HEALTH_DATA).text in archive.read("summary.html").decode()
        assert json.loads(archive.read("data.json"))["consents"][0]["wording_version"] == row["wording_version"]


def test_earlier_choices_get_records_from_the_data_migration(world: World) -> None:
    """The backfill turns listed roster choices and health-data consents into dated records."""
    migration = importlib.import_module("commonground.accounts.migrations.0012_consent_records_from_earlier_choices")
    given = timezone.now() - dt.timedelta(days=30)
    HealthDataConsent.objects.create(
        person=world.bob, programme=world.programme, given_at=given, withdrawn_at=given + dt.timedelta(days=2),
        wording="as shown then",
    )
    RosterConsent.objects.create(person=world.carol, programme=world.programme, listed=False)
    migration.forwards(apps, None)
    listed = set(RosterConsent.objects.filter(listed=True).values_list("person_id", flat=True))
    assert set(ConsentRecord.objects.filter(purpose=Purpose.ROSTER).values_list("person_id", flat=True)) == listed
    [health] = _records(world.bob, Purpose.HEALTH_DATA)
    assert (health.wording_version, health.given_at, health.withdrawn_at) == (
        "health_data-before-records", given, given + dt.timedelta(days=2)
    )
    assert consents.wording(health.wording_version) is not None
    migration.backwards(apps, None)
    assert not ConsentRecord.objects.exists()
