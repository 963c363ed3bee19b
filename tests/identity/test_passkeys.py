"""Passkeys as a second factor: added on the security page (or as a first factor when setting one
up), used at the second-factor page instead of a code, removed one at a time. The browser and the
person's device are played by a passkey in software (tests/identity/soft_passkey.py)."""

import json

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commonground.accounts.models import AuditEvent, Person
from commonground.identity import gate, second_factor
from commonground.privacy import holdings, subject_access
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import World, sign_in_without_second_factor
from tests.identity.soft_passkey import SoftPasskey

GIVE = reverse("identity:second-factor")
SECURITY = reverse("identity:security")
SET_UP = reverse("identity:set-up")
NEW_OPTIONS = reverse("identity:passkey-new-options")
ADD = reverse("identity:passkey-add")
SIGN_IN_OPTIONS = reverse("identity:passkey-options")


def _people(w: World) -> str:
    return reverse("programmes:cohort-list", kwargs={"programme_id": w.programme.pk})


def _add_passkey(client: Client, name: str = "Work laptop", *, then: str = SECURITY) -> tuple[SoftPasskey, str]:
    """Add a passkey as the page and its script do: a challenge for the name, the device's answer."""
    device = SoftPasskey()
    options = client.post(NEW_OPTIONS, {"name": name})
    assert options.status_code == 200, options.content
    answer = device.create(options.json())
    response = client.post(ADD, {"name": name, "credential": answer, "next": then})
    assert response.status_code == 302
    return device, response["Location"]


def _use_passkey(client: Client, device: SoftPasskey, *, next_url: str = "", **how: bool) -> int:
    options = client.post(SIGN_IN_OPTIONS)
    assert options.status_code == 200, options.content
    response = client.post(GIVE, {"credential": device.get(options.json(), **how), "next": next_url})
    return int(response.status_code)


def _lead_with_only_a_passkey(w: World) -> tuple[Person, SoftPasskey]:
    """Nia, a new lead, who chose a passkey as her second factor."""
    nia = factories.PersonFactory(full_name="Nia New", email="nia@example.org")
    factories.MembershipFactory(person=nia, programme=w.programme, role=Role.LEAD)
    client = Client()
    sign_in_without_second_factor(client, nia)
    device, _ = _add_passkey(client)
    return nia, device


def _authenticator_reads(queries: CaptureQueriesContext) -> int:
    table = Authenticator._meta.db_table
    return sum(1 for query in queries.captured_queries if table in query["sql"] and query["sql"].startswith("SELECT"))


def test_a_lead_with_only_a_passkey_passes_the_gate_with_it(world: World) -> None:
    nia, device = _lead_with_only_a_passkey(world)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert client.session[gate.ENROLLED] is True
    assert client.get(_people(world))["Location"].startswith(GIVE)
    page = client.get(GIVE)
    assert "Use your passkey" in page.text and "authenticator app shows" not in page.text
    assert _use_passkey(client, device, next_url=_people(world)) == 302
    assert client.session[gate.PASSED] == "passkey"
    assert client.get(_people(world)).status_code == 200
    assert Authenticator.objects.get(user=nia, type=Authenticator.Type.WEBAUTHN).last_used_at is not None


def test_someone_with_an_app_and_a_passkey_is_offered_both(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    _add_passkey(client)
    again = Client()
    sign_in_without_second_factor(again, world.lena)
    page = again.get(GIVE).text
    assert "Use your passkey" in page and "6-digit code your authenticator app shows" in page
    assert again.post(GIVE, {"code": factories.totp_code()}).status_code == 302


def test_a_passkey_that_does_not_sign_the_challenge_lets_nobody_in(world: World) -> None:
    nia, device = _lead_with_only_a_passkey(world)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert _use_passkey(client, device, bad_signature=True) == 400
    assert gate.PASSED not in client.session
    assert client.get(_people(world))["Location"].startswith(GIVE)
    # Someone else's passkey, and an answer for a challenge already answered, are refused too.
    assert _use_passkey(client, SoftPasskey()) == 400
    options = client.post(SIGN_IN_OPTIONS).json()
    answer = device.get(options)
    assert client.post(GIVE, {"credential": answer}).status_code == 302
    replay = Client()
    sign_in_without_second_factor(replay, nia)
    assert replay.post(GIVE, {"credential": answer}).status_code == 400


def test_an_answer_made_for_another_site_is_refused(world: World) -> None:
    assert settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN is False
    nia, device = _lead_with_only_a_passkey(world)
    device.origin = "https://common-ground.example.net"
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert _use_passkey(client, device) == 400
    assert gate.PASSED not in client.session


@override_settings(LOGIN_THROTTLE_ATTEMPTS=2)
def test_failed_passkeys_count_with_wrong_codes_and_sign_the_person_out(world: World) -> None:
    nia, device = _lead_with_only_a_passkey(world)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert _use_passkey(client, device, bad_signature=True) == 400
    assert _use_passkey(client, device, bad_signature=True) == 400
    options = client.post(SIGN_IN_OPTIONS).json()
    assert client.post(GIVE, {"credential": device.get(options)})["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("odd", ["", "not json", "[]", '{"id": 1}', '{"response": {"clientDataJSON": 5}}'])
def test_an_odd_answer_is_refused_not_a_server_error(world: World, odd: str) -> None:
    nia, _ = _lead_with_only_a_passkey(world)
    client = Client(raise_request_exception=True)
    sign_in_without_second_factor(client, nia)
    client.post(SIGN_IN_OPTIONS)
    assert client.post(GIVE, {"credential": odd}).status_code == 400
    client.force_login(nia)
    client.post(NEW_OPTIONS, {"name": "Phone"})
    response = client.post(ADD, {"name": "Phone", "credential": odd})
    assert response["Location"] == SECURITY
    assert Authenticator.objects.filter(user=nia, type=Authenticator.Type.WEBAUTHN).count() == 1


def test_a_first_passkey_brings_recovery_codes_and_is_in_the_audit_trail(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.alice)  # a participant is not asked until she has one
    _, location = _add_passkey(client, "Phone")
    assert location.startswith(reverse("identity:recovery-codes"))
    found = second_factor.factors(world.alice)
    assert [p.name for p in found.passkeys] == ["Phone"] and len(found.codes) == 10
    assert client.session[gate.NEEDED] is True and client.session[gate.PASSED] == "passkey"
    event = AuditEvent.objects.get(subject_id=world.alice.pk, what="second_factor")
    assert event.fields == ["passkey", "recovery_codes"]
    assert event.object_id == found.passkeys[0].id
    # The next sign-in asks for it.
    again = Client()
    sign_in_without_second_factor(again, world.alice)
    assert again.get(reverse("programmes:profile"))["Location"].startswith(GIVE)


def test_a_passkey_added_beside_an_app_keeps_the_recovery_codes(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    codes = second_factor.factors(world.lena).codes
    _, location = _add_passkey(client, "Laptop")
    assert location == SECURITY
    assert second_factor.factors(world.lena).codes == codes
    assert AuditEvent.objects.get(subject_id=world.lena.pk, what="second_factor").fields == ["passkey"]
    assert "Laptop" in client.get(SECURITY).text


def test_an_app_added_beside_a_passkey_keeps_the_recovery_codes(world: World) -> None:
    nia, _ = _lead_with_only_a_passkey(world)
    codes = second_factor.factors(nia).codes
    client = Client()
    client.force_login(nia)
    client.get(SET_UP)
    secret = client.session["second-factor-new-secret"]
    response = client.post(SET_UP, {"code": factories.totp_code(secret)})
    assert response["Location"] == SECURITY
    found = second_factor.factors(nia)
    assert found.app is not None and found.codes == codes


def test_a_new_staff_member_may_choose_a_passkey_when_setting_up(world: World) -> None:
    nia = factories.PersonFactory(full_name="Nia New", email="nia@example.org")
    factories.MembershipFactory(person=nia, programme=world.programme, role=Role.LEAD)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert client.get(_people(world))["Location"].startswith(SET_UP)
    assert "Add a passkey" in client.get(SET_UP).text
    _, location = _add_passkey(client, then=_people(world))
    assert location.startswith(reverse("identity:recovery-codes"))
    assert client.get(_people(world)).status_code == 200


def test_a_password_alone_adds_no_factor_to_an_account_that_has_one(world: World) -> None:
    nia, _ = _lead_with_only_a_passkey(world)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert client.post(NEW_OPTIONS, {"name": "Mine now"}).status_code == 403
    assert client.post(ADD, {"name": "Mine now", "credential": "{}"})["Location"] == GIVE
    # Nor an authenticator app through the set-up page, which the gate leaves open.
    assert client.get(SET_UP)["Location"] == GIVE
    assert client.post(SET_UP, {"code": "123456"})["Location"] == GIVE
    assert second_factor.factors(nia).count == 1


def test_a_passkey_needs_a_name(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    response = client.post(NEW_OPTIONS, {"name": ""})
    assert response.status_code == 400
    assert response.json() == {"error": "Give the passkey a name, for example Work laptop.", "field": "name"}
    assert client.post(NEW_OPTIONS, {"name": "Tab\there"}).status_code == 400


def test_staff_keep_their_last_factor_but_may_remove_a_passkey_beside_another(world: World) -> None:
    nia, _ = _lead_with_only_a_passkey(world)
    client = Client()
    client.force_login(nia)
    only = second_factor.factors(nia).passkeys[0]
    assert "Remove" not in client.get(SECURITY).text
    client.post(reverse("identity:passkey-remove", kwargs={"passkey_id": only.id}))
    assert second_factor.factors(nia).count == 1
    _add_passkey(client, "Spare")
    assert client.post(reverse("identity:passkey-remove", kwargs={"passkey_id": only.id})).status_code == 302
    found = second_factor.factors(nia)
    assert [p.name for p in found.passkeys] == ["Spare"] and len(found.codes) == 10


def test_a_participants_last_passkey_removed_switches_the_second_factor_off(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    _add_passkey(client, "Phone")
    passkey = second_factor.factors(world.alice).passkeys[0]
    response = client.post(reverse("identity:passkey-remove", kwargs={"passkey_id": passkey.id}))
    assert response["Location"] == SECURITY
    assert not Authenticator.objects.filter(user=world.alice).exists()
    assert client.session[gate.NEEDED] is False
    last = AuditEvent.objects.filter(subject_id=world.alice.pk, what="second_factor").order_by("pk").last()
    assert last is not None and last.fields == ["passkey", "recovery_codes"] and last.object_id == passkey.id
    assert client.get(reverse("programmes:profile")).status_code == 200


def test_nobody_removes_someone_elses_passkey(world: World) -> None:
    nia, _ = _lead_with_only_a_passkey(world)
    passkey = second_factor.factors(nia).passkeys[0]
    client = Client()
    client.force_login(world.alice)
    assert client.post(reverse("identity:passkey-remove", kwargs={"passkey_id": passkey.id})).status_code == 404
    assert second_factor.factors(nia).count == 1


def test_switching_off_removes_passkeys_too(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    _add_passkey(client, "Phone")
    client.post(reverse("identity:remove"))
    assert not Authenticator.objects.filter(user=world.alice).exists()
    last = AuditEvent.objects.filter(subject_id=world.alice.pk, what="second_factor").order_by("pk").last()
    assert last is not None and last.fields == ["passkey", "recovery_codes"]


def test_the_pages_read_a_persons_second_factors_once(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    _add_passkey(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(SECURITY).status_code == 200
    assert _authenticator_reads(queries) == 1
    code_page = Client()
    sign_in_without_second_factor(code_page, world.lena)
    with override_settings(DEMO_MODE=True), CaptureQueriesContext(connection) as queries:
        assert code_page.get(GIVE).status_code == 200
    assert _authenticator_reads(queries) == 1


def test_the_demo_security_page_offers_a_passkey_and_says_where_it_works(world: World) -> None:
    demo_lead = factories.PersonFactory(full_name="Demo Lead", email="lead@demo.example")
    factories.MembershipFactory(person=demo_lead, programme=world.programme, role=Role.LEAD)
    factories.authenticator_app(demo_lead)
    client = Client()
    client.force_login(demo_lead)
    with override_settings(DEMO_MODE=True):
        page = client.get(SECURITY, HTTP_HOST="127.0.0.1:8000").text
        assert "Add a passkey" in page
        assert "http://localhost:8000/accounts/security/" in page
        assert "localhost:8000" not in client.get(SECURITY, HTTP_HOST="localhost:8000").text


def test_a_passkey_is_a_second_factor_left_out_of_subject_access(world: World) -> None:
    client = Client()
    client.force_login(world.alice)
    _add_passkey(client, "Alice's phone")
    declared = [h for h in holdings.HOLDINGS if h.model == "mfa.Authenticator"]
    assert len(declared) == 1 and not declared[0].included
    bundle = subject_access.gather(world.alice)
    assert "mfa.Authenticator" not in {section.model for section in bundle.sections}
    assert "Alice's phone" not in json.dumps([section.rows for section in bundle.sections], default=str)
