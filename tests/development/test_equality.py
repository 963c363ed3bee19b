"""Equality monitoring: optional answers asked after their own consent, seen by their owner alone,
counted for leads only through disclosure control, deleted on withdrawal."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from commonground.accounts.consents import Purpose
from commonground.accounts.models import ConsentRecord, Person
from commonground.core.disclosure import THRESHOLD
from commonground.development import equality
from commonground.development.equality_figures import answer_cell, equality_figures
from commonground.development.models import AgeBand, EqualityAnswers, EthnicGroup, Sex
from commonground.privacy import subject_access
from tests.conftest import World

MONDAY = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def _client(person: Person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _answer(world: World, person: Person, **answers: str) -> EqualityAnswers:
    equality.give_equality_consent(person=person, programme=world.programme)
    return equality.save_equality_answers(person=person, programme=world.programme, answers=answers)


def test_the_questions_wait_for_their_own_consent(world: World) -> None:
    client = _client(world.alice)
    page = client.get(reverse("development:equality", args=[world.programme.pk]))
    assert "Give my consent" in page.text and "What is your sex?" not in page.text
    refused = client.post(reverse("development:equality", args=[world.programme.pk]), {"sex": Sex.FEMALE})
    assert refused.status_code == 400
    assert "Give your consent before answering the equality monitoring questions." in refused.text
    assert not EqualityAnswers.objects.exists()


def test_consent_needs_the_box_ticked(world: World) -> None:
    response = _client(world.alice).post(reverse("development:equality-consent", args=[world.programme.pk]))
    assert response.status_code == 400
    assert "Tick the box to agree" in response.text
    assert not ConsentRecord.objects.filter(purpose=Purpose.EQUALITY).exists()


def test_a_participant_consents_then_answers(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    client = _client(world.alice)
    consent_url = reverse("development:equality-consent", args=[world.programme.pk])
    assert client.post(consent_url, {"agree": "on", "wording": "equality-2026-1"}).status_code == 302
    record = ConsentRecord.objects.get(person=world.alice, purpose=Purpose.EQUALITY)
    assert (record.programme_id, record.given_at, record.wording_version) == (
        world.programme.pk, MONDAY, "equality-2026-1"
    )
    url = reverse("development:equality", args=[world.programme.pk])
    page = client.get(url)
    assert "What is your sex?" in page.text and page.text.count('value="prefer_not"') == len(equality.QUESTIONS)
    saved = client.post(url, {"ethnic_group": EthnicGroup.MIXED, "sex": Sex.PREFER_NOT, "age_band": AgeBand.FROM_35})
    assert saved.status_code == 302
    answers = EqualityAnswers.objects.get(person=world.alice)
    assert (answers.ethnic_group, answers.sex, answers.age_band, answers.disability) == (
        EthnicGroup.MIXED, Sex.PREFER_NOT, AgeBand.FROM_35, ""
    )
    # Her own answers come back to her, checked.
    assert f'value="{EthnicGroup.MIXED}" checked' in client.get(url).text.replace("\n", "")


@pytest.mark.parametrize("field", [q.field for q in equality.QUESTIONS])
def test_an_answer_that_is_not_offered_is_refused_clearly(world: World, field: str) -> None:
    equality.give_equality_consent(person=world.alice, programme=world.programme)
    response = _client(world.alice).post(reverse("development:equality", args=[world.programme.pk]), {field: "tuesday"})
    assert response.status_code == 400
    question = next(q for q in equality.QUESTIONS if q.field == field)
    assert f"Choose one of the answers listed for “{question.text}”, or leave it blank." in response.text
    assert not EqualityAnswers.objects.exists()


def test_the_service_refuses_unknown_questions_and_answers(world: World) -> None:
    equality.give_equality_consent(person=world.alice, programme=world.programme)
    with pytest.raises(ValidationError, match="no equality question called religion"):
        equality.save_equality_answers(person=world.alice, programme=world.programme, answers={"religion": "none"})
    with pytest.raises(ValidationError, match="Choose one of the answers"):
        equality.save_equality_answers(person=world.alice, programme=world.programme, answers={"sex": "x"})


def test_only_participants_are_asked(world: World) -> None:
    with pytest.raises(ValidationError, match="Only the programme's participants"):
        equality.give_equality_consent(person=world.lena, programme=world.programme)


def test_withdrawing_deletes_the_answers_and_dates_the_record(world: World, time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)
    _answer(world, world.alice, sex=Sex.FEMALE)
    time_machine.move_to(MONDAY + dt.timedelta(days=4), tick=False)
    response = _client(world.alice).post(reverse("development:equality-withdraw", args=[world.programme.pk]))
    assert response.status_code == 302
    assert not EqualityAnswers.objects.filter(person=world.alice).exists()
    record = ConsentRecord.objects.get(person=world.alice, purpose=Purpose.EQUALITY)
    assert (record.given_at, record.withdrawn_at) == (MONDAY, MONDAY + dt.timedelta(days=4))
    with pytest.raises(ValidationError, match="Give your consent"):
        equality.save_equality_answers(person=world.alice, programme=world.programme, answers={"sex": Sex.MALE})


def test_withdrawing_from_my_consents_deletes_the_answers_too(world: World) -> None:
    _answer(world, world.alice, sex=Sex.FEMALE)
    record = ConsentRecord.objects.get(person=world.alice, purpose=Purpose.EQUALITY)
    _client(world.alice).post(reverse("privacy:consent-withdraw", args=[record.pk]))
    assert not EqualityAnswers.objects.exists()


def test_answers_are_in_their_owners_download(world: World) -> None:
    _answer(world, world.alice, ethnic_group=EthnicGroup.ASIAN)
    sections = {s.model: s for s in subject_access.gather(world.alice).sections}
    assert sections["development.EqualityAnswers"].rows[0]["ethnic_group"] == EthnicGroup.ASIAN
    others = {s.model: s for s in subject_access.gather(world.bob).sections}
    assert others["development.EqualityAnswers"].rows == []


def test_nobody_else_sees_one_persons_answers(world: World) -> None:
    _answer(world, world.alice, ethnic_group=EthnicGroup.BLACK, sex=Sex.MALE)
    assert EqualityAnswers not in admin.site._registry
    url = reverse("development:equality", args=[world.programme.pk])
    for viewer in (world.lena, world.fred, world.sam, world.fiona):
        assert _client(viewer).get(url).status_code == 404
    cohort_mate = _client(world.bob).get(url)  # Bob's own page: his consent, not Alice's answers
    assert "Give my consent" in cohort_mate.text and " checked" not in cohort_mate.text
    lead_page = _client(world.lena).get(reverse("development:equality-figures", args=[world.programme.pk]))
    assert lead_page.status_code == 200
    assert world.alice.full_name not in lead_page.text and world.alice.email not in lead_page.text
    # One answer is a count of 1: hidden, like every other count it would give away.
    assert all(row.count in (None, 0) for table in lead_page.context["figures"].tables for row in table.rows)


@pytest.fixture
def answered(world: World, east_colleagues: list[Person], west_colleagues: list[Person]) -> list[EqualityAnswers]:
    """Fourteen participants, twelve of whom answer: mostly female, a few male, one "prefer not"."""
    people = [world.alice, world.bob, *east_colleagues, world.carol, *west_colleagues[:3]]
    sexes = [Sex.FEMALE] * 7 + [Sex.MALE] * 3 + [Sex.PREFER_NOT] + [""]
    ages = [AgeBand.FROM_35] * 6 + [AgeBand.FROM_45] * 6
    return [_answer(world, p, sex=sex, age_band=age) for p, sex, age in zip(people, sexes, ages, strict=True)]


def test_counts_under_five_are_never_shown_and_none_can_be_worked_out(
    world: World, answered: list[EqualityAnswers]
) -> None:
    figures = equality_figures(world.programme)
    truth = {q.field: Counter(getattr(a, q.field) for a in answered) for q in equality.QUESTIONS}
    for table in figures.tables:
        values = [*table.question.choices.values, ""]
        for value, row in zip(values, table.rows, strict=True):
            true = truth[table.question.field][value]
            assert row.count in (None, true), (table.question.field, value)
            if 0 < true < THRESHOLD:
                assert row.count is None, (table.question.field, value)
    # Every hidden cell keeps at least five possible values, given everything published with it.
    ranges = figures.publication.ranges()
    assert ranges and all(r.safe for r in ranges.values())
    assert answer_cell("sex", Sex.MALE) in figures.publication.hidden
    assert figures.answered == len(answered) and figures.participants is not None


def test_the_lead_page_shows_counts_and_hides_small_ones(world: World, answered: list[EqualityAnswers]) -> None:
    page = _client(world.lena).get(reverse("development:equality-figures", args=[world.programme.pk]))
    assert page.status_code == 200
    figures = page.context["figures"]
    rows = {(t.question.field, row.label): row for t in figures.tables for row in t.rows}
    for table in figures.tables:
        for value, label in table.question.choices.choices:
            true = sum(1 for a in answered if getattr(a, table.question.field) == value)
            assert rows[table.question.field, label].count in (None, true)
    assert rows["age_band", "35 to 44"].count == sum(1 for a in answered if a.age_band == AgeBand.FROM_35)
    assert rows["sex", "Male"].count is None and "not shown" in page.text
    assert f"{len(answered)} ({round(100 * len(answered) / figures.participants)}% of participants)" in page.text


def test_only_current_participants_answers_count(world: World, answered: list[EqualityAnswers]) -> None:
    before = equality_figures(world.programme).publication.cells[answer_cell("age_band", AgeBand.FROM_35)]
    world.alice.memberships.filter(programme=world.programme).delete()
    after = equality_figures(world.programme).publication.cells[answer_cell("age_band", AgeBand.FROM_35)]
    assert after == before - 1


@pytest.mark.django_db
def test_the_demo_has_consents_and_equality_figures_with_some_hidden() -> None:
    from django.utils import timezone

    from commonground.accounts.consents import CURRENT
    from commonground.demo.people import SIGN_INS
    from commonground.demo.seed import seed_demo
    from commonground.network.models import RosterConsent
    from commonground.programmes.models import Membership, Role

    seed_demo(participants=400, seed=500, reset=False)
    participant = Person.objects.get(email=next(e for e, r in SIGN_INS.items() if r == Role.PARTICIPANT))
    # The demo's current programme (it may also hold a past one).
    programme = Membership.objects.filter(person=participant, role=Role.PARTICIPANT).latest("programme__starts_on").programme
    mine = ConsentRecord.objects.filter(person=participant, programme_id=programme.pk)
    assert {Purpose.ROSTER, Purpose.HEALTH_DATA, Purpose.EQUALITY} <= set(mine.values_list("purpose", flat=True))
    assert all(r.wording_version == CURRENT[r.purpose] and r.given_at <= timezone.now() for r in mine)
    listed = RosterConsent.objects.filter(programme=programme, listed=True).count()
    assert ConsentRecord.objects.filter(programme_id=programme.pk, purpose=Purpose.ROSTER).count() == listed
    figures = equality_figures(programme)
    cells = [row for table in figures.tables for row in table.rows]
    assert any(row.count for row in cells) and any(row.suppressed for row in cells)
    assert figures.answered == EqualityAnswers.objects.filter(programme=programme).count()
