"""An alumnus chooses, field by field, what their entry shows and to whom; sharing needs consent,
renewed each year; leaving the directory is immediate and deletes what was written."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import AuditEvent
from commonground.alumni.models import CONSENT_DAYS, FIELDS, Audience, DirectoryEntry
from commonground.codesign.models import IssueState
from tests.alumni import objects as al
from tests.codesign import objects as cd
from tests.conftest import World


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {f"{key}_audience": Audience.NOBODY for key in FIELDS}
    data.update(role="", help_line="", contact_email="", topics="")
    data.update(overrides)
    return data


def alice(world: World) -> Client:
    al.alice_is_alumna(world)
    client = Client()
    client.force_login(world.alice)
    return client


def test_an_untouched_entry_shows_nothing_and_is_not_listed(world: World) -> None:
    client = alice(world)
    page = client.get(reverse("alumni:entry", args=[world.programme.system_id]))
    assert page.status_code == 200
    assert "it shows nothing to anyone yet" in page.text
    assert 'value="nobody" selected' in page.text


def test_saving_choices_with_consent_lists_the_entry_for_a_year(world: World) -> None:
    client = alice(world)
    issue = cd.issue(world, state=IssueState.ADOPTED)
    url = reverse("alumni:entry", args=[world.programme.system_id])
    response = client.post(url, form_data(
        name_audience=Audience.MEMBERS, topics_audience=Audience.ALUMNI, topics="Discharge, frailty, discharge",
        issues=[issue.pk], role="Ward manager", consent="on",
    ))
    assert response.status_code == 302
    entry = DirectoryEntry.objects.get(person=world.alice)
    assert entry.name_audience == Audience.MEMBERS and entry.topics_audience == Audience.ALUMNI
    assert [t.words for t in entry.topics.all()] == ["Discharge", "frailty"]
    assert list(entry.issues.all()) == [issue]
    assert entry.is_listed()
    assert entry.consent_ends() == entry.consented_at + dt.timedelta(days=CONSENT_DAYS)
    event = AuditEvent.objects.filter(what="directory_entry").get()
    assert event.subject_id == world.alice.pk and "Ward manager" not in str(event.fields)


def test_sharing_without_consent_is_refused_and_nothing_is_written(world: World) -> None:
    client = alice(world)
    url = reverse("alumni:entry", args=[world.programme.system_id])
    response = client.post(url, form_data(name_audience=Audience.MEMBERS, role="Ward manager"))
    assert response.status_code == 400
    assert "Agree to be listed" in response.text
    entry = DirectoryEntry.objects.get(person=world.alice)
    assert entry.role == "" and entry.name_audience == Audience.NOBODY


def test_an_issue_that_is_no_longer_live_or_of_another_system_is_refused(world: World) -> None:
    client = alice(world)
    closed = cd.issue(world, "Old issue", state=IssueState.COMPLETED)
    url = reverse("alumni:entry", args=[world.programme.system_id])
    response = client.post(url, form_data(topics_audience=Audience.MEMBERS, issues=[closed.pk], consent="on"))
    assert response.status_code == 400
    assert not DirectoryEntry.objects.get(person=world.alice).issues.exists()


def test_a_topic_with_control_characters_is_refused(world: World) -> None:
    client = alice(world)
    url = reverse("alumni:entry", args=[world.programme.system_id])
    response = client.post(url, form_data(topics="tab\there", topics_audience=Audience.MEMBERS, consent="on"))
    assert response.status_code == 400


def test_renewing_consent_keeps_a_lapsed_entry_listed_again(world: World) -> None:
    now = timezone.now()
    entry = al.share(al.alice_is_alumna(world), consented_at=now - dt.timedelta(days=CONSENT_DAYS + 1))
    assert not entry.is_listed(now)
    client = alice(world)
    with time_machine.travel(now, tick=False):
        page = client.get(reverse("alumni:entry", args=[world.programme.system_id]))
        assert "your consent lapsed" in page.text
        client.post(reverse("alumni:renew", args=[world.programme.system_id]))
    entry.refresh_from_db()
    assert entry.consented_at == now and entry.is_listed(now)


def test_leaving_the_directory_hides_everything_and_deletes_the_words(world: World) -> None:
    entry = al.share(al.alice_is_alumna(world), role="Ward manager", help_line="Ask me", topics=("Discharge",))
    client = alice(world)
    client.post(reverse("alumni:opt-out", args=[world.programme.system_id]))
    entry.refresh_from_db()
    assert entry.opted_out_at is not None and not entry.is_listed()
    assert not entry.shares_anything
    assert (entry.role, entry.help_line, entry.topics.count()) == ("", "", 0)


def test_the_alumni_page_names_the_programme_completed_and_the_entry(world: World) -> None:
    client = alice(world)
    page = client.get(reverse("alumni:home"))
    assert al.PAST_TITLE in page.text
    assert reverse("alumni:entry", args=[world.programme.system_id]) in page.text


def test_an_alumna_finds_alumni_in_the_programme_menu_and_others_do_not(world: World) -> None:
    al.alice_is_alumna(world)
    for person, shown in ((world.alice, True), (world.bob, False), (world.lena, False)):
        client = Client()
        client.force_login(person)
        page = client.get(reverse("homes:home", args=[world.programme.pk])).text
        assert (f'href="{reverse("alumni:home")}"' in page) is shown
