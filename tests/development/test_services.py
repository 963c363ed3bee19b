"""Consent, answers, withdrawal, instruments, rounds and notices."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import RestrictedError
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.development import catalogue, figures, queries, services
from commonground.development.models import (
    HealthDataConsent,
    Instrument,
    InstrumentVersion,
    Response,
    Round,
    RoundKind,
    RoundNotice,
)
from commonground.schedule.models import Session
from tests.conftest import World
from tests.development import objects
from tests.development.conftest import join

BRS_ANSWERS = {"brs1": 4, "brs2": 2, "brs3": 4, "brs4": 2, "brs5": 4, "brs6": 2}


def test_resilience_answers_need_consent_first(world: World) -> None:
    survey_round = objects.east_resilience(world)
    with pytest.raises(ValidationError, match="Give your consent"):
        services.submit_response(survey_round=survey_round, person=world.bob, answers=BRS_ANSWERS)
    services.give_health_consent(person=world.bob, programme=world.programme)
    response = services.submit_response(survey_round=survey_round, person=world.bob, answers=BRS_ANSWERS)
    assert response.scores == {"resilience": 4.0}


def test_the_self_assessment_needs_no_health_consent(world: World) -> None:
    response = objects.answer_self_assessment(objects.east_self_assessment(world), world.bob, 4)
    assert set(response.scores.values()) == {4.0}


def test_answering_again_replaces_the_answers(world: World) -> None:
    survey_round = objects.east_self_assessment(world)
    objects.answer_self_assessment(survey_round, world.alice, 2)
    objects.answer_self_assessment(survey_round, world.alice, 5)
    assert Response.objects.get(person=world.alice).scores["trust"] == 5.0


def test_a_closed_round_refuses_answers(world: World) -> None:
    survey_round = objects.east_self_assessment(world)
    Round.objects.filter(pk=survey_round.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=30), closes_at=timezone.now() - dt.timedelta(days=1)
    )
    survey_round.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        objects.answer_self_assessment(survey_round, world.alice, 3)


def test_a_round_refuses_people_it_does_not_ask(world: World) -> None:
    with pytest.raises(ValidationError, match="does not ask you"):
        objects.answer_self_assessment(objects.east_self_assessment(world), world.carol, 3)


def test_an_empty_response_is_refused(world: World) -> None:
    with pytest.raises(ValidationError, match="Answer at least one"):
        services.submit_response(survey_round=objects.east_self_assessment(world), person=world.alice, answers={})


def test_withdrawing_consent_deletes_resilience_and_wellbeing_answers_only(world: World) -> None:
    objects.alice_resilience_response(world)
    wellbeing = objects.open_round(world, catalogue.WELLBEING)
    services.submit_response(survey_round=wellbeing, person=world.alice,
                             answers={"life_satisfaction": 7, "worthwhile": 8, "happiness": 6, "anxiety": 2})
    objects.answer_self_assessment(objects.east_self_assessment(world), world.alice, 4)

    deleted = services.withdraw_health_consent(person=world.alice, programme=world.programme)

    assert deleted == 2
    kept = Response.objects.filter(person=world.alice)
    assert [r.round.instrument.key for r in kept] == [catalogue.SELF_ASSESSMENT]
    consent = HealthDataConsent.objects.get(person=world.alice)
    assert consent.withdrawn_at is not None and not consent.active
    with pytest.raises(ValidationError, match="Give your consent"):
        services.submit_response(survey_round=wellbeing, person=world.alice, answers={"anxiety": 1})


def _paired_resilience(world: World, people: list[Person]) -> tuple[Round, Round]:
    baseline = objects.east_resilience(world)
    end = objects.open_round(world, catalogue.RESILIENCE, kind=RoundKind.END)
    for n, person in enumerate(people):
        services.give_health_consent(person=person, programme=world.programme)
        services.submit_response(survey_round=baseline, person=person, answers=dict.fromkeys(["brs1", "brs3", "brs5"], 3))
        services.submit_response(survey_round=end, person=person,
                                 answers=dict.fromkeys(["brs1", "brs3", "brs5"], 4 if n % 2 else 5))
    return baseline, end


def _resilience_rows(world: World) -> list[figures.ChangeRow]:
    return [c for c in figures.evaluation(world.programme).changes if c.instrument == "Brief Resilience Scale"]


def test_withdrawal_removes_answers_from_every_aggregate_at_once(
    world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    people = [world.alice, world.bob, *east_colleagues[:4]]  # six paired people
    _paired_resilience(world, people)
    [east] = [r for r in _resilience_rows(world) if r.scope == "East Surrey cohort"]
    assert east.n == 6

    services.withdraw_health_consent(person=world.alice, programme=world.programme)

    [east] = [r for r in _resilience_rows(world) if r.scope == "East Surrey cohort"]
    assert east.n == 5
    services.withdraw_health_consent(person=world.bob, programme=world.programme)
    rows = _resilience_rows(world)
    assert rows and all(r.suppressed for r in rows), "four people left: every figure is suppressed"
    rates = [r for r in figures.evaluation(world.programme).rates if r.round.instrument.key == catalogue.RESILIENCE]
    assert all(r.responded is None for r in rates)


def test_change_is_paired_per_person_with_a_t_interval(
    world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    _paired_resilience(world, [world.alice, world.bob, *east_colleagues[:3]])
    rows = {r.scope: r for r in _resilience_rows(world)}
    east, total = rows["East Surrey cohort"], rows["All cohorts"]
    # Changes 2, 1, 2, 1, 2 (from 3 to 5 or 4): mean 1.6, sd 0.5477, t(4) 2.7764 → ±0.68.
    assert (east.n, east.before, east.after, east.mean, east.low, east.high) == (5, 3.0, 4.6, 1.6, 0.92, 2.28)
    assert total.n == 5 and total.mean == 1.6


def test_a_total_that_would_reveal_a_small_cohort_is_suppressed(
    world: World, east_colleagues: list[Person], west_colleagues: list[Person]
) -> None:
    _paired_resilience(world, [world.alice, world.bob, *east_colleagues[:3]])
    west_baseline = objects.open_round(world, catalogue.RESILIENCE, cohort=world.west)
    west_end = objects.open_round(world, catalogue.RESILIENCE, cohort=world.west, kind=RoundKind.END)
    services.give_health_consent(person=world.carol, programme=world.programme)
    services.submit_response(survey_round=west_baseline, person=world.carol, answers=BRS_ANSWERS)
    services.submit_response(survey_round=west_end, person=world.carol, answers=BRS_ANSWERS)

    rows = {r.scope: r for r in _resilience_rows(world)}
    assert rows["Guildford and Waverley cohort"].suppressed
    # 6 − 5 would give away Carol's change: the East row and the total are never both shown.
    assert rows["East Surrey cohort"].suppressed or rows["All cohorts"].suppressed
    assert not (rows["East Surrey cohort"].suppressed and rows["All cohorts"].suppressed)
    publication = figures.evaluation(world.programme).publication
    assert publication is not None
    assert all(r.safe for r in publication.ranges().values())


def test_leads_add_their_own_instrument(world: World) -> None:
    instrument = services.create_instrument(
        programme=world.programme, name="Partnership habits", kirkpatrick_level=3, scale_min=1, scale_max=5,
        rows=[services.ItemRow("I share data with partners", "Sharing"),
              services.ItemRow("I keep information to myself", "Sharing", reversed=True),
              services.ItemRow("I attend partners' meetings", "Showing up")],
    )
    definition = instrument.versions.get().parsed
    assert [d.label for d in definition.dimensions] == ["Sharing", "Showing up"]
    assert [i.reversed for i in definition.items] == [False, True, False]
    assert instrument in Instrument.objects.available_to(world.programme)
    assert instrument not in Instrument.objects.available_to(world.other_programme)


def test_an_invalid_definition_is_never_stored(world: World) -> None:
    with pytest.raises(ValidationError):
        services.create_instrument(programme=world.programme, name="Empty", kirkpatrick_level=2,
                                   scale_min=1, scale_max=5, rows=[])
    assert not Instrument.objects.filter(programme=world.programme).exists()


def test_installing_the_shipped_instruments_twice_changes_nothing(db: None) -> None:
    services.install_builtin_instruments()
    services.install_builtin_instruments()
    assert Instrument.objects.filter(programme__isnull=True).count() == len(catalogue.BUILTIN)


def test_invitations_and_reminders_are_sent_once(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        survey_round = objects.east_self_assessment(world)  # opening it queued the invitations
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert "is open" in mail.outbox[0].subject and mail.outbox[0].alternatives
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_development_reminders", verbosity=0)
    assert mail.outbox == []

    objects.answer_self_assessment(survey_round, world.alice, 4)
    Round.objects.filter(pk=survey_round.pk).update(closes_at=timezone.now() + dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.send_round_notices()
    assert (summary.invitations, summary.reminders) == (0, 1)
    assert [m.to[0] for m in mail.outbox] == ["bob@example.org"]
    assert mail.outbox[0].subject.startswith("Reminder:")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_round_notices() == services.NoticeSummary(0, 0)
    assert RoundNotice.objects.filter(round=survey_round).count() == 3


def test_nobody_is_reminded_about_health_questions_they_have_not_agreed_to(world: World) -> None:
    survey_round = objects.open_round(world, catalogue.RESILIENCE, days_open=2)
    services.give_health_consent(person=world.bob, programme=world.programme)
    mail.outbox.clear()
    services.send_round_notices()
    assert RoundNotice.objects.filter(round=survey_round, kind="reminder").get().person == world.bob


def test_session_feedback_opens_once_per_session(world: World) -> None:
    held = timezone.now() - dt.timedelta(hours=2)
    session = _held_session(world, [])
    first = services.open_session_feedback(programme=world.programme, cohort=world.east,
                                           session=session, title="Day 2: Trust", held_at=held)
    again = services.open_session_feedback(programme=world.programme, cohort=world.east,
                                           session=session, title="Day 2: Trust", held_at=held)
    assert first == again and first.is_open() and first.kind == RoundKind.SESSION
    assert first.instrument.kirkpatrick_level == 1


def test_a_session_with_a_feedback_round_is_kept_until_its_programme_goes(world: World) -> None:
    session = _held_session(world, [world.alice])
    feedback = services.open_session_feedback(programme=world.programme, cohort=world.east, session=session,
                                              title="Launch day", held_at=session.ends_at)
    with pytest.raises(RestrictedError):
        session.delete()
    world.programme.delete()
    assert not Round.objects.filter(pk=feedback.pk).exists() and not Session.objects.filter(pk=session.pk).exists()


def test_rounds_refuse_another_programmes_cohort(world: World) -> None:
    with pytest.raises(ValidationError, match="another programme"):
        services.create_round(
            programme=world.programme, cohort=world.other_cohort,
            instrument=Instrument.objects.get(key=catalogue.SELF_ASSESSMENT), kind=RoundKind.BASELINE,
            opens_at=timezone.now(), closes_at=timezone.now() + dt.timedelta(days=1),
        )


def _held_session(world: World, attending: list[Person]) -> Session:
    """A real session (session feedback asks the people who came) that ended an hour ago."""
    from commonground.schedule.services.invitations import reply
    from tests.schedule.session_permission_cases import planned

    session = planned(world, "Launch day", days=1)
    for person in attending:
        reply(session=session, person=person, answer="attending")
    ago = timezone.now() - dt.timedelta(hours=4)
    Session.objects.filter(pk=session.pk).update(starts_at=ago, ends_at=ago + dt.timedelta(hours=3))
    session.refresh_from_db()
    return session


def test_session_feedback_is_summarised_with_suppression(world: World, east_colleagues: list[Person]) -> None:
    session = _held_session(world, [world.alice, world.bob, *east_colleagues[:3]])
    feedback = services.open_session_feedback(programme=world.programme, cohort=world.east, session=session,
                                              title="Launch day", held_at=timezone.now() - dt.timedelta(hours=1))
    for person in [world.alice, world.bob, *east_colleagues[:2]]:
        services.submit_response(survey_round=feedback, person=person, answers={"useful": 4, "recommend": 5})
    [row] = figures.evaluation(world.programme).feedback
    assert row.responses is None and all(mean is None for _, mean in row.means)
    services.submit_response(survey_round=feedback, person=east_colleagues[2],
                             answers={"useful": 2, "recommend": 5, "learnt": "Ask the council first"})
    [row] = figures.evaluation(world.programme).feedback
    assert row.responses == 5 and row.means == [("Useful for my work", 3.6), ("Would recommend", 5.0)]
    assert figures.evaluation(world.programme).sessions_exist


def test_an_extra_person_joins_the_population(world: World) -> None:
    dana = join(world, "Dana Newcomer")
    assert dana.pk in queries.population_ids(programme=world.programme, cohort=world.east)


def test_a_version_that_cannot_be_scored_is_never_saved(db: None) -> None:
    instrument = Instrument.objects.get(key=catalogue.RESILIENCE)
    with pytest.raises(ValidationError, match="no items"):
        InstrumentVersion.objects.create(instrument=instrument, number=2, definition={
            "scale": {"min": 1, "max": 5}, "rule": "mean", "dimensions": [{"key": "r", "label": "R"}], "items": [],
        })
    assert instrument.versions.count() == 1
