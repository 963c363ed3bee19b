"""Where webhooks may go: a lead cannot aim the task worker at this server, the private network or
a cloud metadata service, when adding an address nor later, when the name has come to point there.
DNS is stood in for by `resolve`, so nothing here looks anything up."""

import ipaddress
from collections.abc import Iterator

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from commonground.api import addresses, webhooks
from commonground.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from commonground.schedule.attendance import mark_attendance
from tests.api.test_webhooks import SECRET, Receiver
from tests.conftest import World
from tests.schedule.attendance_permission_cases import east_session

PUBLIC = "81.2.69.160"  # any address on the public internet: nothing here connects to it

Names = dict[str, list[str]]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Names:
    """What each host name resolves to; address literals resolve to themselves, other names to nothing."""
    names: Names = {}

    def resolve(host: str, port: int) -> list[str]:
        if host in names:
            return names[host]
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            raise addresses.Unresolved(f"The host name {host} did not resolve.") from None

    monkeypatch.setattr(addresses, "resolve", resolve)
    return names


def refusal(world: World, url: str) -> str:
    with pytest.raises(ValidationError) as caught:
        webhooks.register_endpoint(programme=world.programme, url=url, secret=SECRET, by=world.lena)
    (message,) = caught.value.message_dict["url"]
    return message


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("https://127.0.0.1/hook", "a loopback address (this server itself) (127.0.0.1)"),
        ("https://[::1]:8443/hook", "a loopback address (this server itself) (::1)"),
        ("https://10.20.30.40/hook", "a private network address (10.20.30.40)"),
        ("https://192.168.1.10/hook", "a private network address (192.168.1.10)"),
        ("https://169.254.169.254/latest/meta-data/", "a link-local address (169.254.169.254)"),
        ("https://[fe80::1]/hook", "a link-local address (fe80::1)"),
        ("https://[::ffff:10.0.0.1]/hook", "a private network address (::ffff:a00:1)"),
        ("https://100.64.0.1/hook", "a reserved address, not on the public internet (100.64.0.1)"),
        ("https://0.0.0.0/hook", "a reserved address, not on the public internet (0.0.0.0)"),
        ("https://240.0.0.1/hook", "a reserved address, not on the public internet (240.0.0.1)"),
    ],
)
def test_an_address_outside_the_public_internet_is_refused(world: World, dns: Names, url: str, named: str) -> None:
    message = refusal(world, url)
    assert named in message
    assert "only to addresses on the public internet" in message and "WEBHOOK_ALLOWED_HOSTS" in message
    assert not WebhookEndpoint.objects.exists()


def test_a_name_that_resolves_to_a_private_address_is_refused(world: World, dns: Names) -> None:
    dns["hr.northshire.example"] = [PUBLIC, "10.0.0.7"]  # one private address among public ones is enough
    message = refusal(world, "https://hr.northshire.example/hook")
    assert message.startswith("hr.northshire.example is a private network address (10.0.0.7)")
    dns["metadata.northshire.example"] = ["169.254.169.254"]
    assert "link-local" in refusal(world, "https://metadata.northshire.example/")


def test_a_public_https_address_is_taken(world: World, dns: Names) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    endpoint = webhooks.register_endpoint(
        programme=world.programme, url="https://hr.northshire.example/hook?source=cg", secret=SECRET, by=world.lena
    )
    assert endpoint.url == "https://hr.northshire.example/hook?source=cg"


def test_a_name_that_does_not_resolve_yet_is_taken_and_checked_at_each_delivery(world: World, dns: Names) -> None:
    # As the demo's own address (.example never resolves).
    webhooks.register_endpoint(programme=world.programme, url="https://hr-records.example/hook", secret=SECRET, by=world.lena)
    assert WebhookEndpoint.objects.count() == 1


def test_plain_http_is_refused_even_to_a_public_address(world: World, dns: Names) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    for laptop in (False, True):
        with override_settings(DEMO_MODE=laptop):
            assert refusal(world, "http://hr.northshire.example/hook").startswith("Enter an address starting https://")


def test_a_user_name_or_password_in_the_address_is_refused(world: World, dns: Names) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    for url in ("https://hr:pa55@hr.northshire.example/hook", "https://hr@hr.northshire.example/hook"):
        assert refusal(world, url).startswith("Enter the address without a user name or password")


@pytest.mark.parametrize("mode", ["DEBUG", "DEMO_MODE"])
def test_on_a_laptop_a_loopback_receiver_may_listen_over_http(world: World, dns: Names, mode: str) -> None:
    with override_settings(**{mode: True}):
        webhooks.register_endpoint(programme=world.programme, url="http://127.0.0.1:9000/hook", secret=SECRET, by=world.lena)
        dns["localhost"] = ["127.0.0.1", "::1"]
        webhooks.register_endpoint(programme=world.programme, url="http://localhost:9000/hook", secret=SECRET, by=world.lena)
        # Only loopback: the private network stays out of reach.
        assert "private network" in refusal(world, "https://10.0.0.7/hook")
        assert refusal(world, "http://10.0.0.7/hook").startswith("Enter an address starting https://")
    assert refusal(world, "http://127.0.0.1:9000/hook").startswith("Enter an address starting https://")
    assert "loopback" in refusal(world, "https://127.0.0.1:9000/hook")


def test_a_host_in_the_allow_list_may_be_private(world: World, dns: Names) -> None:
    dns["hr.internal.northshire.example"] = ["10.0.0.7"]
    dns["payroll.internal.northshire.example"] = ["10.0.0.8"]
    with override_settings(WEBHOOK_ALLOWED_HOSTS=["HR.internal.northshire.example"]):
        webhooks.register_endpoint(
            programme=world.programme, url="https://hr.internal.northshire.example/hook", secret=SECRET, by=world.lena
        )
        assert "private network" in refusal(world, "https://payroll.internal.northshire.example/hook")
        # Allowed hosts still take https only, and no credentials.
        assert refusal(world, "http://hr.internal.northshire.example/hook").startswith("Enter an address starting https://")
        assert refusal(world, "https://a:b@hr.internal.northshire.example/hook").startswith("Enter the address without")
    assert WebhookEndpoint.objects.count() == 1


def test_the_page_names_the_field_and_why_and_adds_nothing(client: Client, world: World, dns: Names) -> None:
    dns["hr.northshire.example"] = ["192.168.0.20"]
    client.force_login(world.lena)
    url = reverse("api:webhooks", kwargs={"programme_id": world.programme.pk})
    response = client.post(url, {"url": "https://hr.northshire.example/hook", "secret": SECRET})
    assert response.status_code == 400
    assert "Address: hr.northshire.example is a private network address (192.168.0.20)" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[addresses.Target]]:
    """Every request the worker would make, answered 200 without a network."""
    made: list[addresses.Target] = []

    def post(target: addresses.Target, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
        made.append(target)
        return 200

    monkeypatch.setattr(addresses, "post", post)
    yield made


def _an_event(world: World) -> WebhookDelivery:
    mark_attendance(session=east_session(world), person_id=world.alice.pk, mark="present", marked_by=world.fred)
    return WebhookDelivery.objects.get()


def test_a_delivery_is_refused_when_the_name_now_points_inside_and_is_never_tried_again(
    world: World, dns: Names, sent: list[addresses.Target]
) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    webhooks.register_endpoint(programme=world.programme, url="https://hr.northshire.example/hook", secret=SECRET, by=world.lena)
    dns["hr.northshire.example"] = ["169.254.169.254"]  # the name was moved after it was added
    delivery = _an_event(world)
    assert sent == []
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "Not sent: hr.northshire.example is a link-local address (169.254.169.254)."
    dns["hr.northshire.example"] = [PUBLIC]
    with time_machine.travel(timezone.now() + webhooks.backoff(webhooks.MAX_ATTEMPTS), tick=False):
        assert webhooks.retry_due() == 0
    assert sent == []


def test_a_delivery_connects_to_the_addresses_it_checked(world: World, dns: Names, sent: list[addresses.Target]) -> None:
    dns["hr.northshire.example"] = [PUBLIC]
    webhooks.register_endpoint(programme=world.programme, url="https://hr.northshire.example/in?x=1", secret=SECRET, by=world.lena)
    assert _an_event(world).status == DeliveryStatus.DELIVERED
    (target,) = sent
    assert (target.host, target.port, target.path, target.addresses) == ("hr.northshire.example", 443, "/in?x=1", (PUBLIC,))


def test_a_name_that_stops_resolving_is_tried_again_later(world: World, dns: Names, sent: list[addresses.Target]) -> None:
    webhooks.register_endpoint(programme=world.programme, url="https://hr-records.example/hook", secret=SECRET, by=world.lena)
    delivery = _an_event(world)
    assert (delivery.status, delivery.last_error) == (DeliveryStatus.PENDING, "The host name hr-records.example did not resolve.")
    assert sent == []


def test_the_request_goes_to_the_vetted_address_with_the_name_as_host(world: World, dns: Names) -> None:
    receiver = Receiver()
    try:
        dns["receiver.northshire.example"] = ["127.0.0.1"]  # a real connection, to the pinned address
        port = receiver.server.server_port
        with override_settings(DEMO_MODE=True):
            webhooks.register_endpoint(
                programme=world.programme, url=f"http://receiver.northshire.example:{port}/hook", secret=SECRET,
                by=world.lena,
            )
            assert _an_event(world).status == DeliveryStatus.DELIVERED
        ((headers, _),) = receiver.received
        assert headers["Host"] == f"receiver.northshire.example:{port}"
    finally:
        receiver.server.shutdown()

