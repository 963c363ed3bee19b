"""Relationship figures as published: one protected table for the figures page, both maps and
the funder's view, linked to the participant figures.

Counts per round go through `core.disclosure` with the relations a reader can know: people
listed (at most the cohort's, or the programme's, participants; the same for every round of a
survey, since listing is one choice), people who answered (at most those listed), ties (within
plus across organisations, sectors and places, because the E-I indices publish those splits),
new ties (at most the round's ties) and new ties across organisations (at most the new ties),
and for each round's aggregate map the people per sector (adding up to those listed) and the ties
between each pair of sectors (adding up to the ties, the same-sector pairs to the ties within a
sector). A ratio (density, an E-I index) is shown only when every count it is made of is shown
and comes from at least 5 people.

Averages per sector and place (organisations and sectors each person reaches) are means over at
least 5 people and publish no count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.core import figure_store, publishing
from commonground.core.disclosure import THRESHOLD, Publication
from commonground.network import analysis as na
from commonground.network.models import SurveyRound
from commonground.network.queries import SECTOR_LABELS, RoundNetwork, round_network, works
from commonground.programmes import figures as programme_figures
from commonground.programmes.models import Programme

NO_SECTOR = "none"
NETWORK = "network"  # the kind of figures `core.figure_store` keeps
VERSION = 1  # raise it when NetworkFigures changes shape or meaning
SECTOR_CODES = sorted(SECTOR_LABELS)  # round_network codes sectors by their place in this list


def sector_label(code: str) -> str:
    return SECTOR_LABELS.get(code, "No organisation recorded")


@dataclass(frozen=True)
class RoundFigures:
    """Whole-network figures for one round; a count is None when it is not shown."""

    round_id: int
    label: str
    kind: str
    listed: int | None
    respondents: int | None
    ties: int | None
    density: float | None
    ei_organisation: float | None
    ei_sector: float | None
    ei_place: float | None
    new_ties: int | None = None
    new_crossing_organisation: int | None = None
    compared: bool = False  # False when there is no earlier round (or too few people in both) to compare

    @property
    def suppressed(self) -> bool:
        return self.listed is None and self.respondents is None and self.ties is None


@dataclass(frozen=True)
class SectorTie:
    a: str
    b: str
    ties: int | None

    @property
    def label(self) -> str:
        return sector_label(self.a) if self.a == self.b else f"{sector_label(self.a)} – {sector_label(self.b)}"


@dataclass(frozen=True)
class SectorMap:
    """A round's map as counts: people per sector and ties between sectors (None: not shown)."""

    round_id: int
    listed: int | None
    ties: int | None
    people: list[tuple[str, int | None]]
    links: list[SectorTie]

    @property
    def sectors(self) -> list[dict[str, object]]:
        return [{"code": code, "label": sector_label(code), "people": n} for code, n in self.people]

    def picture(self) -> dict[str, object]:
        """Sectors as nodes and ties between them as edges: no person, name or id."""
        def count(n: int | None) -> str:
            return "not shown" if n is None else str(n)

        return {
            "aggregate": True,
            "nodes": [
                {"id": f"sector-{code}", "sector": code if code != NO_SECTOR else "other",
                 "label": f"{sector_label(code)}: {count(n)}"}
                for code, n in self.people
            ],
            "edges": [
                {"source": f"sector-{t.a}", "target": f"sector-{t.b}", "label": count(t.ties)}
                for t in self.links if t.a != t.b and t.ties != 0
            ],
        }


@dataclass(frozen=True)
class GroupChange:
    """Average organisations and sectors each person is tied to, at the start and now, for one group."""

    label: str
    people: int
    organisations_start: float | None
    organisations_now: float | None
    sectors_start: float | None
    sectors_now: float | None
    has_now: bool = False  # False until a later round has answers: "now" is then not suppressed but absent


@dataclass(frozen=True)
class NetworkFigures:
    rounds: list[RoundFigures]
    by_sector: list[GroupChange]
    by_place: list[GroupChange]
    maps: dict[int, SectorMap] = field(default_factory=dict)
    publication: Publication | None = field(default=None, repr=False)


def publish(programme: Programme, *, reach: programme_figures.Reach | None = None) -> NetworkFigures:
    """Every relationship figure of the programme, protected together with the participant figures."""
    reach = reach or programme_figures.reach(programme)
    rounds = list(
        SurveyRound.objects.filter(programme=programme, opens_at__lte=timezone.now())
        .select_related("cohort", "programme")
        .order_by("cohort__name", "opens_at")
    )
    by_scope: dict[int | None, list[SurveyRound]] = {}
    for r in rounds:
        by_scope.setdefault(r.cohort_id, []).append(r)
    table = publishing.LinkedTable(reach.publication)
    raw: list[_RawRound] = []
    start_reach: dict[int, tuple[float, float]] = {}
    now_reach: dict[int, tuple[float, float]] = {}
    people: dict[int, Person] = {}
    listed_cells: dict[int | None, str] = {}
    for cohort_id, scope_rounds in by_scope.items():
        previous: RoundNetwork | None = None
        sector_cells: list[tuple[str, str]] = []
        for r in scope_rounds:
            rn = round_network(r)
            if cohort_id not in listed_cells:
                # Listing is one choice per person, so every round of a survey lists the same people:
                # one cell each for them and for their sectors, whichever round shows them.
                scope = f"network.{cohort_id or 'programme'}"
                listed_cells[cohort_id] = table.cell(f"{scope}.listed", len(rn.people))
                population = programme_figures.TOTAL if cohort_id is None else programme_figures.cohort_cell(cohort_id)
                if population in reach.publication.cells:
                    table.at_most(listed_cells[cohort_id], population)
                sector_cells = [
                    (code, table.cell(f"{scope}.people.{code}", n))
                    for code, n in sorted(Counter(_sector_codes(rn)).items())
                ]
                table.sum(listed_cells[cohort_id], [cell for _, cell in sector_cells])
            raw.append(_round_cells(table, rn, previous, listed_cells[cohort_id], sector_cells))
            orgs, sectors = _reach(rn)
            target = start_reach if previous is None else now_reach
            for person, o, s in zip(rn.people, orgs, sectors, strict=True):
                target[person.pk] = (float(o), float(s))
                people[person.pk] = person
            previous = rn
    if None in listed_cells and len(listed_cells) > 1:
        # The whole programme's listed people include every cohort's.
        table.at_most_sum(listed_cells[None], [c for k, c in listed_cells.items() if k is not None])
    published = table.protect()
    return NetworkFigures(
        rounds=[r.figures(published) for r in raw],
        # Grouped by where each person works in the programme's system (`round_network` attached it).
        by_sector=_group_changes(
            people, start_reach, now_reach,
            lambda p: SECTOR_LABELS.get(org.sector, "") if (org := works(p).organisation) else "Not recorded",
        ),
        by_place=_group_changes(
            people, start_reach, now_reach, lambda p: place.name if (place := works(p).place) else "Not recorded"
        ),
        maps={r.survey_round.pk: r.sector_map(published) for r in raw},
        publication=published,
    )


# -- Stored (see core/figure_store.py) ----------------------------------------------------------


def computed(programme_id: int, scope: str) -> NetworkFigures:
    """The relationship figures as the figure store computes them: protected given the participant
    figures as stored, so the chain holds between stored figures as between live ones."""
    programme = Programme.objects.get(pk=programme_id)
    return publish(programme, reach=figure_store.latest(programme_id, programme_figures.REACH).value)


def round_opened(programme_id: int, since: dt.datetime, until: dt.datetime) -> bool:
    """Whether a survey round of the programme opened between the two moments (it counts from then)."""
    return SurveyRound.objects.filter(programme_id=programme_id, opens_at__gt=since, opens_at__lte=until).exists()


def register() -> None:
    figure_store.register(NETWORK, computed, version=VERSION, after=[programme_figures.REACH], due=round_opened)


def stored(programme: Programme) -> figure_store.Stored[NetworkFigures]:
    """The relationship figures as pages show them: computed once, read from the store."""
    return figure_store.read(programme.pk, NETWORK)


def changed(programme_id: int) -> None:
    """Survey answers, listing or rounds changed: the relationship figures, and those computed
    after them, are computed again (call inside the writing transaction, after the write)."""
    figure_store.changed(programme_id, NETWORK)


# -- Internals ---------------------------------------------------------------------------------




@dataclass(frozen=True)
class _RawRound:
    survey_round: SurveyRound
    label: str
    listed: str
    answered: str
    ties: str
    splits: dict[str, tuple[str, str]]  # attribute → (within cell, across cell)
    density: float | None
    people: list[tuple[str, str]]  # sector code → cell
    links: list[tuple[str, str, str]]  # sector a, sector b, cell
    new: str | None
    crossing: str | None

    def figures(self, published: Publication) -> RoundFigures:
        shown = published.value
        listed, answered, ties = shown(self.listed), shown(self.answered), shown(self.ties)
        whole = (
            listed is not None and answered is not None and ties is not None
            and listed >= THRESHOLD and answered >= THRESHOLD
        )

        def ei(attribute: str) -> float | None:
            within, across = (shown(c) for c in self.splits[attribute])
            if not whole or within is None or across is None or within + across == 0:
                return None
            return (across - within) / (across + within)

        return RoundFigures(
            round_id=self.survey_round.pk,
            label=self.label,
            kind=self.survey_round.get_kind_display(),
            listed=listed,
            respondents=answered,
            ties=ties,
            density=self.density if whole else None,
            ei_organisation=ei("organisation"),
            ei_sector=ei("sector"),
            ei_place=ei("place"),
            new_ties=shown(self.new) if self.new else None,
            new_crossing_organisation=shown(self.crossing) if self.crossing else None,
            compared=self.new is not None,
        )

    def sector_map(self, published: Publication) -> SectorMap:
        return SectorMap(
            round_id=self.survey_round.pk,
            listed=published.value(self.listed),
            ties=published.value(self.ties),
            people=[(code, published.value(cell)) for code, cell in self.people],
            links=[SectorTie(a, b, published.value(cell)) for a, b, cell in self.links],
        )


def _sector_codes(rn: RoundNetwork) -> list[str]:
    return [SECTOR_CODES[int(i)] if i >= 0 else NO_SECTOR for i in rn.sector]


def _round_cells(
    table: publishing.LinkedTable, rn: RoundNetwork, previous: RoundNetwork | None, listed: str, people_cells: list[tuple[str, str]]
) -> _RawRound:
    r = rn.survey_round
    prefix = f"network.round.{r.pk}"
    answered = table.cell(f"{prefix}.answered", rn.respondents)
    table.at_most(answered, listed)
    ties = table.cell(f"{prefix}.ties", rn.network.tie_count)
    splits: dict[str, tuple[str, str]] = {}
    for attribute, values in (("organisation", rn.organisation), ("sector", rn.sector), ("place", rn.place)):
        result = na.ei_index(rn.network, values)
        within = table.cell(f"{prefix}.within_{attribute}", result.internal)
        across = table.cell(f"{prefix}.across_{attribute}", result.external)
        table.sum(ties, [within, across])
        splits[attribute] = (within, across)

    # The aggregate map: ties per pair of sectors (people per sector are the scope's cells).
    codes = _sector_codes(rn)
    pair_counts: Counter[tuple[str, str]] = Counter()
    for a, b in rn.network.pairs.tolist():
        first, second = sorted((codes[a], codes[b]))
        pair_counts[(first, second)] += 1
    present = [code for code, _ in people_cells]
    link_cells = []
    for i, a in enumerate(present):
        for b in present[i:]:
            link_cells.append((a, b, table.cell(f"{prefix}.ties.{a}.{b}", pair_counts.get((a, b), 0))))
    table.sum(splits["sector"][0], [cell for a, b, cell in link_cells if a == b])
    table.sum(splits["sector"][1], [cell for a, b, cell in link_cells if a != b])

    new = crossing = None
    if previous is not None:
        # Compare the same people: those listed in both rounds.
        shared = sorted(set(rn.index) & set(previous.index))
        if len(shared) >= THRESHOLD:
            fresh = na.new_ties(_restrict(previous, shared), _restrict(rn, shared))
            org = np.array([rn.organisation[rn.index[p]] for p in shared], dtype=np.int64)
            new = table.cell(f"{prefix}.new", fresh.tie_count)
            crossing = table.cell(f"{prefix}.new_across_organisation", na.crossing_ties(fresh, org))
            table.at_most(new, ties)
            table.at_most(crossing, new)
    return _RawRound(
        survey_round=r,
        label=r.cohort.name if r.cohort else "Whole programme",
        listed=listed,
        answered=answered,
        ties=ties,
        splits=splits,
        density=na.density(rn.network) if rn.people else None,
        people=people_cells,
        links=link_cells,
        new=new,
        crossing=crossing,
    )


def _restrict(rn: RoundNetwork, person_ids: list[int]) -> na.TieNetwork:
    position = {pid: i for i, pid in enumerate(person_ids)}
    back = {rn.index[pid]: position[pid] for pid in person_ids}
    pairs = [(back[a], back[b]) for a, b in rn.network.pairs.tolist() if a in back and b in back]
    return na.build_network(len(person_ids), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def _reach(rn: RoundNetwork) -> tuple[np.ndarray, np.ndarray]:
    """Per person: distinct other organisations and distinct sectors among their ties."""
    orgs: list[set[int]] = [set() for _ in rn.people]
    sectors: list[set[int]] = [set() for _ in rn.people]
    for a, b in rn.network.pairs.tolist():
        for me, other in ((a, b), (b, a)):
            if rn.organisation[other] != rn.organisation[me]:
                orgs[me].add(int(rn.organisation[other]))
            if rn.sector[other] != rn.sector[me]:
                sectors[me].add(int(rn.sector[other]))
    return np.array([len(s) for s in orgs], dtype=float), np.array([len(s) for s in sectors], dtype=float)


def _group_changes(
    people: dict[int, Person],
    start: dict[int, tuple[float, float]],
    now: dict[int, tuple[float, float]],
    key: Callable[[Person], str],
) -> list[GroupChange]:
    groups: dict[str, list[int]] = {}
    for pid, person in people.items():
        groups.setdefault(key(person), []).append(pid)
    rows = []
    for label in sorted(groups):
        members = groups[label]
        with_start = [start[p] for p in members if p in start]
        with_now = [now[p] for p in members if p in now]

        def mean(values: list[tuple[float, float]], i: int) -> float | None:
            return round(sum(v[i] for v in values) / len(values), 1) if len(values) >= THRESHOLD else None

        rows.append(
            GroupChange(
                label=label,
                people=len(members),
                organisations_start=mean(with_start, 0),
                organisations_now=mean(with_now, 0),
                sectors_start=mean(with_start, 1),
                sectors_now=mean(with_now, 1),
                has_now=bool(with_now),
            )
        )
    return rows
