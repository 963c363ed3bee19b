"""Reads for alumni: who may open a system's directory and what each field shows them, the
search, the live local issues an entry may point at, and alumni events.

Who sees the directory of a system: its alumni, and the people who take part in its programmes
(leads, facilitators and participants). Sponsors and funders see people only where their role
needs it, so not here; anyone else gets 404. An alumnus sees the fields shown to "alumni" and to
"members"; everyone else the fields shown to "members". An entry is listed only while its consent
is under a year old and its owner has not opted out, and only with at least one field the viewer
may see. Every filter matches on a field only where that field is shown to the viewer, so a search
never tells anyone what a hidden field holds. Each page takes a fixed number of queries.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.alumni.models import (
    CONSENT_DAYS,
    FIELDS,
    Alumnus,
    Audience,
    DirectoryEntry,
    Topic,
    audience_field,
)
from commonground.codesign.models import Issue, IssueState
from commonground.mentoring.models import MentorKind, MentorOffer
from commonground.programmes.models import (
    Membership,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    Sector,
    System,
)
from commonground.programmes.where import by_person, here
from commonground.schedule.models import Session, SessionStatus

TAKING_PART = (Role.LEAD, Role.FACILITATOR, Role.PARTICIPANT)
NOT_LIVE = (IssueState.CLOSED, IssueState.COMPLETED)


@dataclass(frozen=True)
class Viewer:
    """Someone allowed to open one system's directory, and the audiences whose fields they see."""

    person: Person
    system: System
    is_alumnus: bool

    @property
    def audiences(self) -> tuple[str, ...]:
        return (Audience.ALUMNI, Audience.MEMBERS) if self.is_alumnus else (Audience.MEMBERS,)

    def sees(self, entry: DirectoryEntry, key: str) -> bool:
        return entry.audience(key) in self.audiences


def viewer(person: Person, system_id: int) -> Viewer:
    """The person as a viewer of the system's directory; 404 when they are neither its alumni nor
    take part in one of its programmes."""
    system = System.objects.filter(pk=system_id).first()
    if system is None:
        raise Http404("No such directory.")
    is_alumnus = Alumnus.objects.filter(person=person, programme__system_id=system_id).exists()
    if not is_alumnus and not Membership.objects.filter(
        person=person, programme__system_id=system_id, role__in=TAKING_PART
    ).exists():
        raise Http404("No such directory.")
    return Viewer(person=person, system=system, is_alumnus=is_alumnus)


def alumni_systems(person: Person) -> list[System]:
    """The systems whose programmes the person completed, by name."""
    return list(System.objects.filter(programmes__alumni__person=person).distinct().order_by("name"))


def is_alumnus_in(person: Person, system_id: int) -> bool:
    return Alumnus.objects.filter(person=person, programme__system_id=system_id).exists()


def own_entry(person: Person, system_id: int) -> DirectoryEntry:
    """The person's own entry in a system whose programme they completed; 404 for anyone else."""
    if not is_alumnus_in(person, system_id):
        raise Http404("No such entry.")
    entry, _ = DirectoryEntry.objects.select_related("system").get_or_create(person=person, system_id=system_id)
    return entry


def completed_programmes(person: Person, system_id: int) -> list[Programme]:
    return list(Programme.objects.filter(system_id=system_id, alumni__person=person).order_by("-ends_on"))


def live_issues(system_id: int) -> QuerySet[Issue]:
    """The system's local issues still being worked on (not closed or completed), any programme."""
    return (
        Issue.objects.filter(programme__system_id=system_id)
        .exclude(state__in=NOT_LIVE)
        .select_related("place", "programme")
        .order_by("title", "pk")
    )


def listed(system_id: int, audiences: Sequence[str], *, now: dt.datetime | None = None) -> QuerySet[DirectoryEntry]:
    """Entries of the system the directory lists to a viewer of these audiences."""
    now = now or timezone.now()
    shows_something = reduce(or_, (Q(**{f"{audience_field(key)}__in": audiences}) for key in FIELDS))
    return DirectoryEntry.objects.filter(
        shows_something,
        system_id=system_id,
        opted_out_at__isnull=True,
        consented_at__gt=now - dt.timedelta(days=CONSENT_DAYS),
    )


@dataclass(frozen=True)
class Filters:
    """A directory search; empty values do not filter."""

    name: str = ""
    topic: str = ""
    place: int | None = None
    sector: str = ""
    organisation: int | None = None

    @property
    def any(self) -> bool:
        return bool(self.name or self.topic or self.place or self.sector or self.organisation)


def search(v: Viewer, filters: Filters, *, now: dt.datetime | None = None) -> QuerySet[DirectoryEntry]:
    """The listed entries matching the filters, each filter on a field shown to the viewer only;
    people whose name is shown first, by name."""
    aud = v.audiences

    def shown(key: str) -> Q:
        return Q(**{f"{audience_field(key)}__in": aud})

    entries = listed(v.system.pk, aud, now=now).alias(work=here(v.system.pk))
    if filters.name:
        entries = entries.filter(shown("name"), person__full_name__icontains=filters.name)
    if filters.topic:
        topics = Topic.objects.filter(entry_id=OuterRef("pk"), words__icontains=filters.topic)
        about = DirectoryEntry.issues.through.objects.filter(
            directoryentry_id=OuterRef("pk"), issue__title__icontains=filters.topic
        ).exclude(issue__state__in=NOT_LIVE)
        entries = entries.filter(shown("topics")).filter(Exists(topics) | Exists(about))
    if filters.place:
        entries = entries.filter(shown("place"), work__place_id=filters.place)
    if filters.sector:
        entries = entries.filter(shown("sector"), work__organisation__sector=filters.sector)
    if filters.organisation:
        entries = entries.filter(shown("organisation"), work__organisation_id=filters.organisation)
    return entries.annotate(
        shown_name=Case(When(shown("name"), then=F("person__full_name")), default=Value(""))
    ).order_by(Case(When(shown_name="", then=Value(1)), default=Value(0)), "shown_name", "pk")


@dataclass(frozen=True)
class IssueLink:
    issue: Issue
    linked: bool  # whether the viewer takes part in the issue's programme (else its title alone)


@dataclass
class Shown:
    """One entry as one viewer may see it: None (or empty) for each field hidden from them."""

    entry_id: int
    name: str | None = None
    organisation: str | None = None
    sector: str | None = None
    place: str | None = None
    role: str | None = None
    topics: list[str] = field(default_factory=list)
    issues: list[IssueLink] = field(default_factory=list)
    help: str | None = None
    email: str | None = None
    topics_shown: bool = False


def shown_entries(v: Viewer, entries: Sequence[DirectoryEntry]) -> list[Shown]:
    """What the viewer may see of each entry (five queries for a page of any length)."""
    entries = list(entries)
    work = by_person(system_id=v.system.pk, person_ids=[e.person_id for e in entries])
    names = dict(Person.objects.filter(pk__in=[e.person_id for e in entries]).values_list("pk", "full_name"))
    topics: dict[int, list[str]] = {}
    for entry_id, words in Topic.objects.filter(entry__in=entries).values_list("entry_id", "words"):
        topics.setdefault(entry_id, []).append(words)
    through = DirectoryEntry.issues.through.objects.filter(directoryentry__in=entries).exclude(
        issue__state__in=NOT_LIVE
    ).select_related("issue__place", "issue__programme")
    member_of = set(
        Membership.objects.filter(person=v.person, role__in=TAKING_PART).values_list("programme_id", flat=True)
    )
    issues: dict[int, list[IssueLink]] = {}
    for row in through:
        issues.setdefault(row.directoryentry_id, []).append(IssueLink(row.issue, row.issue.programme_id in member_of))
    result = []
    for entry in entries:
        place = work.get(entry.person_id)
        org = place.organisation if place else None
        shown = Shown(entry_id=entry.pk, topics_shown=v.sees(entry, "topics"))
        if v.sees(entry, "name"):
            shown.name = names.get(entry.person_id, "")
        if v.sees(entry, "organisation") and org:
            shown.organisation = org.name
        if v.sees(entry, "sector") and org:
            shown.sector = Sector(org.sector).label
        if v.sees(entry, "place") and place and place.place:
            shown.place = place.place.name
        if v.sees(entry, "role") and entry.role:
            shown.role = entry.role
        if shown.topics_shown:
            shown.topics = topics.get(entry.pk, [])
            shown.issues = issues.get(entry.pk, [])
        if v.sees(entry, "help") and entry.help_line:
            shown.help = entry.help_line
        if v.sees(entry, "email") and entry.contact_email:
            shown.email = entry.contact_email
        result.append(shown)
    return result


def place_counts(v: Viewer, *, now: dt.datetime | None = None) -> dict[int, int]:
    """Listed entries whose place is shown to the viewer, by place of the system (every place,
    zero included), before disclosure control."""
    counts = {pk: 0 for pk in Place.objects.filter(system=v.system).values_list("pk", flat=True)}
    rows = (
        listed(v.system.pk, v.audiences, now=now)
        .filter(place_audience__in=v.audiences)
        .alias(work=here(v.system.pk))
        .filter(work__place__isnull=False)
        .values("work__place_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["work__place_id"]] = row["n"]
    return counts


def filter_choices(system: System) -> dict[str, object]:
    """The places, sectors and organisations a directory search offers (the system's own)."""
    return {
        "places": list(Place.objects.filter(system=system).order_by("name")),
        "organisations": list(system.organisations.order_by("name").only("pk", "name")),
        "sectors": Sector.choices,
    }


def alumni_events(person: Person, *, now: dt.datetime | None = None) -> list[Session]:
    """Sessions still to come of the programmes the person completed, held after the programme's
    own end: its alumni events, in the programme's schedule like every other session."""
    now = now or timezone.now()
    return list(
        Session.objects.filter(
            programme__alumni__person=person,
            starts_at__gte=now,
            starts_at__date__gt=F("programme__ends_on"),
        )
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("programme")
        .order_by("starts_at", "pk")[:20]
    )


@dataclass(frozen=True)
class HelpOffer:
    """A programme of the system taking new cohorts, and what the alumnus offers it (None: nothing)."""

    programme: Programme
    offer: MentorOffer | None

    @property
    def as_mentor(self) -> bool:
        return self.offer is not None and self.offer.active and self.offer.kind != MentorKind.BUDDY

    @property
    def as_buddy(self) -> bool:
        return self.offer is not None and self.offer.active and self.offer.buddy


def programmes_taking_help(system_id: int) -> QuerySet[Programme]:
    """The system's programmes recruiting or running: the new cohorts alumni can help."""
    return Programme.objects.filter(
        system_id=system_id, status__in=[ProgrammeStatus.RECRUITING, ProgrammeStatus.RUNNING]
    ).order_by("-starts_on", "title")


def help_offers(person: Person, system_id: int) -> list[HelpOffer]:
    """Each programme taking help, with the person's offer to it (two queries)."""
    programmes = list(programmes_taking_help(system_id))
    offers = {
        o.programme_id: o
        for o in MentorOffer.objects.filter(person=person, programme__in=programmes)
    }
    return [HelpOffer(p, offers.get(p.pk)) for p in programmes]
