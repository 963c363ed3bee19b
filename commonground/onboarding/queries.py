"""Reads for onboarding: where a system stands, step by step (the task list) and before its first
applications open (the checklist). Everything is read from the system's own data in a fixed
number of queries, so what the pages say is what the system holds."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from commonground.identity.models import IdentityProvider
from commonground.onboarding.models import Onboarding
from commonground.programmes.models import (
    SECTOR_FAMILY,
    Cohort,
    Membership,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    SectorFamily,
    System,
)
from commonground.recruitment.models import EligibilityRule

# The task list's steps, in order: (key, title, URL name).
STEPS = (
    ("details", "Name and data controller", "onboarding:details"),
    ("places", "Places", "onboarding:places"),
    ("organisations", "Organisations", "onboarding:organisations"),
    ("sectors", "Sectors", "onboarding:sectors"),
    ("sign-in", "How people sign in", "onboarding:sign-in"),
    ("programme", "First programme", "onboarding:programme"),
    ("eligibility", "Who may apply", "onboarding:eligibility"),
)
NEXT_STEP = {key: (STEPS[i + 1][2] if i + 1 < len(STEPS) else "onboarding:checklist") for i, (key, _, _) in enumerate(STEPS)}


def first_programme(system: System, onboarding: Onboarding) -> Programme | None:
    """The programme onboarding set up, else the system's latest programme not yet running."""
    if onboarding.programme_id is not None:
        return Programme.objects.filter(pk=onboarding.programme_id, system=system).first()
    return (
        Programme.objects.filter(system=system, status__in=[ProgrammeStatus.DRAFT, ProgrammeStatus.RECRUITING])
        .order_by("-starts_on", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Facts:
    """What onboarding needs to know about a system, read once."""

    system: System
    onboarding: Onboarding
    places: list[Place]
    places_without_organisations: list[Place]
    organisations: int
    sectors: list[tuple[str, str, int]]  # (family label, sector label, organisations)
    providers: int
    programme: Programme | None
    cohorts: list[Cohort]
    places_without_cohorts: list[Place]
    leads: list[str]
    eligibility: EligibilityRule | None
    today: dt.date

    @property
    def applications_open(self) -> bool:
        return self.eligibility is not None and self.eligibility.applications_open and self.programme is not None \
            and self.programme.status == ProgrammeStatus.RECRUITING


def facts(system: System, onboarding: Onboarding) -> Facts:
    places: list[Place] = list(
        Place.objects.filter(system=system).annotate(orgs=Count("organisations")).order_by("name")
    )
    by_sector = dict(
        Organisation.objects.filter(system=system).values("sector").annotate(n=Count("pk")).values_list("sector", "n")
    )
    families = dict(SectorFamily.choices)
    sectors = [
        (str(families[SECTOR_FAMILY[code]]), str(label), by_sector[code])
        for code, label in Sector.choices
        if code in by_sector
    ]
    programme = first_programme(system, onboarding)
    cohorts: list[Cohort] = []
    leads: list[str] = []
    rule = None
    if programme is not None:
        cohorts = list(Cohort.objects.filter(programme=programme).select_related("place").order_by("name"))
        leads = list(
            Membership.objects.filter(programme=programme, role=Role.LEAD)
            .order_by("person__full_name")
            .values_list("person__full_name", flat=True)
        )
        rule = EligibilityRule.objects.filter(programme=programme).first()
    with_cohorts = {c.place_id for c in cohorts}
    return Facts(
        system=system,
        onboarding=onboarding,
        places=places,
        places_without_organisations=[p for p in places if not p.orgs],  # type: ignore[attr-defined]
        organisations=sum(by_sector.values()),
        sectors=sectors,
        providers=IdentityProvider.objects.filter(system=system).count(),
        programme=programme,
        cohorts=cohorts,
        places_without_cohorts=[p for p in places if p.pk not in with_cohorts],
        leads=leads,
        eligibility=rule,
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class Task:
    key: str
    title: str
    url: str
    done: bool
    started: bool


def tasks(f: Facts) -> list[Task]:
    """The task list: each step, whether it is done, and where it is done."""
    done = {
        "details": bool(f.system.data_controller and f.system.privacy_contact),
        "places": bool(f.places),
        "organisations": bool(f.organisations) and bool(f.places) and not f.places_without_organisations,
        "sectors": f.onboarding.sectors_confirmed_at is not None,
        "sign-in": bool(f.providers) or f.onboarding.email_links_chosen_at is not None,
        "programme": f.programme is not None and bool(f.cohorts) and bool(f.leads),
        "eligibility": f.eligibility is not None,
    }
    started = {
        "details": bool(f.system.data_controller or f.system.privacy_contact),
        "organisations": bool(f.organisations),
        "programme": f.programme is not None,
    }
    return [
        Task(key, title, reverse(url, args=[f.system.pk]), done[key], started.get(key, False))
        for key, title, url in STEPS
    ]


@dataclass(frozen=True)
class Item:
    """One thing the checklist checks: met or not, why, and where it is fixed."""

    title: str
    met: bool
    detail: str
    url: str
    required: bool = True


def _names(places: list[Place]) -> str:
    return ", ".join(p.name for p in places)


def checklist(f: Facts) -> list[Item]:
    """What must be true before the first applications open (and what is only recommended)."""
    pk = f.system.pk

    def url(name: str) -> str:
        return reverse(name, args=[pk])

    programme = f.programme
    small = [c for c in f.cohorts if c.capacity < 1]
    items = [
        Item("Data controller and privacy contact named", bool(f.system.data_controller and f.system.privacy_contact),
             (f"{f.system.data_controller} (write to {f.system.privacy_contact})"
              if f.system.data_controller and f.system.privacy_contact
              else "The privacy notice applicants read names both."), url("onboarding:details")),
        Item("At least one place", bool(f.places),
             f"{len(f.places)} place{'s' if len(f.places) != 1 else ''}: {_names(f.places)}" if f.places
             else "No places yet.", url("onboarding:places")),
        Item("Organisations in every place", bool(f.places) and not f.places_without_organisations,
             (f"No organisation works in {_names(f.places_without_organisations)} yet."
              if f.places_without_organisations else
              f"{f.organisations} organisation{'s' if f.organisations != 1 else ''}" if f.places else "Add places first."),
             url("onboarding:organisations")),
        Item("A programme with cohorts and capacities", programme is not None and bool(f.cohorts) and not small,
             ("No programme yet." if programme is None else
              f"{programme.title} has no cohorts yet." if not f.cohorts else
              f"{programme.title}: " + ", ".join(f"{c.name} ({c.capacity} places)" for c in f.cohorts)),
             url("onboarding:programme")),
        Item("Eligibility: who may apply", f.eligibility is not None,
             ("Who may apply, how long offers stay open and the privacy notice applicants agree to are set."
              if f.eligibility is not None else "Not set yet."), url("onboarding:eligibility")),
        Item("An application window", programme is not None and programme.starts_on > f.today,
             ("No programme yet." if programme is None else
              f"Applications can run until {programme.title} starts on {programme.starts_on:%-d %B %Y}."
              if programme.starts_on > f.today else
              f"{programme.title} starts on {programme.starts_on:%-d %B %Y}: applications open only before it starts."),
             url("onboarding:programme")),
        Item("A programme lead", bool(f.leads),
             ", ".join(f.leads) if f.leads else "Nobody leads the programme yet.", url("onboarding:programme")),
        Item("How people sign in", bool(f.providers) or f.onboarding.email_links_chosen_at is not None,
             (f"{f.providers} identity provider{'s' if f.providers != 1 else ''}" if f.providers else
              "With emailed sign-in links." if f.onboarding.email_links_chosen_at else "Not chosen yet."),
             url("onboarding:sign-in"), required=False),
    ]
    return items


def missing(items: list[Item]) -> list[Item]:
    return [item for item in items if item.required and not item.met]


@dataclass(frozen=True)
class SystemRow:
    system: System
    done: int
    steps: int
    applications_open: bool


def overview(systems: list[System]) -> list[SystemRow]:
    """Each system with how many onboarding steps are done (the site administrators' list: a few
    queries per system, and an install holds tens of systems, not thousands)."""
    onboardings = {o.system_id: o for o in Onboarding.objects.filter(system__in=systems)}
    rows = []
    for system in systems:
        f = facts(system, onboardings.get(system.pk) or Onboarding(system=system))
        shown = tasks(f)
        rows.append(SystemRow(system, sum(t.done for t in shown), len(shown), f.applications_open))
    return rows

