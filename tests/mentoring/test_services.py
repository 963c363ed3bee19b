"""Mentoring services: the run, the status flow, endings, capacity, rematch priority, imports."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from commonground.mentoring import queries
from commonground.mentoring.fairness import fairness
from commonground.mentoring.models import EndReason, LineManagement, Match, MatchStatus
from commonground.mentoring.services import matches as services
from commonground.mentoring.services.buddies import approve_buddies, propose_buddies
from commonground.mentoring.services.offers import volunteer, withdraw
from commonground.mentoring.services.rules import (
    LineImportInvalid,
    import_line_management,
    save_preferences,
    save_rules,
)
from commonground.mentoring.services.runs import run_matching
from commonground.network.models import Encounter, EncounterSource
from tests.conftest import World
from tests.mentoring import objects as mo


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


def test_a_run_proposes_cross_organisation_matches_with_an_explanation_and_a_proof(world: World) -> None:
    maya, victor = mo.maya(world), mo.mentor(world, "Victor Voluntary", "victor@example.org", "Community Action", 2)
    save_preferences(programme=world.programme, mentee=world.bob, offer_ids=[victor.pk, maya.pk], same_place=False)
    run = run_matching(programme=world.programme, started_by=world.lena)
    proposed = {m.mentee_id: m for m in Match.objects.filter(run=run)}
    assert run.optimal and run.matched == len(proposed) == 3
    assert proposed[world.alice.pk].mentor_id == victor.person_id  # never Maya: the same organisation
    assert proposed[world.carol.pk].mentor_id == maya.person_id  # never Victor: the same organisation
    texts = [c["text"] for c in proposed[world.alice.pk].explanation]
    assert "different organisation" in texts and "no line-management link" in texts
    assert any(t.startswith("different sector (NHS / Voluntary") for t in texts)
    assert proposed[world.bob.pk].mentor_id == victor.person_id and proposed[world.bob.pk].rank == 1
    assert all(m.status == MatchStatus.PROPOSED for m in proposed.values())


def test_a_line_management_chain_is_never_matched_manager_of_manager_included(world: World) -> None:
    victor = mo.victor(world)
    import_line_management(
        programme=world.programme, filename="lines.csv",
        upload=_csv(f"manager_email,report_email\n{victor.person.email},{world.sam.email}\n{world.sam.email},{world.carol.email}\n"),
    )
    assert queries.line_chains(world.programme) >= {(victor.person_id, world.carol.pk)}
    run = run_matching(programme=world.programme, started_by=world.lena)
    assert not Match.objects.filter(run=run, mentee=world.carol, mentor=victor.person).exists()
    save_rules(programme=world.programme, apart_line_management=False)
    Match.objects.filter(run=run).delete()
    mo.maya(world).delete()
    run = run_matching(programme=world.programme, started_by=world.lena)
    assert Match.objects.filter(run=run).count() == 1  # Victor's one place goes to someone


def test_an_import_with_a_bad_row_names_it_and_writes_nothing(world: World) -> None:
    LineManagement.objects.create(programme=world.programme, manager=world.lena, report=world.fred)
    with pytest.raises(LineImportInvalid) as caught:
        import_line_management(
            programme=world.programme, filename="lines.csv",
            upload=_csv(f"manager_email,report_email\n{world.sam.email},{world.alice.email}\nnobody@example.org,{world.bob.email}\n"),
        )
    assert caught.value.messages == ["Row 3, manager_email: Nobody signs in as nobody@example.org."]
    assert list(LineManagement.objects.values_list("manager_id", "report_id")) == [(world.lena.pk, world.fred.pk)]
    with pytest.raises(LineImportInvalid, match="report_email"):
        import_line_management(programme=world.programme, filename="l.csv", upload=_csv("manager_email\nx@y.z\n"))


def test_approval_then_both_acceptances_each_recorded(world: World) -> None:
    match = mo.match(world, MatchStatus.PROPOSED)
    match = services.approve(match=match, by=world.lena)
    assert match.status == MatchStatus.APPROVED and match.approved_by == world.lena
    match = services.accept(match=match, person=world.alice)
    assert match.status == MatchStatus.APPROVED and match.mentee_accepted_at and not match.mentor_accepted_at
    with pytest.raises(ValidationError):
        services.accept(match=match, person=world.bob)
    match = services.accept(match=match, person=match.mentor)
    assert match.status == MatchStatus.ACCEPTED and match.mentor_accepted_at


def test_approving_never_takes_a_mentor_past_their_capacity(world: World) -> None:
    mo.match(world, MatchStatus.ACTIVE)
    second = mo.match(world, MatchStatus.PROPOSED, mentee=world.bob)
    with pytest.raises(ValidationError, match="no room left"):
        services.approve(match=second, by=world.lena)
    approved, refused = services.approve_all(programme=world.programme, by=world.lena)
    assert approved == 0 and len(refused) == 1


def test_a_declined_proposal_frees_both_sides(world: World) -> None:
    match = services.decline(match=mo.match(world), by=world.alice)
    assert match.status == MatchStatus.DECLINED and match.declined_by == world.alice
    assert world.alice in queries.waiting_mentees(world.programme)
    assert queries.open_offers(world.programme)[0][1] == 1


def test_the_first_meeting_makes_the_match_active_and_counts_as_an_encounter(world: World) -> None:
    carol_mentors = volunteer(world.carol, world.programme, as_mentor=True, as_buddy=False, capacity=1)
    match = mo.match(world, MatchStatus.ACCEPTED, offer=carol_mentors)
    today = timezone.localdate()
    meeting = services.record_meeting(match=match, by=world.alice, held_on=today, note="Coffee at the hub")
    match.refresh_from_db()
    assert meeting.kind == "first" and match.status == MatchStatus.ACTIVE and match.active_since == today
    assert Encounter.objects.filter(source=EncounterSource.MENTORING).count() == 1
    assert services.record_meeting(match=match, by=match.mentor, held_on=today).kind == "check_in"
    with pytest.raises(ValidationError):
        services.record_meeting(match=match, by=world.alice, held_on=today + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.record_meeting(match=match, by=world.alice, held_on=today, note="two\nlines")


def test_a_meeting_with_a_mentor_from_outside_the_cohorts_is_no_encounter(world: World) -> None:
    match = mo.match(world, MatchStatus.ACCEPTED)
    services.record_meeting(match=match, by=world.alice, held_on=timezone.localdate())
    assert not Encounter.objects.filter(source=EncounterSource.MENTORING).exists()


def test_ending_before_the_programme_ends_needs_a_reason_and_is_early(world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    assert timezone.localdate() < world.programme.ends_on
    with pytest.raises(ValidationError):
        services.end(match=match, by=world.alice)
    match = services.end(match=match, by=world.alice, note="Moved to a new role")
    assert (match.status, match.end_reason, match.ended_by) == (MatchStatus.ENDED, EndReason.EARLY, world.alice)
    assert match.end_note == "Moved to a new role"


def test_ending_at_the_programme_end_counts_as_completed(world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    end = dt.datetime.combine(world.programme.ends_on, dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(end, tick=False):
        match = services.end(match=match, by=world.lena)
    assert match.end_reason == EndReason.COMPLETED and match.ended_on == world.programme.ends_on


def test_a_mentee_whose_match_ended_early_is_first_in_line(world: World) -> None:
    services.end(match=mo.match(world, MatchStatus.ACTIVE, mentee=world.carol), by=world.carol, note="Too far apart")
    withdraw(mo.victor(world).person, world.programme)
    offer = mo.maya(world)  # one place left in the programme, and Carol can take it as well as Bob
    offer.capacity = 1
    offer.save()
    run = run_matching(programme=world.programme, started_by=world.lena)
    proposed = Match.objects.filter(run=run).get()
    assert proposed.mentee == world.carol and proposed.priority


def test_volunteering_and_withdrawing(world: World) -> None:
    offer = volunteer(world.carol, world.programme, as_mentor=True, as_buddy=True, capacity=2)
    assert (offer.kind, offer.capacity, offer.buddy, offer.active) == ("alumni", 2, True, True)
    with pytest.raises(ValidationError):
        volunteer(world.carol, world.programme, as_mentor=True, as_buddy=False, capacity=-1)
    assert withdraw(world.carol, world.programme).active is False


def test_buddies_pair_a_cohort_and_show_once_approved(world: World) -> None:
    pairing = propose_buddies(cohort=world.east, by=world.lena)
    assert pairing.optimal and [sorted(b.person_id for b in pairing.buddies.all())] == [sorted([world.alice.pk, world.bob.pk])]
    assert queries.my_buddies(world.programme, world.alice) == []
    approve_buddies(pairing=pairing)
    assert queries.my_buddies(world.programme, world.alice) == [world.bob]


def test_the_fairness_table_hides_groups_under_five(world: World) -> None:
    mo.victor(world)
    run = run_matching(programme=world.programme, started_by=world.lena)
    table = fairness(run)
    assert table.total.mentees is None  # three mentees: too few to show
    assert all(r.mentees is None for r in table.by_sector + table.by_place)


def test_approving_a_match_mails_both_people_the_link_to_answer_it(world: World, mailoutbox, django_capture_on_commit_callbacks) -> None:
    victor = mo.victor(world)
    run = run_matching(programme=world.programme, started_by=world.lena)
    match = Match.objects.filter(run=run, offer=victor).select_related("mentee").first()
    assert match is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(match=match, by=world.lena)
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {match.mentee.email, victor.person.email}
    to_mentee, to_mentor = by_address[match.mentee.email], by_address[victor.person.email]
    assert to_mentee.subject == f"You have a mentor on {world.programme.title}"
    assert to_mentor.subject == f"You have a mentee on {world.programme.title}"
    assert victor.person.full_name in to_mentee.body and match.mentee.full_name in to_mentor.body
    link = f"/programmes/{world.programme.pk}/mentoring/"
    assert link in to_mentee.body and link in to_mentor.body
    assert "within 14 days" in to_mentee.body

    # A refused approval (already approved) mails nobody again.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.approve(match=match, by=world.lena)
    assert len(mailoutbox) == 2
