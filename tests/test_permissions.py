"""Every URL × every role. A new URL that is not in this matrix fails the build.

Objects a person may not see answer 404, never 403, so nobody learns what exists.
"""


import pytest
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.accounts.permission_cases import DEMO_CASES, DEMO_URLCONF
from tests.alumni.permission_cases import CASES as ALUMNI_CASES
from tests.api.permission_cases import CASES as API_CASES
from tests.blueprints.permission_cases import CASES as BLUEPRINTS_CASES
from tests.codesign.permission_cases import CASES as CODESIGN_CASES
from tests.conftest import World
from tests.development import objects as dev
from tests.grouping.permission_cases import CASES as GROUPING_CASES
from tests.homes.permission_cases import CASES as HOMES_CASES
from tests.identity import objects as identity_objects
from tests.identity.permission_cases import CASES as IDENTITY_CASES
from tests.matrix import (
    PERSONA,
    ROLES,
    SEPARATELY_TESTED_NAMESPACES,
    Case,
    _all,
    _members,
    programme,
)
from tests.mentoring.permission_cases import CASES as MENTORING_CASES
from tests.offboarding.permission_cases import CASES as OFFBOARDING_CASES
from tests.onboarding.permission_cases import CASES as ONBOARDING_CASES
from tests.programmes.permission_cases import CASES as PROGRAMMES_CASES
from tests.recruitment import objects as rec
from tests.recruitment.permission_cases import CASES as RECRUITMENT_CASES
from tests.reporting.permission_cases import CASES as REPORTING_CASES
from tests.schedule.permission_cases import CASES as SCHEDULE_CASES

MATRIX: list[Case] = [
    Case("home", expected=_all(302)),
    Case("healthz", expected=_all(200)),
    Case("accounts:login", expected=_all(302, anonymous=200)),
    Case("accounts:logout", expected=_all(405)),  # GET never signs anyone out
    Case("accounts:link-request", expected=_all(200)),
    Case("accounts:link-sent", expected=_all(200)),
    Case("accounts:link-use", expected=_all(400), label="no token"),
    Case("accounts:link-use", expected=_all(400), label="forged token", query="?token=forged"),
    Case("accounts:password-reset", expected=_all(200)),
    Case("accounts:password-reset-done", expected=_all(200)),
    Case(
        "accounts:password-reset-confirm",
        kwargs=lambda w: {"uidb64": "MQ", "token": "forged-token"},
        expected=_all(200),
        label="forged token shows the expired page",
    ),
    Case("accounts:password-reset-complete", expected=_all(200)),
    Case("programmes:profile", expected=_all(200, anonymous=302)),
    Case("programmes:seen", expected=_all(200, anonymous=302)),
    Case("privacy:my-data", expected=_all(200, anonymous=302)),
    Case("privacy:data-map", expected=_all(200)),
    Case("privacy:data-map-csv", expected=_all(200)),
    Case("about:privacy", expected=_all(200)),
    Case("about:cookies", expected=_all(200)),
    Case("about:accessibility", expected=_all(200)),
    Case("about:help", expected=_all(200)),
    Case(
        "privacy:person-data",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.alice.pk},
        expected=_all(405, anonymous=302),
        label="GET makes nothing; a POST is the lead's alone (tests/privacy)",
    ),
    Case(
        "privacy:person-erase",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.alice.pk},
        expected=_members(404, lead=200),
        label="the confirmation page; erasing is a POST (tests/privacy)",
    ),
    # A system's retention is its administrators' alone (Lena once she administers it; tests/privacy).
    Case("privacy:system-retention", kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk},
         expected=_all(404, anonymous=302, lead=200)),
    Case("privacy:system-retention", kwargs=lambda w: {"system_id": w.programme.system_id},
         expected=_all(404, anonymous=302), label="leading a programme is not administering its system"),
    Case("privacy:system-retention", kwargs=lambda w: {"system_id": w.other_programme.system_id},
         expected=_all(404, anonymous=302), label="another system, whose programme's lead is the outsider"),
    Case("privacy:system-retention-periods",
         kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk, "programme_id": w.programme.pk},
         expected=_all(404, anonymous=302, lead=200)),
    Case("privacy:system-retention-periods",
         kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk, "programme_id": w.other_programme.pk},
         expected=_all(404, anonymous=302), label="another system's programme through this system"),
    Case("privacy:system-retention-run",
         kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk, "programme_id": w.programme.pk},
         expected=_all(404, anonymous=302, lead=200), label="GET is the dry run; running is a POST"),
    Case("privacy:system-retention-run",
         kwargs=lambda w: {"system_id": identity_objects.lena_administers(w).pk, "programme_id": w.other_programme.pk},
         expected=_all(404, anonymous=302), label="another system's programme through this system"),
    Case("programmes:overview", kwargs=programme, expected=_members(200)),
    Case(
        "programmes:overview",
        kwargs=lambda w: {"programme_id": 987654},
        expected=_members(404),
        label="forged programme id",
    ),
    Case("programmes:cohort-list", kwargs=programme, expected=_members(200, funder=404)),
    Case(
        "programmes:cohort-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
        expected=_members(200, funder=404),
        label="Alice's cohort",
    ),
    Case(
        "programmes:cohort-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.west.pk},
        expected=_members(200, funder=404, participant=404),
        label="another cohort",
    ),
    Case(
        "programmes:cohort-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk},
        expected=_members(404),
        label="another programme's cohort through this programme",
    ),
    Case(
        "programmes:cohort-people-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk, "fmt": "csv"},
        expected=_members(404, lead=200, facilitator=200),
        label="a cohort's people as CSV",
    ),
    Case(
        "programmes:cohort-people-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk, "fmt": "xlsx"},
        expected=_members(404),
        label="another programme's cohort's people as XLSX",
    ),
    Case(
        "programmes:cohort-people-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk, "fmt": "pdf"},
        expected=_members(404),
        label="a format not offered",
    ),
    Case("programmes:organisation-list", kwargs=programme, expected=_members(200)),
    Case(
        "programmes:person-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.alice.pk},
        expected=_members(200, funder=404),
        label="Alice (Surrey Acute, the sponsor's organisation)",
    ),
    Case(
        "programmes:person-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.bob.pk},
        expected=_members(200, funder=404, sponsor=404),
        label="Bob (Alice's cohort-mate, County Council)",
    ),
    Case(
        "programmes:person-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.carol.pk},
        expected=_members(200, funder=404, sponsor=404, participant=404),
        label="Carol (another cohort)",
    ),
    Case(
        "programmes:person-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "person_id": w.oscar.pk},
        expected=_members(404),
        label="Oscar, who is in another programme",
    ),
    # Relationships: the survey and my network are the participant's own; figures are for leads and funders.
    Case("network:home", kwargs=programme, expected=_members(404, participant=200)),
    Case("network:consent", kwargs=programme, expected=_members(405, outsider=405), label="GET changes nothing"),
    Case(
        "network:roster",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": w.east_start.pk},
        expected=_members(404, participant=200),
        label="Alice's cohort round",
    ),
    Case(
        "network:roster",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": w.west_start.pk},
        expected=_members(404),
        label="another cohort's round",
    ),
    Case("network:mine", kwargs=programme, expected=_members(404, participant=200)),
    Case("network:figures", kwargs=programme, expected=_members(404, lead=200, funder=200)),
    Case(
        "network:map",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": w.east_start.pk},
        expected=_members(404, lead=200, funder=200),
    ),
    # Personal development: every page is the participant's own; journal, goals and answers are Alice's alone.
    Case("development:progress", kwargs=programme, expected=_members(404, participant=200)),
    Case("development:consent", kwargs=programme, expected=_members(404, participant=200)),
    Case("development:consent-withdraw", kwargs=programme, expected=_members(405, outsider=405), label="GET changes nothing"),
    Case(
        "development:respond",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": dev.east_self_assessment(w).pk},
        expected=_members(404, participant=200),
        label="Alice's cohort self-assessment",
    ),
    Case(
        "development:respond",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": dev.east_resilience(w).pk},
        expected=_members(404, participant=302),
        label="resilience before consent sends Alice to the consent page",
    ),
    Case(
        "development:respond",
        kwargs=lambda w: {"programme_id": w.programme.pk, "round_id": dev.west_self_assessment(w).pk},
        expected=_members(404),
        label="another cohort's round",
    ),
    Case(
        "development:response-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "response_id": dev.alice_resilience_response(w).pk},
        expected=_members(404, participant=200),
        label="Alice's own resilience answers",
    ),
    Case("development:goals", kwargs=programme, expected=_members(404, participant=200)),
    Case(
        "development:goal-edit",
        kwargs=lambda w: {"programme_id": w.programme.pk, "goal_id": dev.alice_goal(w).pk},
        expected=_members(404, participant=200),
        label="Alice's goal",
    ),
    Case("development:journal", kwargs=programme, expected=_members(404, participant=200)),
    Case(
        "development:journal-entry",
        kwargs=lambda w: {"programme_id": w.programme.pk, "entry_id": dev.alice_journal_entry(w).pk},
        expected=_members(404, participant=200),
        label="Alice's journal entry",
    ),
    Case(
        "development:journal-delete",
        kwargs=lambda w: {"programme_id": w.programme.pk, "entry_id": dev.alice_journal_entry(w).pk},
        expected=_members(405, outsider=405),
        label="GET changes nothing",
    ),
    # Evaluation: aggregates for leads and funders; managing instruments and rounds is for leads.
    Case("development:evaluation", kwargs=programme, expected=_members(404, lead=200, funder=200)),
    Case(
        "development:evaluation-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "fmt": "csv"},
        expected=_members(404, lead=200, funder=200),
        label="CSV",
    ),
    Case(
        "development:evaluation-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "fmt": "xlsx"},
        expected=_members(404, lead=200, funder=200),
        label="XLSX",
    ),
    Case(
        "development:evaluation-export",
        kwargs=lambda w: {"programme_id": w.programme.pk, "fmt": "pdf"},
        expected=_members(404),
        label="unknown format",
    ),
    Case("development:instruments", kwargs=programme, expected=_members(404, lead=200)),
    Case("development:instrument-add", kwargs=programme, expected=_members(404, lead=200)),
    Case("development:rounds", kwargs=programme, expected=_members(404, lead=200)),
    # Recruitment: the application form and emailed links are public (the link is the key); the rest is for leads.
    Case("recruitment:apply", kwargs=lambda w: {"programme_id": rec.open_applications(w).programme_id},
         expected=_all(200), label="applications open"),
    Case("recruitment:apply", kwargs=lambda w: {"programme_id": w.other_programme.pk}, expected=_all(404),
         label="applications not open"),
    Case("recruitment:applied", kwargs=lambda w: {"programme_id": rec.open_applications(w).programme_id},
         expected=_all(200)),
    Case("recruitment:support", kwargs=lambda w: {"token": rec.sponsor_token(w)}, expected=_all(200),
         label="valid link"),
    Case("recruitment:support", kwargs=lambda w: {"token": "forged"}, expected=_all(404), label="forged link"),
    Case("recruitment:nomination-confirm", kwargs=lambda w: {"token": rec.nomination_token(w)}, expected=_all(200),
         label="valid link"),
    Case("recruitment:nomination-confirm", kwargs=lambda w: {"token": "forged"}, expected=_all(404),
         label="forged link"),
    Case("recruitment:offer", kwargs=lambda w: {"token": rec.offer(w)[1]}, expected=_all(200), label="valid link"),
    Case("recruitment:offer", kwargs=lambda w: {"token": "forged:signature"}, expected=_all(404), label="forged link"),
    Case("recruitment:nominate", kwargs=programme, expected=_members(404, sponsor=200)),
    Case("recruitment:applications", kwargs=programme, expected=_members(404, lead=200)),
    Case("recruitment:review", kwargs=programme, expected=_members(404, lead=200)),
    Case("recruitment:decide", kwargs=programme, expected=_members(405, outsider=405), label="GET changes nothing"),
    Case("recruitment:quotas", kwargs=programme, expected=_members(404, lead=200)),
    Case("recruitment:import", kwargs=programme, expected=_members(404, lead=200)),
    Case("recruitment:eligibility", kwargs=programme, expected=_members(404, lead=200)),
    Case("recruitment:cohort-quotas", kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.east.pk},
         expected=_members(404, lead=200)),
    Case("recruitment:cohort-quotas",
         kwargs=lambda w: {"programme_id": w.programme.pk, "cohort_id": w.other_cohort.pk},
         expected=_members(404), label="another programme's cohort through this programme"),
    Case("recruitment:quota-edit", kwargs=lambda w: {"programme_id": w.programme.pk, "quota_id": rec.quota(w).pk},
         expected=_members(404, lead=200)),
    Case("recruitment:quota-edit", kwargs=lambda w: {"programme_id": w.other_programme.pk, "quota_id": rec.quota(w).pk},
         expected=_members(404), label="a quota through another programme"),
    # Anyone signed in sees their own applications; an application is withdrawn only by its applicant.
    Case("recruitment:mine", expected=_all(200, anonymous=302)),
    Case("recruitment:withdraw", kwargs=lambda w: {"application_id": rec.alices_application(w).pk},
         expected=_members(404, participant=200), label="Alice's application"),
    Case("recruitment:withdraw", kwargs=lambda w: {"application_id": rec.application(w).pk},
         expected=_members(404), label="someone else's application"),
    Case(
        "recruitment:application-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "application_id": rec.application(w).pk},
        expected=_members(404, lead=200),
    ),
    Case(
        "recruitment:application-detail",
        kwargs=lambda w: {"programme_id": w.programme.pk, "application_id": rec.other_programme_application(w).pk},
        expected=_members(404),
        label="another programme's application through this programme",
    ),
    Case("recruitment:export", kwargs=lambda w: {"programme_id": w.programme.pk, "which": "applications", "fmt": "csv"},
         expected=_members(404, lead=200), label="applications CSV"),
    Case("recruitment:export", kwargs=lambda w: {"programme_id": w.programme.pk, "which": "review", "fmt": "xlsx"},
         expected=_members(404, lead=200), label="review queue XLSX"),
    Case("recruitment:export", kwargs=lambda w: {"programme_id": w.programme.pk, "which": "review", "fmt": "pdf"},
         expected=_members(404), label="unknown format"),
    *GROUPING_CASES,
    *SCHEDULE_CASES,
    *HOMES_CASES,
    *CODESIGN_CASES,
    *PROGRAMMES_CASES,
    *RECRUITMENT_CASES,
    *REPORTING_CASES,
    *IDENTITY_CASES,
    *MENTORING_CASES,
    *ALUMNI_CASES,
    *API_CASES,
    *OFFBOARDING_CASES,
    *ONBOARDING_CASES,
    *BLUEPRINTS_CASES,
]


def _url_names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in SEPARATELY_TESTED_NAMESPACES:
                continue
            names |= _url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
        else:
            raise AssertionError(f"URL pattern {pattern.pattern} has no name, so the matrix cannot cover it")
    return names


def test_every_url_is_in_the_matrix() -> None:
    in_matrix = {case.name for case in MATRIX}
    missing = _url_names(get_resolver().url_patterns) - in_matrix
    assert not missing, f"Add these URLs to the permission matrix: {sorted(missing)}"
    stale = in_matrix - _url_names(get_resolver().url_patterns)
    assert not stale, f"The matrix names URLs that no longer exist: {sorted(stale)}"


def test_every_case_covers_every_role() -> None:
    for case in MATRIX:
        assert set(case.expected) == set(ROLES), case.name


@pytest.mark.parametrize(
    "case", MATRIX, ids=[f"{c.name}[{c.label}]" if c.label else c.name for c in MATRIX]
)
def test_permission_matrix(case: Case, world: World) -> None:
    _check(case, world)


def _check(case: Case, world: World, urlconf: str | None = None) -> None:
    url = reverse(case.name, kwargs=case.kwargs(world), urlconf=urlconf) + case.query
    failures = []
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(world, PERSONA[role]))
        status = client.get(url).status_code
        if status != case.expected[role]:
            failures.append(f"{role}: expected {case.expected[role]}, got {status}")
    assert not failures, f"{url}: " + "; ".join(failures)


# The demo's own URLs (the outbox) exist only with DEMO_MODE, through the demo's URLconf.


def test_every_demo_only_url_is_in_the_demo_matrix() -> None:
    demo_only = _url_names(get_resolver(DEMO_URLCONF).url_patterns) - _url_names(get_resolver().url_patterns)
    assert demo_only == {case.name for case in DEMO_CASES}
    for case in DEMO_CASES:
        assert set(case.expected) == set(ROLES), case.name


@override_settings(DEMO_MODE=True, ROOT_URLCONF=DEMO_URLCONF)
@pytest.mark.parametrize(
    "case", DEMO_CASES, ids=[f"{c.name}[{c.label}]" if c.label else c.name for c in DEMO_CASES]
)
def test_demo_permission_matrix(case: Case, world: World) -> None:
    _check(case, world, urlconf=DEMO_URLCONF)


@pytest.mark.parametrize("case", DEMO_CASES, ids=[c.name + c.label for c in DEMO_CASES])
def test_demo_only_urls_do_not_exist_outside_the_demo(case: Case, world: World) -> None:
    kwargs = case.kwargs(world)
    with pytest.raises(NoReverseMatch):
        reverse(case.name, kwargs=kwargs)
    url = reverse(case.name, kwargs=kwargs, urlconf=DEMO_URLCONF)
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(getattr(world, PERSONA[role]))
        assert client.get(url).status_code == 404, role
        # Even with the demo's URLconf, the pages answer 404 while DEMO_MODE is off.
        with override_settings(ROOT_URLCONF=DEMO_URLCONF, DEMO_MODE=False):
            assert client.get(url).status_code == 404, role


def test_anonymous_visitors_are_sent_to_sign_in(world: World) -> None:
    response = Client().get(reverse("programmes:overview", args=[world.programme.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_admin_is_for_staff_accounts_only(world: World) -> None:
    client = Client()
    client.force_login(world.lena)  # a programme lead is not a site administrator
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    world.lena.is_staff = True
    world.lena.is_superuser = True
    world.lena.save()
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("viewer", ["lena", "fred", "alice"])
def test_access_needs_are_seen_by_staff_and_the_person_only(world: World, viewer: str) -> None:
    client = Client()
    client.force_login(getattr(world, viewer))
    url = reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk])
    assert "Step-free access" in client.get(url).text


@pytest.mark.parametrize("viewer", ["sam", "bob"])
def test_access_needs_are_hidden_from_sponsors_and_cohort_mates(world: World, viewer: str) -> None:
    client = Client()
    client.force_login(getattr(world, viewer))
    response = client.get(reverse("programmes:person-detail", args=[world.programme.pk, world.alice.pk]))
    assert response.status_code == 200
    assert "Step-free access" not in response.text


def test_a_sponsor_lists_only_their_own_organisations_people(world: World) -> None:
    client = Client()
    client.force_login(world.sam)
    response = client.get(reverse("programmes:cohort-detail", args=[world.programme.pk, world.east.pk]))
    assert [m.person.full_name for m in response.context["page"]] == ["Alice Acute"]
    assert "Bob Council" not in response.text
