"""Retention: each kind of data goes (or loses its person) on the day its period runs out, not the
day before; a dry run changes nothing; a second run does nothing; a programme's own periods win;
the lead's page shows and changes them. (Applicants' accounts: test_retention_accounts.py; the
system administrator's pages: test_system_retention.py.)

The clock is frozen (time-machine) at moments derived from the programme's dates, so the tests
pass on any real date.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commonground.accounts import audit, consent_ledger
from commonground.accounts.consents import Purpose
from commonground.accounts.models import AuditAction, AuditEvent, ConsentRecord, Person
from commonground.demo.programme import DEMO_PROGRAMME_TITLE
from commonground.development import catalogue, services
from commonground.development.models import (
    EqualityAnswers,
    Instrument,
    JournalEntry,
    Response,
    Round,
    RoundKind,
)
from commonground.network.models import TieReport
from commonground.privacy import datamap, retention, tasks
from commonground.privacy.models import (
    DEFAULT_MONTHS,
    Pseudonym,
    RetentionKind,
    RetentionPolicy,
    RetentionRun,
)
from commonground.privacy.retention import add_months, last_day_due, pseudonyms
from commonground.programmes.models import Programme
from commonground.recruitment.models import Application, ApplicationStatus, Decision
from tests import factories
from tests.conftest import World
from tests.recruitment import objects as rec

LONDON = ZoneInfo(settings.TIME_ZONE)
# Ends chosen so months land on short months and leap days as well as ordinary ones.
ENDS = [dt.date(2027, 5, 31), dt.date(2027, 2, 28), dt.date(2028, 8, 31), dt.date(2028, 2, 29), dt.date(2027, 7, 15)]


def first_moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0, 1), tzinfo=LONDON)


def last_moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=LONDON)


def ending(world: World, ends_on: dt.date) -> Programme:
    programme = world.programme
    programme.starts_on, programme.ends_on = ends_on - dt.timedelta(days=270), ends_on
    programme.save()
    return programme


def journal(world: World) -> JournalEntry:
    return JournalEntry.objects.create(person=world.alice, programme=world.programme, body="Hard week, good set.")


def answers(world: World) -> list[Response]:
    services.install_builtin_instruments()
    version = services.latest_version(Instrument.objects.get(key=catalogue.SELF_ASSESSMENT))
    opens = timezone.now() - dt.timedelta(days=400)
    survey_round = Round.objects.create(
        programme=world.programme, cohort=world.east, instrument_version=version, kind=RoundKind.BASELINE,
        opens_at=opens, closes_at=opens + dt.timedelta(days=14),
    )
    return [
        Response.objects.create(round=survey_round, person=p, answers={"q": level}, scores={"trust": level})
        for p, level in ((world.alice, 4), (world.bob, 2))
    ]


def marks(world: World) -> list[TieReport]:
    return [
        TieReport.objects.create(round=world.east_start, reporter=world.alice, colleague=world.bob, knows=True),
        TieReport.objects.create(round=world.east_start, reporter=world.bob, colleague=world.alice, worked_with=True),
        TieReport.objects.create(round=world.east_start, reporter=world.carol, colleague=world.alice, knows=True),
    ]


def equality(world: World) -> EqualityAnswers:
    return EqualityAnswers.objects.create(person=world.alice, programme=world.programme, ethnic_group="white")


def ended_consent(world: World, *, ended: dt.datetime, replaced: bool = False) -> ConsentRecord:
    """Bob's consent in the programme, given a month before `ended` and withdrawn (or replaced) then."""
    purpose = Purpose.HEALTH_DATA if replaced else Purpose.EQUALITY
    record = consent_ledger.give(
        person=world.bob, purpose=purpose, programme_id=world.programme.pk, at=ended - dt.timedelta(days=30)
    )
    if replaced:
        ConsentRecord.objects.filter(pk=record.pk).update(replaced_at=ended)
    else:
        consent_ledger.withdraw(person=world.bob, purpose=purpose, programme_id=world.programme.pk, at=ended)
    record.refresh_from_db()
    return record


def refused(
    world: World, name: str = "Dana Applicant", *, decided: dt.datetime, status: str = ApplicationStatus.REJECTED
) -> Application:
    application = rec.application(world, name, status=status, submitted_at=decided - dt.timedelta(days=30))
    Decision.objects.create(application=application, to_status=status, at=decided)
    return application


def run(**kwargs: object) -> retention.RetentionResult:
    return retention.apply_retention(**kwargs)  # type: ignore[arg-type]


# The date rule -------------------------------------------------------------------------------


@pytest.mark.parametrize("months", [1, 6, 12, 72])
def test_the_last_day_due_is_the_latest_day_whose_period_has_run_out(months: int) -> None:
    today = dt.date(2027, 1, 1)
    while today < dt.date(2029, 3, 1):
        last = last_day_due(today, months)
        assert add_months(last, months) <= today < add_months(last + dt.timedelta(days=1), months)
        today += dt.timedelta(days=1)


def test_adding_months_keeps_the_day_or_takes_the_months_last() -> None:
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2027, 1, 15), 72) == dt.date(2033, 1, 15)


# Each kind at its boundary --------------------------------------------------------------------


@pytest.mark.parametrize("ends_on", ENDS)
def test_journals_go_on_the_day_six_months_after_the_end_and_not_the_day_before(world: World, ends_on: dt.date) -> None:
    programme = ending(world, ends_on)
    journal(world)
    due = add_months(ends_on, 6)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.JOURNALS] == 0
    assert JournalEntry.objects.filter(programme=programme).count() == 1
    with time_machine.travel(first_moment(due), tick=False):
        assert run().counts[RetentionKind.JOURNALS] == 1
    assert not JournalEntry.objects.filter(programme=programme).exists()


@pytest.mark.parametrize("ends_on", ENDS)
def test_answers_and_marks_lose_their_people_twelve_months_after_the_end(world: World, ends_on: dt.date) -> None:
    ending(world, ends_on)
    given, marked = answers(world), marks(world)
    due = add_months(ends_on, 12)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        counts = run().counts
    assert (counts[RetentionKind.ANSWERS], counts[RetentionKind.SURVEY_MARKS]) == (0, 0)
    assert Response.objects.filter(person=world.alice).exists()
    with time_machine.travel(first_moment(due), tick=False):
        counts = run().counts
    assert (counts[RetentionKind.ANSWERS], counts[RetentionKind.SURVEY_MARKS]) == (len(given), len(marked))

    people = {world.alice.pk, world.bob.pk, world.carol.pk}
    kept = list(Response.objects.filter(pk__in=[r.pk for r in given]).order_by("pk"))
    assert [r.scores for r in kept] == [{"trust": 4}, {"trust": 2}]  # the figures still count
    assert not {r.person_id for r in kept} & people
    ties = list(TieReport.objects.filter(pk__in=[m.pk for m in marked]).order_by("pk"))
    assert not {t.reporter_id for t in ties} & people and not {t.colleague_id for t in ties} & people
    # The shape stays: Alice's and Bob's marks about each other still join the same two pseudonyms.
    assert (ties[0].reporter_id, ties[0].colleague_id) == (ties[1].colleague_id, ties[1].reporter_id)
    assert ties[2].colleague_id == ties[0].reporter_id
    # Answers and marks use different pseudonyms, and none can sign in or be named.
    assert not {r.person_id for r in kept} & {t.reporter_id for t in ties}
    for pseudonym in Person.objects.filter(pseudonym__isnull=False):
        assert not pseudonym.is_active and not pseudonym.has_usable_password()
        assert pseudonym.full_name == "" and pseudonym.email.endswith("@pseudonym.invalid")
        assert not pseudonym.memberships.exists()
    assert Pseudonym.objects.count() == 2 + 3


def many_answers_and_marks(world: World, people: int) -> tuple[list[int], list[int]]:
    """Answers from `people` people and a ring of marks among them (each marks the next two)."""
    services.install_builtin_instruments()
    version = services.latest_version(Instrument.objects.get(key=catalogue.SELF_ASSESSMENT))
    opens = timezone.now() - dt.timedelta(days=400)
    survey_round = Round.objects.create(
        programme=world.programme, cohort=world.east, instrument_version=version, kind=RoundKind.BASELINE,
        opens_at=opens, closes_at=opens + dt.timedelta(days=14),
    )
    crowd = [factories.PersonFactory() for _ in range(people)]
    given = [
        Response.objects.create(round=survey_round, person=p, answers={"q": i}, scores={"trust": i}).pk
        for i, p in enumerate(crowd)
    ]
    marked = [
        TieReport.objects.create(round=world.east_start, reporter=p, colleague=crowd[(i + step) % people], knows=True).pk
        for i, p in enumerate(crowd)
        for step in (1, 2)
    ]
    return given, marked


@pytest.mark.parametrize("batch", [1, 3, 500])
def test_pseudonymising_in_batches_moves_each_person_onto_one_pseudonym(
    world: World, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pseudonyms, "BATCH", batch)
    ending(world, dt.date(2027, 5, 31))
    given, marked = many_answers_and_marks(world, 7)
    owner_before = dict(Response.objects.filter(pk__in=given).values_list("pk", "person_id"))
    pairs_before = {pk: (r, c) for pk, r, c in TieReport.objects.filter(pk__in=marked).values_list(
        "pk", "reporter_id", "colleague_id")}
    with time_machine.travel(first_moment(add_months(world.programme.ends_on, 12)), tick=False):
        assert run().counts[RetentionKind.SURVEY_MARKS] == len(marked)
    owner_after = dict(Response.objects.filter(pk__in=given).values_list("pk", "person_id"))
    pairs_after = {pk: (r, c) for pk, r, c in TieReport.objects.filter(pk__in=marked).values_list(
        "pk", "reporter_id", "colleague_id")}
    # One pseudonym per person, the same wherever the person appears, and never a real person.
    answers_map = {owner_before[pk]: owner_after[pk] for pk in given}
    marks_map: dict[int, int] = {}
    for pk, before in pairs_before.items():
        for old, new in zip(before, pairs_after[pk], strict=True):
            assert marks_map.setdefault(old, new) == new
    real = set(Person.objects.filter(pseudonym__isnull=True).values_list("pk", flat=True))
    for mapping in (answers_map, marks_map):
        assert len(set(mapping.values())) == len(mapping) == 7
        assert not set(mapping.values()) & real
    assert not set(answers_map.values()) & set(marks_map.values())


def test_pseudonymising_takes_one_update_per_batch_of_people_not_one_per_person(world: World) -> None:
    ending(world, dt.date(2027, 5, 31))
    given, marked = many_answers_and_marks(world, 12)
    moment = first_moment(add_months(world.programme.ends_on, 12))
    with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as queries:
        counts = run().counts
    assert (counts[RetentionKind.ANSWERS], counts[RetentionKind.SURVEY_MARKS]) == (len(given), len(marked))
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert sum('"development_response"' in sql for sql in updates) == 1
    assert sum('"network_tiereport"' in sql for sql in updates) == 1


def test_applications_not_accepted_go_twelve_months_after_their_last_decision(world: World) -> None:
    ending(world, dt.date(2027, 5, 31))
    decided = dt.datetime(2027, 1, 31, 16, 30, tzinfo=LONDON)
    with time_machine.travel(decided, tick=False):
        not_offered = refused(world, decided=decided)
        withdrew = refused(
            world, "Gus Withdrew", decided=decided - dt.timedelta(days=1), status=ApplicationStatus.WITHDRAWN
        )
        accepted = rec.application(world, "Ellis Accepted", status=ApplicationStatus.ACCEPTED)
        waiting = rec.application(world, "Fran Waiting", status=ApplicationStatus.WAITLISTED)
    due = add_months(decided.date(), 12)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.APPLICATIONS] == 1  # the withdrawal, a day older
    assert set(Application.objects.values_list("pk", flat=True)) == {not_offered.pk, accepted.pk, waiting.pk}
    with time_machine.travel(first_moment(due), tick=False):
        assert run().counts[RetentionKind.APPLICATIONS] == 1
    assert not Decision.objects.filter(application_id__in=[not_offered.pk, withdrew.pk]).exists()
    # A waiting application counts from the programme's end; an accepted one stays.
    waiting_due = add_months(world.programme.ends_on, 12)
    with time_machine.travel(last_moment(waiting_due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.APPLICATIONS] == 0
    with time_machine.travel(first_moment(waiting_due), tick=False):
        assert run().counts[RetentionKind.APPLICATIONS] == 1
    assert list(Application.objects.values_list("pk", flat=True)) == [accepted.pk]


def test_the_audit_trail_goes_when_six_years_old(world: World) -> None:
    AuditEvent.objects.all().purge()  # only this test's rows, whatever the real date
    at = dt.datetime(2027, 3, 31, 23, 30, tzinfo=LONDON)
    with time_machine.travel(at, tick=False):
        ours = audit.record(action=AuditAction.VIEWED, what="person", programme_id=world.programme.pk)
        nobodys = audit.record(action=AuditAction.SIGNED_IN, what="sign_in")
    due = add_months(at.date(), 72)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.AUDIT] == 0
    with time_machine.travel(first_moment(due), tick=False):
        assert run(programme_id=world.programme.pk).counts[RetentionKind.AUDIT] == 1  # its own rows only
        assert AuditEvent.objects.filter(pk=nobodys.pk).exists()
        assert run().counts[RetentionKind.AUDIT] == 1
    assert not AuditEvent.objects.filter(pk__in=[ours.pk, nobodys.pk]).exists()


@pytest.mark.parametrize("ends_on", ENDS)
def test_equality_answers_go_twelve_months_after_the_end_and_not_the_day_before(world: World, ends_on: dt.date) -> None:
    ending(world, ends_on)
    answered = equality(world)
    consent = consent_ledger.give(person=world.alice, purpose=Purpose.EQUALITY, programme_id=world.programme.pk)
    due = add_months(ends_on, 12)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.EQUALITY] == 0
    assert EqualityAnswers.objects.filter(pk=answered.pk).exists()
    consent.refresh_from_db()
    assert consent.in_force
    with time_machine.travel(first_moment(due), tick=False):
        assert run().counts[RetentionKind.EQUALITY] == 1
    assert not EqualityAnswers.objects.exists()
    # The consent ends with what it covered, so the questions are not asked again under it.
    consent.refresh_from_db()
    assert consent.withdrawn_at == first_moment(due)


@pytest.mark.parametrize("replaced", [False, True], ids=["withdrawn", "replaced"])
def test_ended_consents_go_six_years_after_they_ended_and_consents_in_force_stay(world: World, replaced: bool) -> None:
    ending(world, dt.date(2027, 5, 31))
    ended_at = dt.datetime(2027, 8, 31, 22, 30, tzinfo=LONDON)
    ended = ended_consent(world, ended=ended_at, replaced=replaced)
    current = consent_ledger.give(
        person=world.alice, purpose=Purpose.ROSTER, programme_id=world.programme.pk,
        at=ended_at - dt.timedelta(days=400),
    )
    due = add_months(ended_at.date(), 72)
    with time_machine.travel(last_moment(due - dt.timedelta(days=1)), tick=False):
        assert run().counts[RetentionKind.CONSENTS] == 0
    assert ConsentRecord.objects.filter(pk=ended.pk).exists()
    with time_machine.travel(first_moment(due), tick=False):
        assert run().counts[RetentionKind.CONSENTS] == 1
    assert list(ConsentRecord.objects.values_list("pk", flat=True)) == [current.pk]


def test_ended_consents_of_no_programme_keep_the_default_and_only_whole_runs_reach_them(world: World) -> None:
    ended_at = dt.datetime(2027, 1, 10, 9, tzinfo=LONDON)
    ConsentRecord.objects.create(
        person=world.carol, programme_id=None, purpose=Purpose.EQUALITY, wording_version="equality-v1",
        given_at=ended_at - dt.timedelta(days=3), withdrawn_at=ended_at,
    )
    RetentionPolicy.objects.create(programme=world.programme, consents_months=24)
    with time_machine.travel(first_moment(add_months(ended_at.date(), 24)), tick=False):
        assert run().counts[RetentionKind.CONSENTS] == 0  # the programme's period is not theirs
    with time_machine.travel(first_moment(add_months(ended_at.date(), 72)), tick=False):
        assert run(programme_id=world.programme.pk).counts[RetentionKind.CONSENTS] == 0
        result = run()
    assert result.by_programme[retention.NO_PROGRAMME][RetentionKind.CONSENTS] == 1
    assert "Tied to no programme:" in result.lines()
    assert not ConsentRecord.objects.exists()


# Dry runs, repeats and a programme's own periods ---------------------------------------------------


def everything_due(world: World) -> dt.datetime:
    """One of each kind in the world's programme, all due at the returned moment."""
    ends_on = dt.date(2027, 5, 31)
    ending(world, ends_on)
    with time_machine.travel(dt.datetime(2027, 6, 1, 9, tzinfo=LONDON), tick=False):
        journal(world)
        answers(world)
        marks(world)
        equality(world)
        refused(world, decided=timezone.now())  # Dana, whose account has nothing else
        audit.record(action=AuditAction.VIEWED, what="person", programme_id=world.programme.pk,
                     at=timezone.now() - dt.timedelta(days=7 * 366))
    ended_consent(world, ended=dt.datetime(2021, 3, 1, 12, tzinfo=LONDON))
    return first_moment(add_months(ends_on, 12) + dt.timedelta(days=1))


EVERYTHING = {
    RetentionKind.JOURNALS: 1, RetentionKind.ANSWERS: 2, RetentionKind.SURVEY_MARKS: 3, RetentionKind.EQUALITY: 1,
    RetentionKind.APPLICATIONS: 1, RetentionKind.CONSENTS: 1, RetentionKind.AUDIT: 1, retention.ACCOUNTS: 1,
}


def table_sizes() -> dict[str, int]:
    tables = (JournalEntry, Response, TieReport, EqualityAnswers, Application, ConsentRecord, AuditEvent, Person)
    return {m.__name__: m.objects.count() for m in tables}


def test_a_dry_run_changes_nothing_and_counts_what_a_real_run_does(world: World) -> None:
    moment = everything_due(world)
    before = table_sizes()
    owners = list(Response.objects.values_list("person_id", flat=True))
    with time_machine.travel(moment, tick=False):
        dry = run(dry_run=True)
        assert table_sizes() == before and list(Response.objects.values_list("person_id", flat=True)) == owners
        real = run()
    assert dry.counts == real.counts == EVERYTHING
    assert dry.by_programme[world.programme.pk] == EVERYTHING
    assert dry.dry_run and RetentionRun.objects.filter(dry_run=True).count() == 1


def test_a_second_run_does_nothing(world: World) -> None:
    moment = everything_due(world)
    with time_machine.travel(moment, tick=False):
        assert run().total == sum(EVERYTHING.values())
        sizes = table_sizes()
        again = run()
    assert again.total == 0 and table_sizes() == sizes
    assert "Nothing was due in 2 programmes." in again.lines()


def test_a_programmes_own_periods_win_over_the_defaults(world: World) -> None:
    ends_on = dt.date(2027, 5, 31)
    ending(world, ends_on)
    RetentionPolicy.objects.create(programme=world.programme, journals_months=1)
    journal(world)
    JournalEntry.objects.create(person=world.oscar, programme=world.other_programme, body="Elsewhere.")
    Programme.objects.filter(pk=world.other_programme.pk).update(ends_on=ends_on)
    due = add_months(ends_on, 1)
    with time_machine.travel(first_moment(due), tick=False):
        result = run()
    assert result.by_programme[world.programme.pk][RetentionKind.JOURNALS] == 1
    assert result.by_programme[world.other_programme.pk][RetentionKind.JOURNALS] == 0  # still six months
    assert JournalEntry.objects.filter(programme=world.other_programme).count() == 1


def test_the_task_and_the_command_report_what_they_did(world: World) -> None:
    assert "commonground.privacy.tasks.apply_retention" in settings.PERIODIC_TASKS
    moment = everything_due(world)
    out = io.StringIO()
    with time_machine.travel(moment, tick=False):
        call_command("apply_retention", "--dry-run", "--programme", str(world.programme.pk), stdout=out)
        assert "Journal entries: 1 to be deleted" in out.getvalue()
        assert "Relationship survey marks: 3 to be pseudonymised" in out.getvalue()
        counts = tasks.apply_retention.call()
    assert counts[RetentionKind.ANSWERS] == 2
    latest, acted = retention.last_runs(programme=world.programme)
    assert latest is not None and latest.trigger == "task" and acted == latest
    with pytest.raises(CommandError, match="no programme 987654"):
        call_command("apply_retention", "--programme", "987654")


# The lead's page ----------------------------------------------------------------------------------


def periods(**changed: str) -> dict[str, str]:
    """The periods form as posted: the defaults, with some changed."""
    return {f"{kind}_months": str(months) for kind, months in DEFAULT_MONTHS.items()} | changed


def lenas_client(world: World) -> Client:
    client = Client()
    client.force_login(world.lena)
    return client


def test_the_lead_sees_the_periods_what_is_due_and_the_last_run(world: World) -> None:
    moment = everything_due(world)
    with time_machine.travel(moment, tick=False):
        run(dry_run=True)
        page = lenas_client(world).get(reverse("privacy:retention", args=[world.programme.pk]))
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "Deleted 6 months after the programme ends" in page.text
    due_now = sum(v for k, v in EVERYTHING.items() if k != retention.ACCOUNTS)  # accounts follow applications
    assert f"{due_now} records are due now" in page.text
    assert "A dry run (nothing changed)" in page.text and "Journal entries: 1 to be deleted" in page.text


def test_what_is_not_due_yet_is_counted_with_the_day_it_falls_due(world: World) -> None:
    moment = everything_due(world)
    ends_on = world.programme.ends_on
    with time_machine.travel(dt.datetime(2027, 7, 1, 12, tzinfo=LONDON), tick=False):
        refused(world, "Hal Later", decided=timezone.now())
    with time_machine.travel(moment - dt.timedelta(days=30), tick=False):
        coming = retention.upcoming(programme=world.programme)
        page = lenas_client(world).get(reverse("privacy:retention", args=[world.programme.pk]))
    assert coming[RetentionKind.JOURNALS] == retention.Upcoming(0, None)  # already due
    assert coming[RetentionKind.ANSWERS] == retention.Upcoming(2, add_months(ends_on, 12))
    assert coming[RetentionKind.SURVEY_MARKS] == retention.Upcoming(3, add_months(ends_on, 12))
    # Dana's (decided on 1 June 2027) goes first, then Hal's.
    assert coming[RetentionKind.APPLICATIONS] == retention.Upcoming(2, add_months(dt.date(2027, 6, 1), 12))
    assert coming[RetentionKind.AUDIT].count == AuditEvent.objects.filter(programme_id=world.programme.pk).count() - 1
    assert f"{add_months(ends_on, 12).day} {add_months(ends_on, 12):%B %Y}" in page.text


def test_the_demo_programme_shows_its_periods_and_what_falls_due_later(db: None) -> None:
    call_command("seed_demo", "--participants", "40", verbosity=0)
    programme = Programme.objects.get(title=DEMO_PROGRAMME_TITLE)
    lead = Person.objects.get(email="lead@demo.example")
    assert retention.policy_for(programme).applications_months == 6
    assert not any(retention.due_now(programme=programme).values())
    coming = retention.upcoming(programme=programme)
    assert coming[RetentionKind.JOURNALS].next_on == add_months(programme.ends_on, 6)
    assert coming[RetentionKind.JOURNALS].count and coming[RetentionKind.ANSWERS].count
    assert RetentionRun.objects.exists()  # the run made while seeding, with the other periodic tasks
    client = Client()
    client.force_login(lead)
    page = client.get(reverse("privacy:retention", args=[programme.pk]))
    assert page.status_code == 200 and "Deleted 6 months after the last decision on them" in page.text


def test_the_lead_changes_the_periods_and_the_change_is_audited(world: World) -> None:
    url = reverse("privacy:retention", args=[world.programme.pk])
    data = periods(journals_months="3", answers_months="24", applications_months="6", audit_months="84",
                   equality_months="3", consents_months="96")
    assert lenas_client(world).post(url, data).status_code == 302
    policy = RetentionPolicy.objects.get(programme=world.programme)
    assert (policy.journals_months, policy.answers_months, policy.audit_months) == (3, 24, 84)
    assert (policy.equality_months, policy.consents_months) == (3, 96)
    event = AuditEvent.objects.get(what="retention_policy")
    assert event.actor_id == world.lena.pk and set(event.fields) == {
        "journals_months", "answers_months", "applications_months", "audit_months", "equality_months",
        "consents_months"}


@pytest.mark.parametrize(
    ("value", "message"),
    [("6.5", "Enter a whole number of months from 1 to 120, like 6."), ("0", "Enter at least 1"),
     ("121", "Enter at most 120"), ("", "Enter a whole number of months from 1 to 120."),
     ("six", "Enter a whole number of months from 1 to 120, like 6.")],
)
def test_bad_periods_are_refused_with_a_clear_error(world: World, value: str, message: str) -> None:
    data = periods(journals_months=value)
    page = lenas_client(world).post(reverse("privacy:retention", args=[world.programme.pk]), data)
    assert page.status_code == 400
    assert message in page.text and "There is a problem" in page.text
    assert not RetentionPolicy.objects.exists()


def test_the_audit_trail_and_ended_consents_cannot_be_set_below_two_years(world: World) -> None:
    for kind in ("audit_months", "consents_months"):
        page = lenas_client(world).post(reverse("privacy:retention", args=[world.programme.pk]), periods(**{kind: "12"}))
        assert page.status_code == 400 and "Enter at least 24" in page.text
    assert not RetentionPolicy.objects.exists()


def test_only_the_lead_reaches_the_page_and_the_data_map_links_it(world: World) -> None:
    url = reverse("privacy:retention", args=[world.programme.pk])
    for person in (world.fred, world.alice, world.oscar):
        client = Client()
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"journals_months": "1"}).status_code == 404
    assert url in lenas_client(world).get(reverse("privacy:data-map")).text


def test_the_data_map_says_the_default_periods() -> None:
    kept = {k.title: k.kept for k in datamap.KINDS}
    assert "deleted 6 months after the programme ends" in kept["Goals and journal"]
    assert "pseudonymised 12 months after the programme ends" in kept["Wellbeing and self-assessment answers"]
    assert "pseudonymised 12 months after the programme ends" in kept["Relationships"]
    assert "deleted 12 months after the last decision" in kept["Applications"]
    assert kept["Audit trail"].startswith("6 years, then deleted")
    assert kept["Equality monitoring"].startswith("Deleted 12 months after the programme ends")
    assert "withdrawn or replaced: deleted 6 years after they ended" in kept["Consents"]
    assert "the applicant's account when nothing else is held about them" in kept["Applications"]
