"""A run's fairness table: match rate and first-choice rate by sector and by place, published safely.

Both breakdowns go into one disclosure table (they share the totals), so no cell can be worked
out by subtracting one breakdown's rows from the other's. Rates are shown only beside counts that
are shown.
"""

from collections import Counter
from dataclasses import dataclass

from commonground.core.disclosure import Relation, Table
from commonground.core.publishing import publish
from commonground.mentoring.models import Match, MatchRun
from commonground.programmes.models import SECTOR_FAMILY, SectorFamily
from commonground.programmes.where import by_person

UNKNOWN = "Not recorded"


@dataclass(frozen=True)
class FairRow:
    label: str
    mentees: int | None
    matched: int | None
    first: int | None

    @property
    def match_rate(self) -> float | None:
        return _rate(self.matched, self.mentees)

    @property
    def first_rate(self) -> float | None:
        return _rate(self.first, self.matched)


@dataclass(frozen=True)
class Fairness:
    total: FairRow
    by_sector: list[FairRow]
    by_place: list[FairRow]


def _rate(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    return round(100 * part / whole, 1)


def fairness(run: MatchRun) -> Fairness:
    """The run's table: everyone it considered, who it matched, who got their first choice."""
    pool = [int(pid) for pid in run.pool]
    work = by_person(system_id=run.programme.system_id, person_ids=pool)
    ranks = dict(Match.objects.filter(run=run).values_list("mentee_id", "rank"))
    groups: dict[str, dict[str, str]] = {"s": {}, "p": {}}
    counts: Counter[str] = Counter()
    for pid in pool:
        w = work.get(pid)
        family = SECTOR_FAMILY.get(w.organisation.sector, "") if w and w.organisation else ""
        labels = {
            "s": SectorFamily(family).label if family else UNKNOWN,
            "p": w.place.name if w and w.place else UNKNOWN,
        }
        for axis, label in labels.items():
            groups[axis].setdefault(label, f"{axis}{len(groups[axis])}")
            key = groups[axis][label]
            counts[f"{key}.mentees"] += 1
            counts[f"{key}.matched"] += pid in ranks
            counts[f"{key}.first"] += ranks.get(pid) == 1
        counts["all.mentees"] += 1
        counts["all.matched"] += pid in ranks
        counts["all.first"] += ranks.get(pid) == 1
    keys = ["all"] + [k for axis in groups.values() for k in axis.values()]
    cells: dict[str, int] = {}
    relations = []
    for key in keys:
        m, t, f = counts[f"{key}.mentees"], counts[f"{key}.matched"], counts[f"{key}.first"]
        cells |= {f"{key}.mentees": m, f"{key}.matched": t, f"{key}.first": f,
                  f"{key}.unmatched": m - t, f"{key}.other": t - f}
        relations += [Relation(f"{key}.mentees", (f"{key}.matched", f"{key}.unmatched")),
                      Relation(f"{key}.matched", (f"{key}.first", f"{key}.other"))]
    for named in groups.values():
        if named:
            for part in ("mentees", "matched", "first"):
                relations.append(Relation(f"all.{part}", tuple(f"{k}.{part}" for k in named.values())))
    latent = frozenset(n for n in cells if n.endswith((".unmatched", ".other")))
    published = publish(Table(cells=cells, relations=tuple(relations), latent=latent))

    def row(label: str, key: str) -> FairRow:
        return FairRow(label, published.value(f"{key}.mentees"), published.value(f"{key}.matched"),
                       published.value(f"{key}.first"))

    return Fairness(
        total=row("All mentees", "all"),
        by_sector=[row(label, key) for label, key in sorted(groups["s"].items())],
        by_place=[row(label, key) for label, key in sorted(groups["p"].items())],
    )
