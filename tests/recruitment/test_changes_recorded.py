"""Decisions on applications, offers made by the waiting list or lapsing, and the participant role an
accepted offer gives are recorded for the applicant: who, which fields, never the values."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from commonground.programmes.models import Membership, Role
from commonground.recruitment.models import Application, EligibilityRule
from commonground.recruitment.services.applications import withdraw_application
from commonground.recruitment.services.decisions import decide_applications, set_cohort
from commonground.recruitment.services.offers import accept_offer, decline_offer, lapse_offers
from commonground.recruitment.services.waiting_list import promote_from_waiting_list
from tests.accounts.test_changes_recorded import request_by
from tests.conftest import World
from tests.recruitment import objects


def _about(person: Person) -> list[tuple[object, ...]]:
    return list(
        AuditEvent.objects.filter(subject_id=person.pk)
        .order_by("pk")
        .values_list("action", "what", "actor_id", "object_id", "fields", "programme_id")
    )


def _decide(world: World, applications: list[Application], decision: str, *, by: Person | None = None,
            reason: str = "") -> None:
    decide_applications(programme=world.programme, application_ids=[a.pk for a in applications],
                        decision=decision, by=by or world.lena, reason=reason, request=request_by(by or world.lena))


def test_each_decision_is_recorded_for_its_applicant_in_one_insert(world: World, rule: EligibilityRule) -> None:
    offered, waiting = objects.application(world, "Dana One"), objects.application(world, "Eve Two")
    turned_down = objects.application(world, "Finn Three")
    with CaptureQueriesContext(connection) as queries:
        _decide(world, [offered], "offer")
        _decide(world, [waiting, turned_down], "waitlist")
        _decide(world, [turned_down], "reject", reason="Not this year")
    assert len([q for q in queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]) == 3
    decision = (AuditAction.CHANGED, "application_decision", world.lena.pk)
    assert _about(offered.person) == [(*decision, offered.pk, ["offers", "status"], world.programme.pk)]
    assert _about(waiting.person) == [(*decision, waiting.pk, ["status", "waitlisted_at"], world.programme.pk)]
    assert _about(turned_down.person) == [
        (*decision, turned_down.pk, ["status", "waitlisted_at"], world.programme.pk),
        (*decision, turned_down.pk, ["status"], world.programme.pk),
    ]
    assert set(AuditEvent.objects.values_list("address", flat=True)) == {"10.0.0.9"}
    assert "Not this year" not in str(list(AuditEvent.objects.values_list("fields", flat=True)))
    assert [(r.who, r.what) for r in audit.seen_by_others(offered.person)] == [
        ("Lena Lead", "the decision on your application")
    ]


def test_refused_decisions_and_a_lead_deciding_on_their_own_application_record_nothing(
    world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world, "Dana One")
    with pytest.raises(ValidationError):
        _decide(world, [dana], "reject")  # no reason given
    _decide(world, [dana], "waitlist")
    _decide(world, [dana], "waitlist")  # already on the list: refused, unchanged
    assert len(_about(dana.person)) == 1
    own = objects.application(world, "Lou Lead")
    _decide(world, [own], "offer", by=own.person)
    assert _about(own.person) == []


def test_moving_an_application_to_another_cohort_is_recorded_only_when_it_moves(
    world: World, rule: EligibilityRule
) -> None:
    dana = objects.application(world, "Dana One")
    set_cohort(application=dana, cohort=world.east, by=world.lena, request=request_by(world.lena))
    assert _about(dana.person) == []
    set_cohort(application=dana, cohort=world.west, by=world.lena, request=request_by(world.lena))
    assert _about(dana.person) == [
        (AuditAction.CHANGED, "application", world.lena.pk, dana.pk, ["cohort"], world.programme.pk)
    ]


def test_offers_from_the_waiting_list_and_lapses_are_by_common_ground(world: World, rule: EligibilityRule) -> None:
    offer, _ = objects.offer(world)
    waiting = objects.application(world, "Wendy Waiting", status="waitlisted", waitlisted_at=timezone.now())
    assert lapse_offers(now=offer.deadline) == 1
    olly = offer.application.person
    assert _about(olly) == [
        (AuditAction.CHANGED, "application_decision", None, offer.application_id, ["offers", "status"], world.programme.pk)
    ]
    assert len(promote_from_waiting_list(cohort_id=world.east.pk)) == 1
    assert _about(waiting.person) == [
        (AuditAction.CHANGED, "application_decision", None, waiting.pk, ["offers", "status"], world.programme.pk)
    ]
    assert [(r.who, r.what) for r in audit.seen_by_others(waiting.person)] == [
        ("Common Ground", "the decision on your application")
    ]


def test_accepting_records_the_role_given_and_withdrawing_the_role_given_up(world: World, rule: EligibilityRule) -> None:
    offer, _ = objects.offer(world)
    olly = offer.application.person
    assert accept_offer(offer_id=offer.pk).accepted
    membership = Membership.objects.get(person=olly, role=Role.PARTICIPANT)
    grant = (AuditAction.ROLE_GRANTED, "membership", olly.pk, membership.pk, ["cohort", "role"], world.programme.pk)
    assert _about(olly) == [grant]  # their own answer to the offer is not a change by someone else
    withdraw_application(application_id=offer.application_id, person=olly)
    assert _about(olly) == [
        grant, (AuditAction.ROLE_REVOKED, "membership", olly.pk, membership.pk, ["role"], world.programme.pk),
    ]
    assert audit.seen_by_others(olly) == []  # in the programme's trail, not among what others did


def test_declining_is_ones_own_change(world: World, rule: EligibilityRule) -> None:
    offer, _ = objects.offer(world)
    decline_offer(offer_id=offer.pk, reason="Cannot be released")
    assert _about(offer.application.person) == []


def test_a_decision_made_on_the_page_names_the_lead_and_where_from(world: World, rule: EligibilityRule) -> None:
    from django.test import Client
    from django.urls import reverse

    waiting = objects.application(world, "Gale Four")
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(world.lena)
    url = reverse("recruitment:application-decide", args=[world.programme.pk, waiting.pk])
    response = client.post(url, {"decision": "waitlist", "reason": "Cohort full"})
    assert response.status_code == 302, response
    row = AuditEvent.objects.get(subject_id=waiting.person_id, what="application_decision")
    assert (row.action, row.actor_id, str(row.address), row.fields) == (
        AuditAction.CHANGED, world.lena.pk, "203.0.113.7", ["status", "waitlisted_at"]
    )


def test_an_import_records_each_new_applicant_and_their_account_as_written_by_the_lead(
    world: World, rule: EligibilityRule
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.recruitment.test_import_export import GOOD, xlsx_file

    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(world.lena)
    url = reverse("recruitment:import", args=[world.programme.pk])
    assert client.post(url, {"file": xlsx_file([GOOD])}).status_code == 200
    assert client.post(url, {"action": "confirm"}).status_code == 302
    gina = Person.objects.get(email="gina@example.org")
    rows = {(r.what, r.actor_id, str(r.address)): r.fields for r in AuditEvent.objects.filter(subject_id=gina.pk)}
    assert set(rows) == {("application", world.lena.pk, "198.51.100.4"), ("person", world.lena.pk, "198.51.100.4")}
    assert "why_now" in rows[("application", world.lena.pk, "198.51.100.4")]
    assert "email" in rows[("person", world.lena.pk, "198.51.100.4")]
    # Names of fields only: none of the values imported.
    assert "gina" not in str(list(AuditEvent.objects.values_list("fields", flat=True))).lower()


def test_a_sponsors_answer_by_emailed_link_is_recorded_for_the_applicant(world: World, rule: EligibilityRule) -> None:
    from commonground.recruitment.services.sponsor_support import record_sponsor_support

    token = objects.sponsor_token(world)
    application = Application.objects.get(person__full_name="Sid Supported")
    record_sponsor_support(token=token, supported=True, request=request_by(None))
    row = AuditEvent.objects.get(subject_id=application.person_id, what="application")
    assert (row.action, row.actor_id, row.fields) == (AuditAction.CHANGED, None, ["sponsor_support", "status"])
    seen = audit.seen_by_others(application.person)
    assert [(s.who, s.what) for s in seen if s.action == "Changed"] == [("Someone with an emailed link", "your application")]
