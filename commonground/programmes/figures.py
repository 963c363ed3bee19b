"""Who takes part, as published: one protected table read by every page that shows it.

Participants are counted by cohort within place, by organisation within sector within sector
family, and by seniority band; all four share the programme total. `core.disclosure` decides
once what of all of it may be shown, so the lead's overview, the funder's reach, the organisation
directory and anything that links to these counts (the evaluation's invited figures, the
relationship survey's listed figures) show the same figure the same way. Three grouped queries
whatever the programme's size.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F

from commonground.accounts.models import Seniority
from commonground.core import figure_store, publishing
from commonground.core.disclosure import Publication, Relation, Table
from commonground.programmes.models import (
    SECTOR_FAMILY,
    Membership,
    Programme,
    Sector,
    SectorFamily,
)
from commonground.programmes.where import here

TOTAL = "participants"
REACH = "reach"  # the kind of figures `core.figure_store` keeps
VERSION = 1  # raise it when Reach changes shape or meaning
NO_ORGANISATION = f"{TOTAL}.sector.none"


def cohort_cell(cohort_id: int | None) -> str:
    return f"{TOTAL}.cohort.{cohort_id or 'none'}"


def place_cell(place_id: int | None) -> str:
    return f"{TOTAL}.place.{place_id or 'none'}"


def sector_cell(sector: str | None) -> str:
    return f"{TOTAL}.sector.{sector or 'none'}"


def family_cell(family: str) -> str:
    return f"{TOTAL}.family.{family}"


def organisation_cell(organisation_id: int) -> str:
    return f"{TOTAL}.organisation.{organisation_id}"


def seniority_cell(band: str) -> str:
    return f"{TOTAL}.seniority.{band or 'none'}"


@dataclass(frozen=True)
class FigureRow:
    """One line of a figures table; `count` is None when it is not shown."""

    label: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class OrganisationFigure:
    organisation_id: int
    name: str
    count: int | None

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class Reach:
    """The published participant figures; `publication` links further tables to them."""

    publication: Publication = field(repr=False)
    total: int | None
    by_cohort: list[FigureRow]
    by_place: list[FigureRow]
    by_sector: list[FigureRow]
    by_family: list[FigureRow]
    by_seniority: list[FigureRow]
    organisations: dict[int, OrganisationFigure]


def reach(programme: Programme) -> Reach:
    """Participants by cohort, place, sector, family, seniority and organisation, protected together."""
    participants = Membership.objects.participants().filter(programme=programme)
    cohorts = list(
        participants.values("cohort_id", "cohort__name", "cohort__place_id", "cohort__place__name")
        .annotate(n=Count("pk"))
        .order_by("cohort__name", "cohort_id")
    )
    # Each participant's affiliation in the programme's system, or none: one row per person.
    organisations = list(
        participants.alias(
work=here(programme.system_id)
        )
        .values(
            org_id=F("work__organisation_id"),
            org_name=F("work__organisation__name"),
            org_sector=F("work__organisation__sector"),
        )
        .annotate(n=Count("pk"))
        .order_by("org_name", "org_id")
    )
    bands = dict(participants.values_list("person__seniority").annotate(n=Count("pk")).order_by())

    cells: dict[str, int] = {TOTAL: sum(row["n"] for row in cohorts)}
    relations: list[Relation] = []

    def tally(parent: str, child: str, n: int, tree: dict[str, list[str]]) -> None:
        cells[child] = cells.get(child, 0) + n
        if child not in tree.setdefault(parent, []):
            tree[parent].append(child)

    places: dict[str, list[str]] = {}
    place_labels: dict[str, str] = {}
    cohort_rows: list[tuple[str, str]] = []
    for row in cohorts:
        place = place_cell(row["cohort__place_id"])
        place_labels[place] = row["cohort__place__name"] or "System-wide or not yet placed"
        tally(place, cohort_cell(row["cohort_id"]), row["n"], places)
        cohort_rows.append((cohort_cell(row["cohort_id"]), row["cohort__name"] or "Not yet placed in a cohort"))
    for place, members in places.items():
        cells[place] = sum(cells[c] for c in members)
        relations.append(Relation(place, tuple(members)))
    relations.append(Relation(TOTAL, tuple(places)))

    sectors: dict[str, list[str]] = {}
    names: dict[int, str] = {}
    for org in organisations:
        if org["org_id"] is None:
            cells[NO_ORGANISATION] = org["n"]
            continue
        names[org["org_id"]] = org["org_name"]
        tally(sector_cell(org["org_sector"]), organisation_cell(org["org_id"]), org["n"], sectors)
    families: dict[str, list[str]] = {}
    for sector, members in sectors.items():
        cells[sector] = sum(cells[c] for c in members)
        relations.append(Relation(sector, tuple(members)))
        code = sector.rsplit(".", 1)[1]
        family = family_cell(SECTOR_FAMILY.get(code, SectorFamily.OTHER_PUBLIC))
        cells[family] = cells.get(family, 0) + cells[sector]
        families.setdefault(family, []).append(sector)
    relations += [Relation(family, tuple(members)) for family, members in families.items()]
    top = list(families) + ([NO_ORGANISATION] if NO_ORGANISATION in cells else [])
    relations.append(Relation(TOTAL, tuple(top)))

    for band, n in bands.items():
        cells[seniority_cell(band)] = cells.get(seniority_cell(band), 0) + n
    relations.append(Relation(TOTAL, tuple(dict.fromkeys(seniority_cell(band) for band in bands))))

    published = publishing.publish(Table(cells=cells, relations=tuple(relations)))

    def rows(labelled: list[tuple[str, str]]) -> list[FigureRow]:
        return [FigureRow(label, published.value(key)) for key, label in labelled if cells.get(key)]

    sector_labels = [(sector_cell(str(v)), str(label)) for v, label in Sector.choices]
    family_labels = [(family_cell(str(v)), str(label)) for v, label in SectorFamily.choices]
    band_labels = [(seniority_cell(str(v)), str(label)) for v, label in Seniority.choices]
    return Reach(
        publication=published,
        total=published.value(TOTAL),
        by_cohort=rows(cohort_rows),
        by_place=rows(sorted(place_labels.items(), key=lambda item: (item[0] == place_cell(None), item[1]))),
        by_sector=rows([*sector_labels, (NO_ORGANISATION, "No organisation recorded")]),
        by_family=rows([*family_labels, (NO_ORGANISATION, "No organisation recorded")]),
        by_seniority=rows([*band_labels, (seniority_cell(""), "Not recorded")]),
        organisations={
            pk: OrganisationFigure(pk, name, published.value(organisation_cell(pk))) for pk, name in names.items()
        },
    )


# -- Stored (see core/figure_store.py) ----------------------------------------------------------


def computed_reach(programme_id: int, scope: str) -> Reach:
    """The reach as the figure store computes it: the whole programme is its one scope."""
    return reach(Programme.objects.get(pk=programme_id))


def stored_reach(programme: Programme) -> figure_store.Stored[Reach]:
    """The reach as pages show it: computed once, read from the store."""
    return figure_store.read(programme.pk, REACH)


def programmes_changed(programme_ids: Iterable[int]) -> None:
    """Who takes part, their cohorts or where they work changed in these programmes: every figure
    made from them follows (call inside the writing transaction)."""
    for pk in sorted(set(programme_ids)):
        figure_store.changed(pk, REACH)


def people_changed(person_ids: Iterable[int], *, system_id: int | None = None) -> None:
    """Something the figures count about these people changed (where they work in a system, their
    seniority): the programmes they take part in (in that system) follow."""
    taking_part = Membership.objects.participants().filter(person_id__in=list(person_ids))
    if system_id is not None:
        taking_part = taking_part.filter(programme__system_id=system_id)
    programmes_changed(taking_part.order_by().values_list("programme_id", flat=True).distinct())
