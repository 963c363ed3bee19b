"""Reads for the relationship survey: who is listed, the networks of each round, a person's own
network and the staff's map of people (published figures are in `figures.py`).

Only people who chose to be listed are ever read into a network, a count or a map; a tie counts
when either person reported it and both are listed now.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q, QuerySet
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core.disclosure import THRESHOLD
from commonground.network import analysis as na
from commonground.network.models import Encounter, RosterConsent, SurveyRound, TieReport
from commonground.programmes.models import (
    Affiliation,
    Cohort,
    Membership,
    Programme,
    Role,
    Sector,
)
from commonground.programmes.where import attach

SECTOR_LABELS = dict(Sector.choices)


def population_ids(*, programme: Programme, cohort: Cohort | None) -> set[int]:
    """Participants a round surveys: a cohort's, or the whole programme's."""
    memberships = Membership.objects.filter(programme=programme, role=Role.PARTICIPANT)
    if cohort is not None:
        memberships = memberships.filter(cohort=cohort)
    return set(memberships.values_list("person_id", flat=True))


def listed_query(survey_round: SurveyRound) -> QuerySet[Person, int]:
    """The same people as `listed_ids`, as a query of ids to nest in another (for a page that must
    not carry thousands of ids to the database and back)."""
    memberships = Membership.objects.filter(programme=survey_round.programme, role=Role.PARTICIPANT)
    if survey_round.cohort_id is not None:
        memberships = memberships.filter(cohort_id=survey_round.cohort_id)
    consents = RosterConsent.objects.filter(programme=survey_round.programme, listed=True)
    return Person.objects.filter(pk__in=memberships.values("person_id")).filter(
        pk__in=consents.values("person_id")
    ).values_list("pk", flat=True)


def listed_ids(survey_round: SurveyRound) -> set[int]:
    """The surveyed people who chose to be listed."""
    population = population_ids(programme=survey_round.programme, cohort=survey_round.cohort)
    listed = set(
        RosterConsent.objects.filter(programme=survey_round.programme, listed=True).values_list("person_id", flat=True)
    )
    return population & listed


def rounds_for(person: Person, programme: Programme) -> list[SurveyRound]:
    """Rounds that survey this person (their cohort's and the whole programme's), oldest first."""
    cohort_ids = Membership.objects.filter(
        person=person, programme=programme, role=Role.PARTICIPANT, cohort__isnull=False
    ).values_list("cohort_id", flat=True)
    return list(
        SurveyRound.objects.filter(programme=programme)
        .filter(Q(cohort__isnull=True) | Q(cohort_id__in=list(cohort_ids)))
        .select_related("cohort", "programme")
        .order_by("opens_at")
    )


def works(person: Person) -> Affiliation:
    """Where a person works in the programme's system, as `attach` left it."""
    return person.where


def sector_of(person: Person) -> str:
    """The sector of the person's organisation in the programme's system, or "other"."""
    org = works(person).organisation
    return org.sector if org is not None else "other"


@dataclass
class RoundNetwork:
    """One round's network over its listed people, with their attributes as codes: where each
    works is their affiliation in the programme's system (`person.where`, set by `attach`)."""

    survey_round: SurveyRound
    people: list[Person]
    network: na.TieNetwork
    organisation: np.ndarray
    sector: np.ndarray
    place: np.ndarray
    index: dict[int, int] = field(default_factory=dict)
    respondents: int = 0


def round_network(survey_round: SurveyRound) -> RoundNetwork:
    """Read one round into a network: four queries whatever the size."""
    listed = listed_ids(survey_round)
    people = attach(
        Person.objects.filter(pk__in=listed).order_by("pk"), system_id=survey_round.programme.system_id
    )
    index = {p.pk: i for i, p in enumerate(people)}
    reports = TieReport.objects.filter(
        round=survey_round, reporter_id__in=listed, colleague_id__in=listed
    ).values_list("reporter_id", "colleague_id")
    pairs = np.array([(index[a], index[b]) for a, b in reports], dtype=np.int64).reshape(-1, 2)
    respondents = len({int(a) for a in pairs[:, 0]}) if pairs.size else 0
    sectors = sorted(SECTOR_LABELS)
    return RoundNetwork(
        survey_round=survey_round,
        people=people,
        network=na.build_network(len(people), pairs),
        organisation=np.array([works(p).organisation_id or -1 for p in people], dtype=np.int64),
        sector=np.array(
            [sectors.index(org.sector) if (org := works(p).organisation) else -1 for p in people], dtype=np.int64
        ),
        place=np.array([works(p).place_id or -1 for p in people], dtype=np.int64),
        index=index,
        respondents=respondents,
    )


@dataclass(frozen=True)
class MyContact:
    person: Person
    knew_at_start: bool
    know_now: bool
    met_through: list[str]


@dataclass(frozen=True)
class MyNetwork:
    """A person's own network at the start and now."""

    start_round: SurveyRound | None
    latest_round: SurveyRound | None
    contacts: list[MyContact]

    def _count(self, attr: str) -> tuple[int, int, int]:
        start = [c for c in self.contacts if c.knew_at_start]
        now = [c for c in self.contacts if c.know_now]
        if attr == "people":
            return len(start), len(now), len(now) - len(start)
        def distinct(contacts: list[MyContact]) -> int:
            values = set()
            for c in contacts:
                org = works(c.person).organisation
                if org is not None:
                    values.add(org.pk if attr == "organisations" else org.sector)
            return len(values)

        return distinct(start), distinct(now), distinct(now) - distinct(start)

    @property
    def people(self) -> tuple[int, int, int]:
        return self._count("people")

    @property
    def organisations(self) -> tuple[int, int, int]:
        return self._count("organisations")

    @property
    def sectors(self) -> tuple[int, int, int]:
        return self._count("sectors")

    @property
    def met(self) -> list[MyContact]:
        return [c for c in self.contacts if c.met_through]

    def met_by(self, kind: str) -> list[tuple[str, int]]:
        """The colleagues met through the programme, counted by their "sector" or "place", most first.
        (The person's own colleagues, whose names the page lists: not an aggregate of others.)"""
        def label(contact: MyContact) -> str:
            work = works(contact.person)
            if kind == "sector":
                return str(SECTOR_LABELS.get(work.organisation.sector, "Other")) if work.organisation else "Not known"
            return work.place.name if work.place else "Not known"

        return sorted(Counter(label(c) for c in self.met).items(), key=lambda item: (-item[1], item[0]))


def my_network(person: Person, programme: Programme) -> MyNetwork:
    """The people a person marked (either way) at the start and in the latest round, and whom they met."""
    rounds = rounds_for(person, programme)
    opened = [r for r in rounds if r.opens_at <= timezone.now()]
    start = next((r for r in opened if r.kind == "start"), opened[0] if opened else None)
    latest = opened[-1] if opened else None
    listed = set(
        RosterConsent.objects.filter(programme=programme, listed=True).values_list("person_id", flat=True)
    )
    if person.pk not in listed:
        return MyNetwork(start_round=start, latest_round=latest, contacts=[])

    def ties_in(survey_round: SurveyRound | None) -> set[int]:
        if survey_round is None:
            return set()
        rows = TieReport.objects.filter(round=survey_round).filter(
            Q(reporter=person) | Q(colleague=person)
        ).values_list("reporter_id", "colleague_id")
        return {b if a == person.pk else a for a, b in rows} & listed

    at_start = ties_in(start)
    now = ties_in(latest) if latest is not None and latest != start else set(at_start)
    met: dict[int, list[str]] = {}
    for a, b, label in Encounter.objects.filter(programme=programme).filter(
        Q(person_a=person) | Q(person_b=person)
    ).values_list("person_a_id", "person_b_id", "source_label"):
        other = b if a == person.pk else a
        if other in listed:
            met.setdefault(other, []).append(label)
    ids = at_start | now | set(met)
    people = attach(Person.objects.filter(pk__in=ids).order_by("full_name"), system_id=programme.system_id)
    contacts = [
        MyContact(person=p, knew_at_start=p.pk in at_start, know_now=p.pk in now, met_through=sorted(set(met.get(p.pk, []))))
        for p in people
    ]
    return MyNetwork(start_round=start, latest_round=latest, contacts=contacts)


def map_elements(survey_round: SurveyRound) -> dict[str, object]:
    """Nodes and ties for the staff's map of people: anonymous dots by sector unless a person chose
    to be named. Funders never get this picture: they get `figures.SectorMap`, counts only."""
    return map_of_people(survey_round)[0]


def map_of_people(survey_round: SurveyRound) -> tuple[dict[str, object], list[int]]:
    """`map_elements`, and the ids of the people it names (for the audit trail)."""
    rn = round_network(survey_round)
    named = set(
        RosterConsent.objects.filter(programme=survey_round.programme, listed=True, named_on_maps=True).values_list(
            "person_id", flat=True
        )
    )
    sector_counts = Counter(sector_of(p) for p in rn.people)
    def shown_sector(person: Person) -> str:
        # A sector with fewer than 5 people on the map is shown as "other", so its dots identify nobody.
        sector = sector_of(person)
        return sector if sector_counts[sector] >= THRESHOLD else "other"

    nodes = [
        {
            "id": f"n{i}",
            "sector": shown_sector(p),
            "label": p.full_name if p.pk in named else "",
        }
        for i, p in enumerate(rn.people)
    ]
    edges = [{"source": f"n{a}", "target": f"n{b}"} for a, b in rn.network.pairs.tolist()]
    elements = {"nodes": nodes, "edges": edges, "suppressed": len(rn.people) < THRESHOLD}
    return elements, ([] if elements["suppressed"] else [p.pk for p in rn.people if p.pk in named])
