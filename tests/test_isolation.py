"""One system's people never see another system's data.

Two systems are built (tests/offboarding/systems.py), each with a programme, cohorts, participants,
a lead, a facilitator, a sponsor, a funder, a system administrator and one of everything an address
can name; every word of their names is used once, so a name of system A can be on a page only if
the page shows A's data. Signed in as each role of system B and as B's system administrator:

- every URL of the project with B's own objects shows none of A's names or addresses (pages, CSV,
  the text of XLSX workbooks, PDFs and zip files, calendars), and the pages that search people,
  asked for A's names and addresses, find nobody: A's words may appear only as often as the page
  repeats a query of their shape that finds nobody. Hypothesis draws the words;
- every URL naming A's objects (A's alone, or A's inside B's own programme or system) answers 404,
  or sends to sign-in, and shows nothing of A's; a POST-only address is posted to, empty, as well;
- B's system administrator opens none of A's system pages.

Like the permission matrix, the list of URLs is the project's own, so a new URL is swept as soon as
it exists; a URL naming a kind of object the builder does not make fails until it is taught.
"""

from __future__ import annotations

import html
import io
import itertools
import logging
import string
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pypdf
import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import StringConverter
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.matrix import SEPARATELY_TESTED_NAMESPACES
from tests.offboarding.systems import WORDS_PER_SYSTEM, Built, build, names_from, pair, seeded_words

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Answer
else:
    Answer = object

# The addresses that name a system or a programme, the containers a person's access is decided by.
CONTAINERS = ("system_id", "programme_id")
# Text parts of addresses: what each may be (anything else is a token or reference, forged).
TEXT_VALUES = {"fmt": ("csv", "xlsx"), "which": ("applications", "review")}
TEXT_VALUES_OF = {("schedule:development-hours", "fmt"): ("pdf", "csv")}
# Pages that search people, and the fields of their search.
SEARCHES = {
    "programmes:cohort-detail": ("q",),
    "programmes:cohort-people-export": ("q",),
    "network:roster": ("q",),
    "recruitment:applications": ("q",),
    "recruitment:review": ("q",),
    "recruitment:export": ("q",),
    "grouping:placement": ("q",),
    "schedule:register": ("q",),
    "schedule:attendance-figures": ("name",),
    "schedule:attendance-people-export": ("name",),
    "alumni:directory": ("name", "topic"),
}
# System pages that are not its administrators': the alumni's own, and the site administrators' offboarding.
NOT_THE_SYSTEMS_OWN = ("alumni:", "offboarding:")
# Each role of system B, by the person who holds it.
ROLES = {
    "lead": lambda b: b.world.lena,
    "facilitator": lambda b: b.world.fred,
    "participant": lambda b: b.world.alice,
    "sponsor": lambda b: b.world.sam,
    "funder": lambda b: b.world.fiona,
    "system administrator": lambda b: b.admin,
}


@dataclass(frozen=True)
class Route:
    name: str
    ids: tuple[str, ...]  # the address's ids, in order
    texts: tuple[str, ...]  # its text parts


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns: list[URLPattern | URLResolver], namespace: str, inherited: dict[str, object]) -> None:
        for pattern in patterns:
            converters = {**inherited, **getattr(pattern.pattern, "converters", {})}
            if isinstance(pattern, URLResolver):
                if pattern.namespace in SEPARATELY_TESTED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace,
                     converters)
            elif pattern.name:
                ids = tuple(k for k, c in converters.items() if not isinstance(c, StringConverter))
                texts = tuple(k for k, c in converters.items() if isinstance(c, StringConverter))
                found.append(Route(f"{namespace}{pattern.name}", ids, texts))

    walk(get_resolver().url_patterns, "", {})
    return found


def object_id(route: Route, kwarg: str, system: Built) -> int:
    key = kwarg
    if kwarg == "round_id":
        key = "network_round_id" if route.name.startswith("network:") else "development_round_id"
    assert key in system.ids, f"{route.name}: teach tests/offboarding/systems.py which object {kwarg} names"
    return system.ids[key]


def addresses(route: Route, ids_from: dict[str, Built]) -> Iterator[str]:
    """The route reversed with each id taken from the system given for it, for every text part."""
    choices = [TEXT_VALUES_OF.get((route.name, t), TEXT_VALUES.get(t, ("forged",))) for t in route.texts]
    for texts in itertools.product(*choices):
        kwargs: dict[str, object] = {k: object_id(route, k, ids_from[k]) for k in route.ids}
        kwargs.update(zip(route.texts, texts, strict=True))
        yield reverse(route.name, kwargs=kwargs)


def readable(response: Answer) -> str:
    """Everything a person could read in the answer, as lower-case text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    return text_of(body).lower()


def text_of(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(text_of(archive.read(name)) for name in archive.namelist())
    if data.startswith(b"%PDF"):
        try:
            return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
        except Exception:  # not a whole PDF (a test's stand-in): its bytes are its text
            pass
    return html.unescape(data.decode("utf-8", errors="replace"))


class Sweep:
    """Requests as one person of B, collecting what went wrong."""

    def __init__(self, a: Built, role: str, client: Client) -> None:
        self.a_strings = [s.lower() for s in a.names.strings()]
        self.role = role
        self.client = client
        self.failures: list[str] = []

    def leaks(self, url: str, text: str, *, allowed: dict[str, int] | None = None) -> None:
        allowed = allowed or {}
        shown = [s for s in self.a_strings if text.count(s) > allowed.get(s, 0)]
        if shown:
            self.failures.append(f"{self.role} {url}: shows {shown[:3]}")

    def own(self, url: str) -> bool:
        """Whether the page opened (a page that does not is searched no further)."""
        response = self.client.get(url)
        self.leaks(url, readable(response))
        return response.status_code == 200

    def foreign(self, url: str, post_only: set[str]) -> None:
        """An address naming another system's objects: 404, and for a POST-only one a POST too
        (`post_only`: the addresses found to be, so other roles post at once)."""
        response = None
        if url not in post_only:
            response = self.client.get(url)
            self.leaks(url, readable(response))
            if response.status_code == 405:
                post_only.add(url)
        if url in post_only:
            response = self.client.post(url)
            self.leaks(url, readable(response))
        assert response is not None
        if not _refused(response):
            self.failures.append(f"{self.role} {response.request['REQUEST_METHOD']} {url}: {response.status_code}")

    def search(self, url: str, fields: tuple[str, ...], queries: list[str]) -> None:
        """A's words may appear only as often as the page repeats a query of their shape that finds
        nobody."""
        echoes: dict[str, int] = {}
        for query in queries:
            blank = "zzqqzzqq.qqzzqqzz@example.org" if "@" in query else "Zzqqzzqq Qqzzqqzz"
            if blank not in echoes:
                echoes[blank] = readable(self.client.get(url, dict.fromkeys(fields, blank))).count(blank.lower())
            asked = readable(self.client.get(url, dict.fromkeys(fields, query)))
            self.leaks(f"{url}?{fields[0]}={query}", asked, allowed={query.lower(): echoes[blank]})


def _refused(response: Answer) -> bool:
    if response.status_code == 404:
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def signed_in(b: Built) -> Iterator[tuple[str, Client]]:
    """A client signed in as each role of B, in turn."""
    for role, holder in ROLES.items():
        client = Client()
        client.force_login(holder(b))
        yield role, client


def sweep_own(a: Built, b: Built) -> list[str]:
    """Every URL with B's own objects, as every role of B; the search pages asked for A's people."""
    failures: list[str] = []
    all_routes = routes()
    assert set(SEARCHES) <= {r.name for r in all_routes}, "a search page listed here no longer exists"
    queries = [a.names.people["alice"][0], a.names.people["bob"][1], a.names.organisations[0]]
    for role, client in signed_in(b):
        check = Sweep(a, role, client)
        for route in all_routes:
            # Every format of B's own pages is read; a search is the same question in any format.
            for number, url in enumerate(addresses(route, dict.fromkeys(route.ids, b))):
                if check.own(url) and route.name in SEARCHES and number == 0:
                    check.search(url, SEARCHES[route.name], queries)
        failures += check.failures
    # A system administrator finds people by exact address, sent in the form's body.
    client = Client()
    client.force_login(b.admin)
    check = Sweep(a, "system administrator", client)
    url = reverse("privacy:system-people", args=[b.system_id])
    for who in ("alice", "applicant", "admin"):
        email = a.names.people[who][1]
        check.leaks(url, readable(client.post(url, {"email": email})), allowed={email: 1})
    return failures + check.failures


def sweep_foreign(a: Built, b: Built) -> list[str]:
    """Every URL naming A's objects, as every role of B: A's objects alone, and A's objects inside B's
    own programme or system. An address is refused whatever format it asks for, so one will do."""
    failures: list[str] = []
    post_only: set[str] = set()
    for role, client in signed_in(b):
        check = Sweep(a, role, client)
        for route in routes():
            if not route.ids:
                continue
            check.foreign(next(addresses(route, dict.fromkeys(route.ids, a))), post_only)
            inner = [k for k in route.ids if k not in CONTAINERS]
            if inner and len(inner) < len(route.ids):
                check.foreign(next(addresses(route, {k: (b if k in CONTAINERS else a) for k in route.ids})), post_only)
        failures += check.failures
    return failures


@contextmanager
def quiet_request_log() -> Iterator[None]:
    """Thousands of 404s are the point here, not news: Django's warning for each is left out."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


WORD = st.text(alphabet=string.ascii_lowercase, min_size=8, max_size=8)


@settings(max_examples=2, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(words=st.lists(WORD, min_size=2 * WORDS_PER_SYSTEM, max_size=2 * WORDS_PER_SYSTEM, unique=True))
@pytest.mark.django_db
def test_no_page_of_one_system_shows_another_systems_data(words: list[str]) -> None:
    cache.clear()
    with transaction.atomic(), quiet_request_log():
        a, b = two_systems(words)
        failures = sweep_own(a, b)
        transaction.set_rollback(True)
    assert not failures, f"{len(failures)} leaks:\n" + "\n".join(failures[:40])


@pytest.mark.django_db
def test_every_address_naming_another_systems_objects_answers_404() -> None:
    """Statuses do not depend on the names drawn, so one pair of systems answers for all."""
    a, b = two_systems(seeded_words())
    with quiet_request_log():
        failures = sweep_foreign(a, b)
    assert not failures, f"{len(failures)} addresses not refused:\n" + "\n".join(failures[:40])


def two_systems(words: list[str]) -> tuple[Built, Built]:
    a, b = build(names_from(words[:WORDS_PER_SYSTEM])), build(names_from(words[WORDS_PER_SYSTEM:]))
    pair(a, b)
    return a, b


@pytest.mark.django_db
def test_a_system_administrator_opens_no_page_of_another_system() -> None:
    a, b = two_systems(seeded_words())
    system_pages = [route for route in routes() if "system_id" in route.ids]
    assert {"identity:providers", "privacy:system-retention", "privacy:system-people", "reporting:board",
            "onboarding:tasks", "onboarding:organisations", "onboarding:checklist"} <= {
        route.name for route in system_pages
    }
    client = Client()
    client.force_login(b.admin)
    check = Sweep(a, "B's system administrator", client)
    post_only: set[str] = set()
    with quiet_request_log():
        for route in system_pages:
            opened = check.own(next(addresses(route, dict.fromkeys(route.ids, b))))
            assert opened or route.name.startswith(NOT_THE_SYSTEMS_OWN) or route.ids != ("system_id",), (
                f"{route.name} does not open for its own system's administrator"
            )
            check.foreign(next(addresses(route, dict.fromkeys(route.ids, a))), post_only)
            if len(route.ids) > 1:  # the other things it names are A's, through B's own system
                check.foreign(next(addresses(route, {k: (b if k == "system_id" else a) for k in route.ids})), post_only)
    assert not check.failures, "\n".join(check.failures)
