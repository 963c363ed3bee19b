"""The second factor: staff cannot reach personal data without one; anyone may set one up."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from commonground.accounts.models import AuditAction, AuditEvent
from commonground.identity import gate, second_factor
from commonground.programmes.models import Role
from tests import factories
from tests.conftest import PASSWORD, World, sign_in_without_second_factor

PEOPLE = "programmes:cohort-list"
GIVE = reverse("identity:second-factor")
SET_UP = reverse("identity:set-up")


def _people(w: World) -> str:
    return reverse(PEOPLE, kwargs={"programme_id": w.programme.pk})


def _new_lead(w: World):  # type: ignore[no-untyped-def]
    nia = factories.PersonFactory(full_name="Nia New", email="nia@example.org")
    factories.MembershipFactory(person=nia, programme=w.programme, role=Role.LEAD)
    return nia


def test_without_the_second_factor_a_lead_sees_no_personal_data(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.lena)
    response = client.get(_people(world))
    assert response.status_code == 302
    assert response["Location"].startswith(GIVE)
    assert "next=" in response["Location"]
    assert client.get(reverse("identity:security")).status_code == 302
    # With the test sign-in helper, which stands for a sign-in that gave the code, the page opens.
    helped = Client()
    helped.force_login(world.lena)
    assert helped.get(_people(world)).status_code == 200


def test_a_password_sign_in_asks_staff_for_the_code_and_the_code_lets_them_in(world: World) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "lena@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(_people(world))["Location"].startswith(GIVE)
    response = client.post(GIVE, {"code": factories.totp_code(), "next": _people(world)})
    assert response.status_code == 302 and response["Location"] == _people(world)
    assert client.get(_people(world)).status_code == 200


def test_a_participant_without_a_second_factor_is_not_asked(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.alice)
    assert client.get(reverse("programmes:profile")).status_code == 200


def test_a_staff_member_without_an_app_sets_one_up_before_anything_else(world: World) -> None:
    nia = _new_lead(world)
    client = Client()
    sign_in_without_second_factor(client, nia)
    assert client.get(_people(world))["Location"].startswith(SET_UP)
    page = client.get(SET_UP)
    assert page.status_code == 200
    secret = client.session["second-factor-new-secret"]
    assert re.sub(r"\s", "", " ".join(page.context["secret_groups"])) == secret
    assert page.context["qr"].startswith("data:image/svg+xml")

    wrong = client.post(SET_UP, {"code": "000000" if factories.totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.text
    assert not Authenticator.objects.filter(user=nia).exists()

    done = client.post(SET_UP, {"code": factories.totp_code(secret)})
    assert done.status_code == 302 and done["Location"].startswith(reverse("identity:recovery-codes"))
    kinds = set(Authenticator.objects.filter(user=nia).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    # The key is sealed in the database, not kept as it is.
    stored = Authenticator.objects.get(user=nia, type=Authenticator.Type.TOTP).data["secret"]
    assert secret not in stored
    assert len(second_factor.factors(nia).codes) == 10
    assert client.get(_people(world)).status_code == 200
    event = AuditEvent.objects.get(subject_id=nia.pk, what="second_factor")
    assert event.action == AuditAction.CHANGED
    assert event.fields == ["authenticator_app", "recovery_codes"]


def test_a_code_works_once_and_a_recovery_code_works_once(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.fred)
    code = factories.totp_code()
    assert client.post(GIVE, {"code": code}).status_code == 302
    again = Client()
    sign_in_without_second_factor(again, world.fred)
    replay = again.post(GIVE, {"code": code})
    assert replay.status_code == 400
    recovery = second_factor.factors(world.fred).codes[0]
    assert again.post(GIVE, {"code": recovery}).status_code == 302
    third = Client()
    sign_in_without_second_factor(third, world.fred)
    assert third.post(GIVE, {"code": recovery}).status_code == 400
    assert len(second_factor.factors(world.fred).codes) == 9


@override_settings(LOGIN_THROTTLE_ATTEMPTS=3)
def test_repeated_wrong_codes_sign_the_person_out(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.lena)
    good = factories.totp_code()
    wrong = [c for c in ("123456", "234567", "345678", "456789") if c != good][:3]
    for code in wrong:
        assert client.post(GIVE, {"code": code}).status_code == 400
    response = client.post(GIVE, {"code": good})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("methods, passed", [(["pwd", "mfa"], True), (["pwd"], False), ([], False)])
def test_an_identity_providers_own_second_factor_counts(world: World, methods: list[str], passed: bool) -> None:
    request = RequestFactory().get("/")
    request.session = Client().session
    request._identity_provider_amr = methods  # type: ignore[attr-defined]
    gate.remember_at_sign_in(None, request, world.lena)
    assert request.session[gate.NEEDED] is True
    assert (request.session.get(gate.PASSED) == "identity provider") is passed


def test_an_htmx_request_is_sent_to_the_code_page_whole(world: World) -> None:
    client = Client()
    sign_in_without_second_factor(client, world.lena)
    response = client.get(_people(world), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == GIVE


def test_the_demo_shows_the_demo_staffs_current_code_only_in_demo_mode(world: World) -> None:
    demo_lead = factories.PersonFactory(full_name="Demo Lead", email="lead@demo.example")
    factories.MembershipFactory(person=demo_lead, programme=world.programme, role=Role.LEAD)
    factories.authenticator_app(demo_lead)
    client = Client()
    sign_in_without_second_factor(client, demo_lead)
    assert "Demo only" not in client.get(GIVE).text
    with override_settings(DEMO_MODE=True):
        page = client.get(GIVE).text
        assert "Demo only" in page
        assert factories.totp_code() in page or factories.totp_code(steps_ahead=1) in page
        # Nobody outside the demo's addresses is helped, even in the demo.
        other = Client()
        sign_in_without_second_factor(other, world.lena)
        assert "Demo only" not in other.get(GIVE).text


def test_staff_keep_their_second_factor_and_participants_may_switch_it_off(world: World) -> None:
    lead = Client()
    lead.force_login(world.lena)
    lead.post(reverse("identity:remove"))
    assert Authenticator.objects.filter(user=world.lena).exists()
    factories.authenticator_app(world.alice)
    participant = Client()
    participant.force_login(world.alice)
    assert participant.post(reverse("identity:remove")).status_code == 302
    assert not Authenticator.objects.filter(user=world.alice).exists()
    assert AuditEvent.objects.filter(subject_id=world.alice.pk, what="second_factor").exists()


def test_new_recovery_codes_replace_the_old(world: World) -> None:
    client = Client()
    client.force_login(world.lena)
    old = set(second_factor.factors(world.lena).codes)
    response = client.post(reverse("identity:recovery-codes"))
    assert response.status_code == 200
    new = set(second_factor.factors(world.lena).codes)
    assert new and not (old & new)


def test_an_operator_resets_a_lost_second_factor(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("reset_second_factor", "lena@example.org", stdout=out)
    assert "run again with --yes" in out.getvalue()
    assert Authenticator.objects.filter(user=world.lena).exists()
    call_command("reset_second_factor", "lena@example.org", "--yes", stdout=out)
    assert not Authenticator.objects.filter(user=world.lena).exists()
    client = Client()
    sign_in_without_second_factor(client, world.lena)
    assert client.get(_people(world))["Location"].startswith(SET_UP)


def test_granting_and_revoking_a_system_administrator_is_in_the_trail(world: World) -> None:
    from commonground.programmes.models import SystemAdmin

    role = SystemAdmin.objects.create(system=world.programme.system, person=world.fred)
    role.delete()
    actions = list(
        AuditEvent.objects.filter(subject_id=world.fred.pk, what="system_admin").order_by("pk").values_list("action", flat=True)
    )
    assert actions == [AuditAction.ROLE_GRANTED, AuditAction.ROLE_REVOKED]


def test_someone_made_staff_during_a_session_is_asked_within_minutes(world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-03-02 10:00:00+00:00", tick=False)
    client = Client()
    sign_in_without_second_factor(client, world.alice)
    profile = reverse("programmes:profile")
    assert client.get(profile).status_code == 200
    factories.authenticator_app(world.alice)
    factories.MembershipFactory(person=world.alice, programme=world.other_programme, role=Role.LEAD)
    time_machine.move_to(f"2026-03-02 10:0{gate.RECHECK_SECONDS // 60 - 1}:00+00:00", tick=False)
    assert client.get(profile).status_code == 200
    time_machine.move_to(f"2026-03-02 10:0{gate.RECHECK_SECONDS // 60 + 1}:00+00:00", tick=False)
    assert client.get(profile)["Location"].startswith(GIVE)
