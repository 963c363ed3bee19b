"""Odd input never breaks a page: every URL and form of the permission matrix answers below 500.

For every case of the matrix, as a role that may see the page:

- each id in the path is swapped for odd ones (past 2**63, non-ASCII digits, forty zeros, bytes
  that are not UTF-8) and must answer 404 or 400;
- the page is fetched with odd query strings: every filter it reads meets every value of SWEEP,
  and Hypothesis draws more (which filters, which values, with or without HTMX);
- every `<form method="post">` the page shows is posted with odd values in its fields (huge
  numbers, non-ASCII digits, NUL, invalid UTF-8, very long text, control characters): every field
  meets every value of SWEEP, once with the buttons and hidden fields as the page gives them (so
  the post still reaches its action) and once with those odd too; Hypothesis mixes odd values
  with the page's own.

Each case runs in a savepoint that is rolled back, so one world serves every case of an app and a
write made by one case cannot hide another case's objects. Run it on SQLite and on PostgreSQL
(DATABASE_URL): PostgreSQL refuses NUL in text and integers past bigint, SQLite does not.
"""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.development.models import JournalEntry
from tests.conftest import World
from tests.identity import objects as identity_objects
from tests.matrix import PERSONA, Case
from tests.test_permissions import MATRIX

# A path id the matrix never uses, so it can be found in a reversed URL and swapped.
SENTINEL = 987654321987

# Already percent-encoded: what a browser or a script could put in a path segment. Each is
# sent signed out (it must answer 404 before any sign-in check) and the first two signed in too.
ODD_PATH_IDS = [
    str(2**63),
    quote("²"),
    str(2**64),
    "1" + "0" * 30,
    "0" * 40,
    quote("٣"),  # ARABIC-INDIC DIGIT THREE: int() reads it as 3
    "%FF%C0%AF%00",  # not UTF-8, and a NUL
]
SIGNED_IN_PATH_IDS = ODD_PATH_IDS[:2]

# Field and query values: str values are sent UTF-8 encoded, bytes as they are (not UTF-8).
# Every field and every query key meets each of these (SWEEP); Hypothesis mixes in the rest.
SWEEP: list[str | bytes] = [
    "Alice\x00Acute",
    str(2**63),
    "²",
    "٣",
    b"\xff\xfe\xed\xa0\x80",  # not UTF-8: a stray byte and a lone surrogate
    "Alice\r\nBcc: someone@example.org",
    "x" * 20_000,
]
ODD_VALUES: list[str | bytes] = [
    *SWEEP,
    "1" + "0" * 30,
    "\x00",
    str(2**63 - 1),
    str(2**64),
    "-" + str(2**63 + 1),
    "9" * 5000,
    "0" * 40,
    "１２",
    "1.5",
    "1e400",
    "NaN",
    "\t\x1b[31m\x7f\x85",
    "\u2028\u2029\u202e",
    b"\xc0\xaf",
    "",
    " ",
    "9999-12-31",
    "99999-01-01",
    "0000-00-00",
    "25:61",
    "http://[::1",
    "javascript:alert(1)",
    "'; select 1; --",
]

# Query keys the views read (filters, pagination, sorting, links back) and a few nobody reads.
QUERY_KEYS = [
    "page", "q", "place", "organisation", "cohort", "state", "sort", "status", "sector",
    "when", "next", "prompt", "watching", "token", "fmt", "round", "session", "person", "id",
]

ROLE_PREFERENCE = ["lead", "facilitator", "participant", "sponsor", "funder", "anonymous", "outsider"]


def _encode(value: str | bytes) -> str:
    if isinstance(value, bytes):
        return quote(value, safe="")
    return quote(value, safe="", errors="surrogatepass")


def _body(pairs: list[tuple[str, str | bytes]]) -> str:
    return "&".join(f"{_encode(name)}={_encode(value)}" for name, value in pairs)


@dataclass
class Form:
    method: str
    actions: list[str]
    fields: list[tuple[str, str]] = field(default_factory=list)  # name, value as the page gives it
    buttons: set[str] = field(default_factory=set)  # names of fields that choose what a post does


class _FormReader(HTMLParser):
    """The forms of a page: method, action (or hx-post, formaction) and each field's name and value."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            actions = [a.get("action", "")] + ([a["hx-post"]] if "hx-post" in a else [])
            self._form = Form(method=a.get("method", "get").lower(), actions=actions)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields, name = self._form.fields, a.get("name", "")
        if tag == "input" and name and a.get("type") != "file":
            default = "on" if a.get("type") == "checkbox" else ""
            fields.append((name, a.get("value", default)))
            if a.get("type") in ("submit", "hidden"):
                self._form.buttons.add(name)
        elif tag == "button":
            if name:
                fields.append((name, a.get("value", "")))
                self._form.buttons.add(name)
            if a.get("formaction"):
                self._form.actions.append(a["formaction"])
        elif tag == "select" and name:
            self._select = name
            fields.append((name, ""))
        elif tag == "option" and self._select is not None:
            last_name, last_value = fields[-1]
            if last_name == self._select and not last_value and a.get("value"):
                fields[-1] = (last_name, a["value"])
        elif tag == "textarea" and name:
            fields.append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _forms(html: str, page_url: str) -> list[tuple[str, Form]]:
    """Each form of the page with each address it may be sent to (same site, never "sign out")."""
    reader = _FormReader()
    reader.feed(html)
    logout = reverse("accounts:logout")
    found = []
    for form in reader.forms:
        for action in form.actions:
            url = urljoin(page_url, action)
            if not urlsplit(url).netloc and urlsplit(url).path != logout:
                found.append((url, form))
    return found


def _role_for(case: Case) -> str:
    """A role that may see the page (200 first, then a redirect); a lead when nobody signed in may GET it."""
    for role in ROLE_PREFERENCE:
        if case.expected.get(role) == 200:
            return role
    for role in ROLE_PREFERENCE:
        if case.expected.get(role) == 302 and role != "anonymous":
            return role
    return "lead"


class _Trouble(list[str]):
    """Every request that broke, in words; the test fails when there is any."""

    def send(self, client: Client, method: str, url: str, body: str = "", htmx: bool = False) -> int:
        headers = {"HX-Request": "true"} if htmx else {}
        try:
            with transaction.atomic():  # a failed request must not spoil the next one's queries
                if method == "post":
                    response = client.post(
                        url, data=body, content_type="application/x-www-form-urlencoded", headers=headers
                    )
                else:
                    response = client.get(url, headers=headers)
        except Exception as exc:  # the client raises what a view raised
            self.append(f"{method.upper()} {url[:150]} {body[:150]} raised {exc!r:.300}")
            return 500
        # An identity provider that does not answer (the matrix's example provider is nowhere) gets
        # the page saying so, as 502: the fault is upstream, not the input's.
        upstream = response.status_code == 502 and b"sign-in did not answer" in response.content
        if response.status_code >= 500 and not upstream:
            self.append(f"{method.upper()} {url[:150]} {body[:150]} answered {response.status_code}")
        return int(response.status_code)


def _odd_paths(case: Case, real: dict[str, int | str]) -> Iterator[tuple[str, str, str]]:
    """(path keyword, odd id, URL) for each odd id in place of each id of the case's URL."""
    for key, value in real.items():
        if isinstance(value, int):
            marked = reverse(case.name, kwargs={**real, key: SENTINEL})
            # an id ends at a slash, or at the dot before a download's format (…/42.pdf)
            found = re.search(rf"/{SENTINEL}(?=[/.])", marked)
            assert found is not None, marked
            for odd in ODD_PATH_IDS:
                yield key, odd, f"{marked[:found.start()]}/{odd}{marked[found.end():]}"


def _swept(names: list[str], fixed: dict[str, str]) -> Iterator[list[tuple[str, str | bytes]]]:
    """len(SWEEP) rounds in which every field meets every sweep value (a Latin square); the
    fields in `fixed` keep the page's value (so a post still reaches the action it names)."""
    for shift in range(len(SWEEP)):
        yield [
            (name, fixed[name] if name in fixed else SWEEP[(i + shift) % len(SWEEP)])
            for i, name in enumerate(names)
        ]


odd_value = st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=30))
bounded = settings(
    max_examples=2, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)


def _post_odd_values(client: Client, url: str, form: Form, trouble: _Trouble) -> None:
    fields = [(n, v) for n, v in form.fields if n != "csrfmiddlewaretoken"]
    names = list(dict.fromkeys(n for n, _ in fields))
    page_values = dict(fields)
    buttons = {n: v for n, v in page_values.items() if n in form.buttons}
    # The buttons and hidden fields as the page gives them and every other field odd; then, where
    # there are any, the buttons and hidden fields odd (ids, actions) and the rest as given.
    for pairs in _swept(names, buttons):
        trouble.send(client, "post", url, _body(pairs))
    if buttons:
        for pairs in _swept(names, {n: v for n, v in page_values.items() if n not in buttons}):
            trouble.send(client, "post", url, _body(pairs))

    @bounded
    @given(
        odd=st.lists(st.one_of(st.none(), odd_value), min_size=len(names), max_size=len(names)),
        htmx=st.booleans(),
    )
    def post(odd: list[str | bytes | None], htmx: bool) -> None:
        pairs = [(n, page_values[n] if v is None else v) for n, v in zip(names, odd, strict=True)]
        trouble.send(client, "post", url, _body(pairs), htmx=htmx)

    post()


def _get_odd_queries(client: Client, url: str, keys: list[str], trouble: _Trouble) -> None:
    for i, pairs in enumerate(_swept(keys, {})):
        trouble.send(client, "get", f"{url}?{_body(pairs)}", htmx=i % 2 == 1)

    @bounded
    @given(query=st.dictionaries(st.sampled_from(keys), odd_value, min_size=1, max_size=4), htmx=st.booleans())
    def get(query: dict[str, str | bytes], htmx: bool) -> None:
        trouble.send(client, "get", f"{url}?{_body(list(query.items()))}", htmx=htmx)

    get()


def _namespace(case: Case) -> str:
    return case.name.split(":")[0] if ":" in case.name else "root"


NAMESPACES = sorted({_namespace(case) for case in MATRIX})


@pytest.mark.parametrize("namespace", NAMESPACES)
def test_odd_input_never_answers_a_server_error(namespace: str, world: World) -> None:
    trouble = _Trouble()
    signed_out = Client(raise_request_exception=True)
    seen_paths: set[tuple[str, str, str]] = set()
    seen_pages: set[str] = set()
    seen_forms: set[tuple[str, str, tuple[str, ...]]] = set()
    for case in (c for c in MATRIX if _namespace(c) == namespace):
        role = _role_for(case)
        with transaction.atomic():
            client = Client(raise_request_exception=True)
            if role != "anonymous":
                client.force_login(getattr(world, PERSONA[role]))
            real = case.kwargs(world)
            for key, odd, odd_url in _odd_paths(case, real):
                if (case.name, key, odd) in seen_paths:
                    continue
                seen_paths.add((case.name, key, odd))
                for who in (signed_out, client) if odd in SIGNED_IN_PATH_IDS else (signed_out,):
                    status = trouble.send(who, "get", odd_url)
                    if status not in (400, 404, 500):  # a 500 is on the list already
                        trouble.append(f"GET {odd_url} answered {status}, not 400 or 404")
            url = reverse(case.name, kwargs=real)
            if case.expected[role] == 200 and case.name not in seen_pages:
                seen_pages.add(case.name)
                page = client.get(url + case.query)
                html = "html" in page["Content-Type"]
                forms = _forms(page.content.decode(), url + case.query) if html else []
                keys = QUERY_KEYS + [n for _, f in forms if f.method == "get" for n, _ in f.fields]
                _get_odd_queries(client, url, list(dict.fromkeys(keys)), trouble)
                for action, form in forms:
                    key = (role, urlsplit(action).path, tuple(sorted(n for n, _ in form.fields)))
                    if form.method == "post" and key not in seen_forms:
                        seen_forms.add(key)
                        _post_odd_values(client, action, form, trouble)
            transaction.set_rollback(True)
    assert not trouble, f"{len(trouble)} odd inputs broke a page:\n" + "\n".join(trouble[:20])


def test_the_form_reader_finds_fields_actions_and_buttons() -> None:
    html = """<form method="post" action="/x/"><input name="csrfmiddlewaretoken" type="hidden" value="t">
    <select name="cohort"><option value="">Choose</option><option value="7">East</option></select>
    <textarea name="why"></textarea><input type="checkbox" name="ok"><button name="action" value="go"
    formaction="/y/">Go</button></form><form method="get"><input name="q"></form>"""
    (x, form), (y, same), (page, search) = _forms(html, "/page/")
    assert (x, y, page) == ("/x/", "/y/", "/page/")
    assert form is same and form.method == "post" and search.method == "get"
    assert form.fields == [("csrfmiddlewaretoken", "t"), ("cohort", "7"), ("why", ""), ("ok", "on"), ("action", "go")]
    assert form.buttons == {"csrfmiddlewaretoken", "action"}
    assert search.fields == [("q", "")]


def test_the_sweep_gives_every_field_every_value() -> None:
    rounds = list(_swept(["a", "b", "action"], {"action": "go"}))
    assert len(rounds) == len(SWEEP)
    for name in ("a", "b"):
        assert sorted(map(repr, (dict(r)[name] for r in rounds))) == sorted(map(repr, SWEEP))
    assert {dict(r)["action"] for r in rounds} == {"go"}


def test_odd_counts_confirming_a_retention_run_never_answer_a_server_error(world: World) -> None:
    """A run's confirmation shows only when something is due, which it never is in the matrix's
    world: here a journal entry is due (the programme ended seven months before today), and the
    confirmation is swept like every other form. Nothing odd may run it."""
    today = timezone.localdate()
    world.programme.starts_on, world.programme.ends_on = today - dt.timedelta(days=500), today - dt.timedelta(days=215)
    world.programme.save()
    JournalEntry.objects.create(person=world.alice, programme=world.programme, body="Due.")
    system = identity_objects.lena_administers(world)
    client = Client(raise_request_exception=True)
    client.force_login(world.lena)
    url = reverse("privacy:system-retention-run", args=[system.pk, world.programme.pk])
    (form,) = [f for action, f in _forms(client.get(url).content.decode(), url) if f.method == "post"]
    trouble = _Trouble()
    # Every field odd in turn, the others as given: never 500, and never a run.
    for name in (n for n, _ in form.fields if n != "csrfmiddlewaretoken"):
        for value in SWEEP:
            pairs = [(n, value if n == name else v) for n, v in form.fields if n != "csrfmiddlewaretoken"]
            trouble.send(client, "post", url, _body(pairs))
    assert not trouble, "\n".join(trouble[:20])
    assert JournalEntry.objects.count() == 1

