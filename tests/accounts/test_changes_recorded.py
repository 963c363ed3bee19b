"""Changes to other people's data: one insert per operation, ids and field names only, never a
person's change to their own data, and every role given or taken away."""

import pytest
from django.db import transaction
from django.http import HttpRequest
from django.test import RequestFactory

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, AuditEvent, Person
from tests.conftest import World


def request_by(person: Person, address: str = "10.0.0.9") -> HttpRequest:
    """A request signed in as `person`, from `address` (the services read who and from where)."""
    request = RequestFactory().post("/", REMOTE_ADDR=address)
    request.user = person
    return request


def rows(what: str) -> list[tuple[object, ...]]:
    """(action, actor, subject, object, fields, programme) of every row of this kind, in order."""
    return list(
        AuditEvent.objects.filter(what=what)
        .order_by("subject_id", "pk")
        .values_list("action", "actor_id", "subject_id", "object_id", "fields", "programme_id")
    )


def test_a_change_to_many_people_is_one_insert_that_leaves_out_the_actor(
    world: World, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        added = audit.changed_many(
            request=request_by(world.lena),
            subject_ids=[world.alice.pk, world.bob.pk, world.bob.pk, world.lena.pk],
            what="attendance", fields=["mark", "method", "mark"], object_id=5, programme_id=world.programme.pk,
        )
    assert added == 2
    assert rows("attendance") == [
        (AuditAction.CHANGED, world.lena.pk, p.pk, 5, ["mark", "method"], world.programme.pk)
        for p in (world.alice, world.bob)
    ]
    assert set(AuditEvent.objects.values_list("address", flat=True)) == {"10.0.0.9"}


def test_nothing_changed_or_only_ones_own_data_changed_adds_no_row(
    world: World, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert audit.changed_many(request=request_by(world.lena), subject_ids=[world.alice.pk], what="cohort", fields=[]) == 0
        assert audit.changed_many(actor_id=world.alice.pk, subject_ids=[world.alice.pk], what="cohort", fields=["cohort"]) == 0
        assert audit.changes() == 0


def test_roles_are_recorded_whoever_gives_them_and_parts_keep_their_own_programme(world: World) -> None:
    added = audit.changes(
        audit.Change("membership", [world.alice.pk], ["role"], 1, AuditAction.ROLE_GRANTED),
        audit.Change("membership", [world.bob.pk], ["role"], 2, AuditAction.ROLE_REVOKED, programme_id=99),
        audit.Change("cohort", [world.alice.pk], ["cohort"], 1),
        actor_id=world.alice.pk, programme_id=world.programme.pk,
    )
    assert added == 2  # Alice's own cohort change is not a change by someone else
    assert rows("membership") == [
        (AuditAction.ROLE_GRANTED, world.alice.pk, world.alice.pk, 1, ["role"], world.programme.pk),
        (AuditAction.ROLE_REVOKED, world.alice.pk, world.bob.pk, 2, ["role"], 99),
    ]
    assert AuditEvent.objects.get(subject_id=world.alice.pk).address is None


def test_no_one_signed_in_is_common_ground_itself(world: World) -> None:
    audit.changed_many(subject_ids=[world.alice.pk], what="application_decision", fields=["status"])
    (seen,) = audit.seen_by_others(world.alice)
    assert (seen.who, seen.action, seen.what, seen.fields) == (
        "Common Ground", "Changed", "the decision on your application", ["status"],
    )


def test_a_change_rolled_back_takes_its_row_with_it(world: World) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.changed_many(actor_id=world.lena.pk, subject_ids=[world.alice.pk], what="cohort", fields=["cohort"])
        raise RuntimeError("the change failed")
    assert not AuditEvent.objects.exists()


def test_every_kind_of_change_reads_as_a_phrase_on_the_seen_page() -> None:
    kinds = {"attendance", "learning_set_member", "keep_apart", "cohort", "challenge_team_member",
             "application", "application_decision", "membership"}
    assert kinds <= set(audit.WHAT)
    assert all(phrase[0].islower() and "_" not in phrase for phrase in audit.WHAT.values())
