"""Where webhooks may be sent: the one check of a webhook address, made when a lead adds it and
again before every delivery, and the one way a delivery connects.

A lead types the address and the task worker then POSTs to it from inside our own network, so an
address could aim the worker at something only it can reach: a cloud metadata service, an admin
port, another server on the private network (server-side request forgery). An address is refused
when

- it is not `https://` (plain `http://` is taken only for a loopback host while `DEBUG` or
  `DEMO_MODE` is on: a developer's own receiver on the same machine);
- it carries a user name or password (the secret signs each request instead);
- its host is, or resolves to, any address outside the public internet (private, loopback,
  link-local, shared, reserved, multicast or unspecified; IPv4 carried inside IPv6 included),
  unless the host is named in `WEBHOOK_ALLOWED_HOSTS`, or is loopback while `DEBUG` or
  `DEMO_MODE` is on.

A name that does not resolve cannot be judged: adding it is allowed (the check runs again before
each delivery, and a delivery to it fails and is tried again). DNS can change after the check, so
`post` connects to exactly the addresses `check` vetted, never resolving the name a second time,
while TLS still verifies the certificate against the name.
"""

import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class Refused(Exception):
    """The address may not receive webhooks: the message says why, in words for the lead, and
    `reason` says it in a few words for a delivery's record."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class Unresolved(Exception):
    """The host name did not resolve (now): nothing can be said about where it points."""


@dataclass(frozen=True)
class Target:
    """A checked address: where to connect (`addresses`, already vetted) and what to ask for."""

    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (an address literal resolves to itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise Unresolved(f"The host name {host} did not resolve.") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def _laptop() -> bool:
    return bool(settings.DEBUG or settings.DEMO_MODE)


def _allowed_host(host: str) -> bool:
    allowed = {name.strip().lower().rstrip(".") for name in settings.WEBHOOK_ALLOWED_HOSTS}
    return host.lower().rstrip(".") in allowed


def _carried(ip: IPAddress) -> Iterator[IPAddress]:
    """The address and any IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        yield ip.ipv4_mapped  # an IPv4 address written as IPv6: judged as itself
        return
    yield ip
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.sixtofour:
            yield ip.sixtofour
        if ip.teredo:
            yield ip.teredo[1]
        if ip in _NAT64:
            yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


def _kind(ip: IPAddress) -> str | None:
    """Why the address is not on the public internet, or None when it is."""
    for inner in _carried(ip):
        if inner.is_loopback:
            return "loopback"
        if inner.is_link_local:
            return "link-local"
        if inner.is_private and not inner.is_reserved and not inner.is_unspecified:
            return "private"
        if not inner.is_global or inner.is_multicast or inner.is_reserved:
            return "reserved"
    return None


_KIND_WORDS = {
    "loopback": "a loopback address (this server itself)",
    "link-local": "a link-local address",
    "private": "a private network address",
    "reserved": "a reserved address, not on the public internet",
}


def check(url: str) -> Target:
    """The address as a `Target` to connect to (its name resolved once, every address vetted), or
    `Refused` naming why not, or `Unresolved`."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"} or not parts.hostname:
        raise Refused("Enter a full web address starting https://", reason="not a web address")
    if parts.username is not None or parts.password is not None:
        raise Refused(
            "Enter the address without a user name or password: each request is signed with the secret instead.",
            reason="the address holds a user name or password",
        )
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise Refused("Enter an address whose port is a number from 1 to 65535.", reason="a bad port") from None
    host = parts.hostname
    try:
        found = resolve(host, port)
    except Unresolved:
        if scheme == "http":
            raise _http_refused() from None
        raise
    ips = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    kinds = [_kind(ip) for ip in ips]
    if scheme == "http" and not (_laptop() and ips and all(kind == "loopback" for kind in kinds)):
        raise _http_refused()
    if not _allowed_host(host):
        for ip, kind in zip(ips, kinds, strict=True):
            if kind is None or (kind == "loopback" and _laptop()):
                continue
            where = f"{host} is {_KIND_WORDS[kind]} ({ip})"
            raise Refused(
                f"{where}: webhooks are sent only to addresses on the public internet. If this receiver must be "
                "reached, ask whoever runs Common Ground to allow its host (WEBHOOK_ALLOWED_HOSTS).",
                reason=where,
            )
    if not found:
        raise Unresolved(f"The host name {host} did not resolve.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme=scheme, host=host, port=port, path=path, addresses=tuple(found))


def _http_refused() -> Refused:
    return Refused(
        "Enter an address starting https://: webhooks are sent only over an encrypted connection.",
        reason="not https",
    )


def _open_socket(addresses: Sequence[str], port: int, timeout: float | None) -> socket.socket:
    """A connection to the first of the vetted addresses that answers (never the name again)."""
    last: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            last = exc
    raise last or OSError("No address to connect to.")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.addresses = target.addresses

    def connect(self) -> None:
        self.sock = _open_socket(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, target: Target, timeout: float) -> None:
        self.tls = ssl.create_default_context()
        super().__init__(target.host, target.port, timeout=timeout, context=self.tls)
        self.addresses = target.addresses

    def connect(self) -> None:
        sock = _open_socket(self.addresses, self.port, self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)


def post(target: Target, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST to a checked address and return the answer's status. Redirects are not followed (a
    3xx is an answer, and counts as a failure); no proxy is used."""
    connection = (_PinnedHTTPS if target.scheme == "https" else _PinnedHTTP)(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        return int(connection.getresponse().status)
    finally:
        connection.close()
