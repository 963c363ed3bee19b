"""Tokens: stored hashed, shown once, bound to one programme, expiring, revocable, scoped."""

import datetime as dt
import hashlib

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.api import tokens
from commonground.api.models import ApiToken, Scope
from commonground.programmes.models import Role
from tests import factories
from tests.api.helpers import ApiClient, token_for
from tests.conftest import World


def test_only_the_digest_is_stored_and_the_prefix_names_it(world: World) -> None:
    raw = token_for(world.alice, world.programme)
    stored = ApiToken.objects.get()
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(stored.prefix + "_")
    assert raw not in {getattr(stored, f.attname) for f in ApiToken._meta.fields if isinstance(getattr(stored, f.attname), str)}


def test_a_token_works_and_records_when_it_was_used(world: World) -> None:
    raw = token_for(world.alice, world.programme)
    assert ApiClient(raw).get("/programmes").status_code == 200
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", [None, "Bearer cg_nothing_like_it", "Bearer ", "Basic abc"])
def test_no_or_an_unknown_token_answers_401(world: World, header: str | None) -> None:
    client = Client()
    headers = {"Authorization": header} if header is not None else {}
    assert client.get("/api/v1/programmes", headers=headers).status_code == 401


def test_an_expired_token_answers_401(world: World) -> None:
    raw = token_for(world.alice, world.programme, days=2)
    with time_machine.travel(timezone.now() + dt.timedelta(days=3), tick=False):
        assert ApiClient(raw).get("/programmes").status_code == 401


def test_a_revoked_token_answers_401(world: World) -> None:
    raw = token_for(world.alice, world.programme)
    tokens.revoke_token(person=world.alice, token_id=ApiToken.objects.get().pk)
    assert ApiClient(raw).get("/programmes").status_code == 401


def test_nobody_revokes_someone_elses_token(world: World) -> None:
    token_for(world.alice, world.programme)
    client = Client()
    client.force_login(world.bob)
    assert client.post(reverse("api:token-revoke", args=[ApiToken.objects.get().pk])).status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_a_token_for_one_programme_answers_404_on_another(world: World) -> None:
    factories.MembershipFactory(person=world.lena, programme=world.other_programme, role=Role.LEAD)
    client = ApiClient(token_for(world.lena, world.programme))
    assert client.get(f"/programmes/{world.other_programme.pk}/people").status_code == 404
    assert client.get(f"/programmes/{world.programme.pk}/people").status_code == 200


def test_a_token_loses_what_its_person_loses(world: World) -> None:
    client = ApiClient(token_for(world.alice, world.programme))
    world.alice.memberships.all().delete()
    assert client.get(f"/programmes/{world.programme.pk}/sessions").status_code == 404


def test_the_expiry_is_required_and_at_most_a_year(world: World) -> None:
    today = timezone.localdate()
    for expires_on in (today - dt.timedelta(days=1), today + dt.timedelta(days=367)):
        with pytest.raises(ValidationError):
            tokens.create_token(person=world.alice, programme_id=world.programme.pk, name="x", scope=Scope.READ,
                                expires_on=expires_on)


def test_nobody_makes_a_token_for_a_programme_they_do_not_belong_to(world: World) -> None:
    with pytest.raises(ValidationError):
        tokens.create_token(person=world.oscar, programme_id=world.programme.pk, name="x", scope=Scope.READ,
                            expires_on=timezone.localdate() + dt.timedelta(days=3))


def test_the_page_shows_a_new_token_once_and_never_again(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    expires = timezone.localdate() + dt.timedelta(days=30)
    response = client.post(reverse("api:tokens"), {
        "programme": world.programme.pk, "name": "HR link", "scope": "read",
        "expires_on_day": expires.day, "expires_on_month": expires.month, "expires_on_year": expires.year,
    })
    assert response.status_code == 200
    raw = response.context["made"].raw
    assert raw in response.text
    assert "no-store" in response["Cache-Control"]
    again = client.get(reverse("api:tokens"))
    assert raw not in again.text and ApiToken.objects.get().prefix in again.text
    assert ApiClient(raw).get("/programmes").status_code == 200


def test_a_read_token_may_not_write(world: World) -> None:
    client = ApiClient(token_for(world.lena, world.programme, scope=Scope.READ))
    response = client.post(f"/programmes/{world.programme.pk}/applications/import", {"rows": [{"full_name": "X"}]})
    assert response.status_code == 403


def test_api_answers_are_never_stored_by_a_cache(world: World) -> None:
    response = ApiClient(token_for(world.alice, world.programme)).get(f"/programmes/{world.programme.pk}/sessions")
    assert "no-store" in response["Cache-Control"]
