"""The mentoring pages: the coordinator runs and approves, a mentor from outside reaches their page, a mentee ends."""

from django.test import Client
from django.urls import reverse

from commonground.mentoring.models import Match, MatchStatus
from tests.conftest import World
from tests.mentoring import objects as mo


def _client(person) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(person)
    return client


def test_the_coordinator_runs_the_matching_and_approves_with_the_proof_shown(world: World) -> None:
    mo.victor(world)
    lena = _client(world.lena)
    pid = world.programme.pk
    lena.post(reverse("mentoring:run", args=[pid]))
    page = lena.get(reverse("mentoring:coordinator", args=[pid]))
    assert "Optimal: yes, cost" in page.content.decode() and "different organisation" in page.content.decode()
    lena.post(reverse("mentoring:approve-all", args=[pid]))
    assert Match.objects.filter(status=MatchStatus.APPROVED).count() == 1


def test_a_mentor_from_outside_the_programme_reaches_their_own_page_and_accepts(world: World) -> None:
    match = mo.match(world)
    mentor = _client(match.mentor)
    page = mentor.get(reverse("mentoring:mine", args=[world.programme.pk]))
    assert page.status_code == 200 and "Your mentee: Alice Acute" in page.content.decode()
    assert page["Cache-Control"].startswith("no-store") or "no-store" in page["Cache-Control"]
    mentor.post(reverse("mentoring:match-accept", args=[world.programme.pk, match.pk]))
    match.refresh_from_db()
    assert match.mentor_accepted_at is not None
    assert mentor.get(reverse("mentoring:coordinator", args=[world.programme.pk])).status_code == 404
    assert mentor.get(reverse("mentoring:mine", args=[world.other_programme.pk])).status_code == 404


def test_someone_outside_a_match_cannot_act_on_it(world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    bob = _client(world.bob)
    assert bob.post(reverse("mentoring:match-end", args=[world.programme.pk, match.pk]), {"note": "x"}).status_code == 404


def test_a_mentee_ending_early_without_a_reason_is_told_and_nothing_changes(world: World) -> None:
    match = mo.match(world, MatchStatus.ACTIVE)
    alice = _client(world.alice)
    url = reverse("mentoring:match-end", args=[world.programme.pk, match.pk])
    page = alice.post(url, {"note": ""})
    assert page.status_code == 400 and "Say why the match is ending" in page.content.decode()
    alice.post(url, {"note": "Changed jobs"})
    match.refresh_from_db()
    assert match.status == MatchStatus.ENDED and match.end_note == "Changed jobs"


def test_a_mentee_ranks_mentors(world: World) -> None:
    victor, maya = mo.victor(world), mo.maya(world)
    alice = _client(world.alice)
    url = reverse("mentoring:preferences", args=[world.programme.pk])
    assert alice.get(url).status_code == 200
    alice.post(url, {f"offer_{victor.pk}": "1", f"offer_{maya.pk}": "2", "same_place": "on"})
    assert list(world.alice.mentor_preferences.values_list("offer_id", "rank")) == [(victor.pk, 1), (maya.pk, 2)]
