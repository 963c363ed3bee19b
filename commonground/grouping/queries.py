"""Reads for the grouping pages, each a fixed number of queries however large the cohort.

`cohort_sets` and `score` read a cohort's sets as they stand and score them with the engine's own
objective and checks; proposing and saving moves is in `services.hand`.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from commonground.accounts.models import Person
from commonground.grouping.engine import evaluate as engine_evaluate
from commonground.grouping.inputs import (
    DEFAULT_MAX_SIZE,
    DEFAULT_MIN_SIZE,
    PersonFacts,
    apart_pairs,
    in_words,
    known_pairs,
    problem_for_sets,
)
from commonground.grouping.models import GroupingRun, LearningSet, LearningSetMember, RunStatus
from commonground.programmes.models import (
    SECTOR_FAMILY,
    Affiliation,
    Cohort,
    Membership,
    Programme,
    Role,
    Sector,
    SectorFamily,
)
from commonground.programmes.where import attach


@dataclass(frozen=True)
class SetWithMembers:
    learning_set: LearningSet
    members: list[LearningSetMember]


def _with_members(sets: list[LearningSet], system_id: int) -> list[SetWithMembers]:
    """The sets with their members, each person's `where` set to their affiliation in the
    programme's system."""
    members: dict[int, list[LearningSetMember]] = {s.pk: [] for s in sets}
    rows = list(
        LearningSetMember.objects.filter(learning_set__in=sets)
        .select_related("person")
        .order_by("person__full_name", "person_id")
    )
    attach((row.person for row in rows), system_id=system_id)
    for row in rows:
        members[row.learning_set_id].append(row)
    return [SetWithMembers(s, members[s.pk]) for s in sets]


def my_published_sets(person: Person, programme: Programme) -> list[SetWithMembers]:
    """The published sets a participant is in, with their set-mates (three queries)."""
    sets = list(
        LearningSet.objects.filter(
            cohort__programme=programme, published_at__isnull=False, members__person=person
        )
        .select_related("cohort", "facilitator")
        .order_by("cohort__name", "number")
    )
    return _with_members(sets, programme.system_id)


def facilitated_sets(person: Person, programme: Programme) -> list[SetWithMembers]:
    """The sets a facilitator looks after, published or not (three queries)."""
    sets = list(
        LearningSet.objects.filter(cohort__programme=programme, facilitator=person)
        .select_related("cohort", "facilitator")
        .order_by("cohort__name", "number")
    )
    return _with_members(sets, programme.system_id)


def facilitator_choices(programme: Programme) -> list[Person]:
    """People who may look after a set: the programme's facilitators and leads."""
    return list(
        Person.objects.filter(
            memberships__programme=programme, memberships__role__in=[Role.FACILITATOR, Role.LEAD]
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def cohort_size(cohort: Cohort) -> int:
    return Membership.objects.participants().filter(cohort=cohort).count()


@dataclass(frozen=True)
class PlacementRow:
    cohort: Cohort
    participants: int


def placement_summary(programme: Programme) -> tuple[list[PlacementRow], int]:
    """Each cohort's participants against capacity, and how many participants have no cohort (two queries)."""
    cohorts = (
        Cohort.objects.filter(programme=programme)
        .select_related("place")
        .annotate(n=Count("memberships", filter=Q(memberships__role=Role.PARTICIPANT)))
        .order_by("name")
    )
    unplaced = (
        Membership.objects.participants().filter(programme=programme, cohort__isnull=True).count()
    )
    return [PlacementRow(c, c.n) for c in cohorts], unplaced


def latest_run(cohort: Cohort) -> GroupingRun | None:
    return GroupingRun.objects.filter(cohort=cohort).order_by("-created_at", "-pk").first()


@dataclass(frozen=True)
class SetScore:
    number: int
    size: int
    score: float
    explanation: str
    concerns: tuple[str, ...] = ()  # what the lead should know: people from one team, people who knew each other


@dataclass(frozen=True)
class Arrangement:
    """The engine's figures for sets as they stand (or as a proposed move would leave them)."""

    objective: float
    bound: float | None
    gap: float | None
    worst_group_score: float
    broken: tuple[str, ...]
    sets: dict[int, SetScore]

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else 100 * self.gap


@dataclass(frozen=True)
class CohortSets:
    """Everything the sets page needs, fetched with a fixed number of queries."""

    cohort: Cohort
    sets: list[LearningSet]
    members: dict[int, list[LearningSetMember]]  # set id -> members
    placement: dict[int, int]  # person id -> set number
    people: list[PersonFacts]
    known: list[tuple[int, int]]
    apart: list[tuple[int, int]]
    min_size: int
    max_size: int
    bound: float | None


def _facts(person: Person, work: Affiliation) -> PersonFacts:
    return PersonFacts(
        person.pk,
        work.team_id,
        work.organisation_id,
        work.organisation.sector if work.organisation else "",
        person.profession,
    )


def cohort_sets(cohort: Cohort, run: GroupingRun | None) -> CohortSets:
    """The sets and their members; where each member works (`person.where`) is their affiliation
    in the programme's system."""
    sets = list(
        LearningSet.objects.filter(cohort=cohort).select_related("facilitator").order_by("number")
    )
    rows = list(
        LearningSetMember.objects.filter(cohort=cohort)
        .select_related("person", "learning_set")
        .order_by("learning_set__number", "person__full_name", "person_id")
    )
    attach((r.person for r in rows), system_id=cohort.programme.system_id)
    members: dict[int, list[LearningSetMember]] = defaultdict(list)
    for row in rows:
        members[row.learning_set_id].append(row)
    people = sorted(
        (_facts(r.person, r.person.where) for r in rows),
        key=lambda f: f.person_id,
    )
    ids = {f.person_id for f in people}
    params = run.parameters if run else {}
    bound = run.result.get("bound") if run and run.status == RunStatus.DONE else None
    return CohortSets(
        cohort=cohort,
        sets=sets,
        members=members,
        placement={r.person_id: r.learning_set.number for r in rows},
        people=people,
        known=known_pairs(cohort, ids),
        apart=apart_pairs(cohort, ids),
        min_size=int(params.get("min_size", DEFAULT_MIN_SIZE)),
        max_size=int(params.get("max_size", DEFAULT_MAX_SIZE)),
        bound=bound,
    )


def score(data: CohortSets, placement: dict[int, int] | None = None) -> Arrangement:
    """Score a placement (person id -> set number) with the engine's own objective and checks."""
    placement = placement if placement is not None else data.placement
    numbers = sorted({s.number for s in data.sets})
    if not data.people or not numbers:
        return Arrangement(0.0, data.bound, None, 0.0, (), {})
    index = {n: i for i, n in enumerate(numbers)}
    problem = problem_for_sets(
        people=data.people,
        known=data.known,
        apart=data.apart,
        n_groups=len(numbers),
        min_size=data.min_size,
        max_size=data.max_size,
    )
    assignment = (tuple(index[placement[f.person_id]] for f in data.people),)
    evaluated = engine_evaluate(problem, assignment)
    figures, objective, broken = evaluated.groups, evaluated.objective, evaluated.constraint_check
    gap = None
    if data.bound is not None:
        gap = abs(objective - data.bound) / max(abs(objective), abs(data.bound), 1.0)
    involved = {pid for a, b in data.apart for pid in (a, b)}
    names = {
        m.person_id: m.person.full_name
        for ms in data.members.values()
        for m in ms
        if m.person_id in involved
    }
    return Arrangement(
        objective=objective,
        bound=data.bound,
        gap=gap,
        worst_group_score=max((f.score for f in figures), default=0.0),
        broken=tuple(in_words([b.removeprefix("round 1: ")], names) for b in broken),
        sets={
            numbers[f.group]: SetScore(
                numbers[f.group], f.size, f.score, f.explanation, _concerns(f.same_value_pairs.get("team", 0), f.known_pairs)
            )
            for f in figures
        },
    )


def _concerns(team_pairs: int, known: int) -> tuple[str, ...]:
    said = []
    if team_pairs:
        said.append(f"{team_pairs} pair{'s' if team_pairs > 1 else ''} from the same team")
    if known:
        said.append(f"{known} pair{'s' if known > 1 else ''} who already knew each other")
    return tuple(said)


# -- One line per member and per set: the sets page, its downloads and the PDF for the room ---------


TAG_COLOURS: dict[str, str] = {
    SectorFamily.NHS: "nhsuk-tag--blue",
    SectorFamily.COUNCIL: "nhsuk-tag--green",
    SectorFamily.VCFS: "nhsuk-tag--purple",
    SectorFamily.OTHER_PUBLIC: "nhsuk-tag--orange",
}


@dataclass(frozen=True)
class MemberLine:
    """One member as the sets page and the downloads show them (their affiliation in the system)."""

    member: LearningSetMember
    organisation: str
    sector: str  # the sector's name, "" when unknown
    family: str  # the sector's family (SectorFamily), which colours the tag; "" when unknown
    place: str

    @property
    def name(self) -> str:
        return self.member.person.full_name

    @property
    def tag_colour(self) -> str:
        """The NHS.UK tag colour of the sector's family, so a set's mix shows at a glance."""
        return TAG_COLOURS.get(self.family, "nhsuk-tag--grey")


@dataclass(frozen=True)
class SetMix:
    """A set's mix in one short line: people, sectors, organisations and places."""

    people: int
    sectors: int
    organisations: int
    places: tuple[str, ...]

    def __str__(self) -> str:
        where = self.places[0] if len(self.places) == 1 else _count(len(self.places), "place")
        parts = [_count(self.people, "person", "people"), _count(self.sectors, "sector"),
                 _count(self.organisations, "organisation")]
        return " · ".join([*parts, where] if self.places else parts)


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def member_lines(members: list[LearningSetMember]) -> list[MemberLine]:
    """Members whose `person.where` is attached (as `cohort_sets` and `roster` leave them)."""
    lines = []
    for m in members:
        work = m.person.where
        org = work.organisation
        sector = org.sector if org else ""
        lines.append(MemberLine(
            member=m,
            organisation=org.name if org else "",
            sector=Sector(sector).label if sector in Sector.values else "",
            family=SECTOR_FAMILY.get(sector, ""),
            place=work.place.name if work.place else "",
        ))
    return lines


def mix_of(lines: list[MemberLine]) -> SetMix:
    return SetMix(
        people=len(lines),
        sectors=len({line.sector for line in lines if line.sector}),
        organisations=len({line.organisation for line in lines if line.organisation}),
        places=tuple(sorted({line.place for line in lines if line.place})),
    )


def roster(cohort: Cohort) -> list[tuple[LearningSet, list[MemberLine]]]:
    """A cohort's sets in order, each with its members by name (three queries, however many)."""
    sets = list(
        LearningSet.objects.filter(cohort=cohort).select_related("facilitator").order_by("number")
    )
    return [
        (found.learning_set, member_lines(found.members))
        for found in _with_members(sets, cohort.programme.system_id)
    ]

