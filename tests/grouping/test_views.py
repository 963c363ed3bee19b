"""The learning-set pages: Lena generates, adjusts and publishes; Fred looks; Alice sees her own set."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from tests.conftest import World
from tests.grouping.objects import east_sets, fill_east


def _client(person: object) -> Client:
    client = Client()
    client.force_login(person)  # type: ignore[arg-type]
    return client


def _url(world: World, name: str, **extra: int) -> str:
    return reverse(
        f"grouping:{name}",
        kwargs={"programme_id": world.programme.pk, "cohort_id": world.east.pk, **extra},
    )


@pytest.fixture
def generated(world: World) -> World:
    fill_east(world, 12)
    response = _client(world.lena).post(_url(world, "generate"), {"min_size": 6, "max_size": 6})
    assert response.status_code == 302
    return world


def test_a_lead_generates_sets_and_sees_each_with_its_mix_and_the_quality_figures(
    generated: World,
) -> None:
    response = _client(generated.lena).get(_url(generated, "sets"))
    assert response.status_code == 200
    text = response.text
    assert "Set 1" in text and "Set 2" in text
    assert len(re.findall(r"6 people · \d sectors · \d organisations · East Surrey · score \d+", text)) == 2
    assert "Proven best possible" in text and "Gap to the best possible" in text
    assert 'id="run-progress"' in text and 'value="100"' in text


def test_the_size_form_refuses_a_smallest_set_above_the_largest(world: World) -> None:
    response = _client(world.lena).post(_url(world, "generate"), {"min_size": 9, "max_size": 8})
    assert response.status_code == 400
    assert "cannot be larger" in response.text
    assert not GroupingRun.objects.exists()


def test_a_running_run_polls_its_status_every_second(world: World) -> None:
    run = GroupingRun.objects.create(
        cohort=world.east,
        requested_by=world.lena,
        status=RunStatus.RUNNING,
        progress=0.4,
        best_value=12,
    )
    page = _client(world.lena).get(_url(world, "sets")).text
    assert (
        'hx-trigger="every 1s"' in page and 'value="40"' in page and "Best score so far: 12" in page
    )
    status = _client(world.lena).get(
        _url(world, "run-status", run_id=run.pk) + "?watching=1", HTTP_HX_REQUEST="true"
    )
    assert status.status_code == 200 and "HX-Refresh" not in status
    GroupingRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, progress=1.0)
    status = _client(world.lena).get(
        _url(world, "run-status", run_id=run.pk) + "?watching=1", HTTP_HX_REQUEST="true"
    )
    assert status["HX-Refresh"] == "true"


def test_the_htmx_preview_shows_the_new_score_and_saves_nothing(generated: World) -> None:
    member = LearningSetMember.objects.filter(cohort=generated.east, learning_set__number=1).first()
    assert member is not None
    response = _client(generated.lena).post(
        _url(generated, "move"),
        {"person": member.person_id, "to": 2, "preview": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'id="move-preview"' in response.text and "<html" not in response.text
    assert "moves from set 1 to set 2" in response.text and "Set 2: 7 people" in response.text
    assert LearningSetMember.objects.get(pk=member.pk).learning_set.number == 1


def test_the_keyboard_preview_works_without_scripts(generated: World) -> None:
    member = LearningSetMember.objects.filter(cohort=generated.east, learning_set__number=1).first()
    assert member is not None
    response = _client(generated.lena).post(
        _url(generated, "move"), {"person": member.person_id, "to": 2, "preview": "1"}
    )
    assert (
        response.status_code == 200
        and "<html" in response.text
        and "Save this move" in response.text
    )


def test_moving_saves_and_says_so(generated: World) -> None:
    member = LearningSetMember.objects.filter(cohort=generated.east, learning_set__number=1).first()
    assert member is not None
    response = _client(generated.lena).post(
        _url(generated, "move"), {"person": member.person_id, "to": 2}, follow=True
    )
    assert f"{member.person.full_name} moved to set 2" in response.text
    assert LearningSetMember.objects.get(pk=member.pk).learning_set.number == 2


def test_locking_and_keeping_apart_from_the_page(generated: World) -> None:
    lena = _client(generated.lena)
    lena.post(_url(generated, "lock"), {"person": generated.alice.pk, "locked": "1"})
    assert LearningSetMember.objects.get(person=generated.alice).locked
    response = lena.post(
        _url(generated, "keep-apart"),
        {"person_a": generated.alice.pk, "person_b": generated.bob.pk},
        follow=True,
    )
    assert "Alice Acute and Bob Council" in response.text


def test_publishing_first_says_how_many_people_will_be_emailed_and_changes_nothing(generated: World) -> None:
    lena = _client(generated.lena)
    confirm = lena.get(_url(generated, "publish"))
    people = LearningSetMember.objects.filter(cohort=generated.east).count()
    assert confirm.status_code == 200 and confirm.context["to_email"] == people
    assert f"Publish and email {people} people" in confirm.text
    assert not LearningSet.objects.filter(cohort=generated.east, published_at__isnull=False).exists()
    lena.post(_url(generated, "publish"))
    again = lena.get(_url(generated, "publish"))
    assert again.context["to_email"] == 0 and "Nobody will be emailed" in again.text


def test_publishing_shows_alice_her_set_and_set_mates(generated: World) -> None:
    _client(generated.lena).post(_url(generated, "publish"))
    page = _client(generated.alice).get(reverse("grouping:my-set", args=[generated.programme.pk]))
    assert page.status_code == 200
    alice_set = LearningSetMember.objects.get(person=generated.alice).learning_set
    assert alice_set.name in page.text
    for mate in LearningSetMember.objects.filter(learning_set=alice_set).select_related("person"):
        assert mate.person.full_name in page.text
    assert "Carol Charity" not in page.text


def test_alice_sees_nothing_before_publishing(generated: World) -> None:
    page = _client(generated.alice).get(reverse("grouping:my-set", args=[generated.programme.pk]))
    assert "has not been published yet" in page.text


def test_fred_sees_the_sets_he_looks_after(world: World) -> None:
    east_sets(world)
    page = _client(world.fred).get(reverse("grouping:my-set", args=[world.programme.pk]))
    assert "Set 1, East Surrey cohort" in page.text and "Alice Acute" in page.text


@pytest.mark.parametrize("who", ["fred", "alice", "sam", "fiona", "oscar"])
def test_only_a_lead_may_change_sets(world: World, who: str) -> None:
    learning_set = east_sets(world, published=False)
    client = _client(getattr(world, who))
    for name, data in [
        ("generate", {"min_size": 2, "max_size": 4}),
        ("publish", {}),
        ("move", {"person": world.alice.pk, "to": 1}),
        ("lock", {"person": world.alice.pk, "locked": "1"}),
        ("keep-apart", {"person_a": world.alice.pk, "person_b": world.bob.pk}),
    ]:
        assert client.post(_url(world, name), data).status_code == 404, name
    assert (
        client.post(
            _url(world, "facilitator", set_id=learning_set.pk), {"facilitator": ""}
        ).status_code
        == 404
    )
    assert LearningSet.objects.get(pk=learning_set.pk).published_at is None
    assert not LearningSetMember.objects.filter(locked=True).exists()
