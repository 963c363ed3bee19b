"""Linking a funder's support in kind to the sessions it delivered: only the programme's own
sessions, only support in kind, and every change kept in the ledger's history."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.programmes.models import LedgerChange, LedgerRecord, Programme
from commonground.schedule.models import Session, SessionStatus
from commonground.schedule.services.delivery import link_sessions
from tests.conftest import World
from tests.programmes import ledger_objects as objects

LONDON = ZoneInfo("Europe/London")


def day(world: World, title: str, when: dt.date, *, programme: Programme | None = None) -> Session:
    return Session.objects.create(
        programme=programme or world.programme, title=title,
        starts_at=dt.datetime.combine(when, dt.time(9, 30), tzinfo=LONDON),
        ends_at=dt.datetime.combine(when, dt.time(16, 30), tzinfo=LONDON),
    )


def test_linking_sessions_keeps_which_ones_before_and_after(world: World) -> None:
    days = objects.partner_days(world)
    first, second = day(world, "Trust, East", dt.date(2026, 5, 12)), day(world, "Trust, West", dt.date(2026, 5, 19))
    link_sessions(programme=world.programme, by=world.lena, contribution_id=days.pk, session_ids=[first.pk, second.pk])
    link_sessions(programme=world.programme, by=world.lena, contribution_id=days.pk, session_ids=[second.pk])

    assert list(days.sessions_delivered.all()) == [second]
    linked, unlinked = LedgerChange.objects.filter(record=LedgerRecord.CONTRIBUTION, changes__has_key="sessions").order_by("pk")
    assert linked.changes == {"sessions": ["", "Trust, East, 12 May 2026; Trust, West, 19 May 2026"]}
    assert unlinked.changes == {"sessions": ["Trust, East, 12 May 2026; Trust, West, 19 May 2026", "Trust, West, 19 May 2026"]}
    assert unlinked.actor_id == world.lena.pk


def test_a_session_of_another_programme_cannot_be_linked(world: World) -> None:
    days = objects.partner_days(world)
    theirs = day(world, "Elsewhere module day", dt.date(2026, 5, 12), programme=world.other_programme)
    ours = day(world, "Our module day", dt.date(2026, 5, 12))
    with pytest.raises(ValidationError) as error:
        link_sessions(programme=world.programme, by=world.lena, contribution_id=days.pk, session_ids=[ours.pk, theirs.pk])
    assert error.value.message_dict == {"sessions": ["Choose sessions of this programme only: Elsewhere module day."]}
    assert not Session.objects.filter(delivered_under__isnull=False).exists()
    assert not LedgerChange.objects.filter(changes__has_key="sessions").exists()


def test_cash_delivers_no_sessions_and_another_programmes_support_cannot_be_reached(world: World) -> None:
    ours = day(world, "Our module day", dt.date(2026, 5, 12))
    for contribution in (objects.trust_grant(world), objects.elsewhere_grant(world)):
        with pytest.raises(ValidationError) as error:
            link_sessions(programme=world.programme, by=world.lena, contribution_id=contribution.pk, session_ids=[ours.pk])
        assert "contribution" in error.value.message_dict


def test_a_cancelled_session_delivered_nothing_and_is_refused(world: World) -> None:
    days = objects.partner_days(world)
    cancelled = day(world, "Cancelled day", dt.date(2026, 5, 12))
    Session.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)
    with pytest.raises(ValidationError) as error:
        link_sessions(programme=world.programme, by=world.lena, contribution_id=days.pk, session_ids=[cancelled.pk])
    assert error.value.message_dict == {"sessions": ["Cancelled day was cancelled, so it delivered nothing."]}


def test_moving_a_session_to_other_support_records_the_change_on_both(world: World) -> None:
    days = objects.partner_days(world)
    other = objects.trust_grant(world)
    other.kind, other.amount_committed, other.committed_on = "in_kind", None, None
    other.what, other.valuation_basis, other.market_value, other.given_on = "Rooms", "market", 500, world.programme.starts_on
    other.save()
    session = day(world, "Shared day", dt.date(2026, 5, 12))
    link_sessions(programme=world.programme, by=world.lena, contribution_id=other.pk, session_ids=[session.pk])
    link_sessions(programme=world.programme, by=world.lena, contribution_id=days.pk, session_ids=[session.pk])
    session.refresh_from_db()
    assert session.delivered_under_id == days.pk
    moved = LedgerChange.objects.filter(changes__has_key="sessions").order_by("pk")[1:]
    assert {(c.object_id, c.changes["sessions"][1]) for c in moved} == {
        (other.pk, ""), (days.pk, "Shared day, 12 May 2026"),
    }


def test_the_leads_page_links_sessions_and_refuses_another_programmes_naming_the_field(world: World) -> None:
    days = objects.partner_days(world)
    ours = day(world, "Our module day", dt.date(2026, 5, 12))
    theirs = day(world, "Elsewhere module day", dt.date(2026, 5, 12), programme=world.other_programme)
    lena = Client()
    lena.force_login(world.lena)
    url = reverse("schedule:contribution-sessions", args=[world.programme.pk, days.pk])
    page = lena.get(url)
    assert "Our module day" in page.text and "Elsewhere module day" not in page.text

    refused = lena.post(url, {"sessions": [ours.pk, theirs.pk]})
    assert refused.status_code == 400
    assert "Sessions it delivered: Choose sessions of this programme only." in refused.text
    assert not Session.objects.filter(delivered_under__isnull=False).exists()

    done = lena.post(url, {"sessions": [ours.pk]})
    assert done.status_code == 302
    assert list(days.sessions_delivered.all()) == [ours]


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona", "oscar"])
def test_nobody_but_the_lead_may_link_sessions(world: World, who: str) -> None:
    days = objects.partner_days(world)
    ours = day(world, "Our module day", dt.date(2026, 5, 12))
    client = Client()
    client.force_login(getattr(world, who))
    response = client.post(reverse("schedule:contribution-sessions", args=[world.programme.pk, days.pk]), {"sessions": [ours.pk]})
    assert response.status_code == 404
    assert not days.sessions_delivered.exists()
