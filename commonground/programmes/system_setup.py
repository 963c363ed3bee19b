"""The one writer of a system's own set-up: its name and data controller, its places and its
partner organisations (typed one by one or imported in bulk). Each write is one transaction, and
bad input is a `ValidationError` naming the field, with nothing written.

`organisation_problems` is the one rule book for new organisations; the importer numbers its
answers by row, the typed form shows them on its fields.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.core.inputs import has_refused_characters
from commonground.programmes.models import Organisation, Place, Sector, System
from commonground.programmes.ods import normalise_ods_code, ods_code_problem

NAME_LENGTH = 200
SECTOR_NAMES = ", ".join(str(label) for label in Sector.labels)


@dataclass(frozen=True)
class NewOrganisation:
    """A partner organisation to add: `sector` is a `Sector` code, `place_ids` the system's places it works in."""

    name: str
    sector: str
    ods_code: str = ""
    place_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Problem:
    """What is wrong with the organisation at `index` of the list given, and in which field."""

    index: int
    field: str
    message: str


def _name_problem(name: str, what: str) -> str | None:
    if not name.strip():
        return f"Enter the {what}'s name."
    if len(name.strip()) > NAME_LENGTH:
        return f"The {what}'s name is {len(name.strip())} characters long: at most {NAME_LENGTH}."
    if has_refused_characters(name):
        return f"The {what}'s name must be one line of text, without tabs or control characters."
    return None


@transaction.atomic
def save_details(
    *, system_id: int, name: str, short_name: str, data_controller: str, privacy_contact: str
) -> System:
    """Rename the system and name its data controller and privacy contact."""
    system = System.objects.select_for_update().get(pk=system_id)
    name = name.strip()
    problem = _name_problem(name, "system")
    if problem:
        raise ValidationError({"name": problem})
    if System.objects.filter(name__iexact=name).exclude(pk=system.pk).exists():
        raise ValidationError({"name": f"Another system is already called {name}."})
    system.name, system.short_name = name, short_name.strip()
    system.data_controller, system.privacy_contact = data_controller.strip(), privacy_contact.strip().lower()
    system.full_clean(validate_unique=False, validate_constraints=False)
    system.save(update_fields=["name", "short_name", "data_controller", "privacy_contact"])
    return system


@transaction.atomic
def add_place(*, system: System, name: str, population: int | None = None) -> Place:
    """Add a place (a local partnership) to the system; its name is unique in the system."""
    name = name.strip()
    problem = _name_problem(name, "place")
    if problem:
        raise ValidationError({"name": problem})
    if population is not None and population < 0:
        raise ValidationError({"population": "Residents cannot be fewer than 0."})
    System.objects.select_for_update().filter(pk=system.pk).first()  # one writer at a time per system
    if Place.objects.filter(system=system, name__iexact=name).exists():
        raise ValidationError({"name": f"{system.name} already has a place called {name}."})
    return Place.objects.create(system=system, name=name, population=population)


def organisation_problems(*, system: System, organisations: Sequence[NewOrganisation]) -> list[Problem]:
    """Every problem with adding `organisations` to the system, in order (three queries)."""
    taken_names = {n.lower() for n in Organisation.objects.filter(system=system).values_list("name", flat=True)}
    taken_codes = set(
        Organisation.objects.filter(system=system).exclude(ods_code="").values_list("ods_code", flat=True)
    )
    places = set(Place.objects.filter(system=system).values_list("pk", flat=True))
    problems: list[Problem] = []
    names_seen: set[str] = set()
    codes_seen: set[str] = set()
    for index, new in enumerate(organisations):
        name = new.name.strip()
        problem = _name_problem(name, "organisation")
        if problem:
            problems.append(Problem(index, "name", problem))
        elif name.lower() in taken_names:
            problems.append(Problem(index, "name", f"{system.name} already has an organisation called {name}."))
        elif name.lower() in names_seen:
            problems.append(Problem(index, "name", f"{name} is named twice: each organisation once."))
        names_seen.add(name.lower())
        if new.sector not in Sector.values:
            problems.append(Problem(index, "sector", f"“{new.sector}” is not one of {SECTOR_NAMES}."))
        code = normalise_ods_code(new.ods_code)
        problem = ods_code_problem(new.ods_code)
        if problem:
            problems.append(Problem(index, "ods_code", problem))
        elif code and code in taken_codes:
            problems.append(Problem(index, "ods_code", f"{code} is already the code of another organisation of {system.name}."))
        elif code and code in codes_seen:
            problems.append(Problem(index, "ods_code", f"{code} is given twice: each code belongs to one organisation."))
        if code:
            codes_seen.add(code)
        if not set(new.place_ids) <= places:
            problems.append(Problem(index, "places", f"A place chosen is not a place of {system.name}."))
    return problems


@transaction.atomic
def add_organisations(*, system: System, organisations: Sequence[NewOrganisation]) -> list[Organisation]:
    """Add partner organisations to the system, all or none: any problem is a `ValidationError`
    naming the field of the first organisation it is about, and nothing is written."""
    System.objects.select_for_update().filter(pk=system.pk).first()  # names are checked, then taken, under one lock
    problems = organisation_problems(system=system, organisations=organisations)
    if problems:
        fields: dict[str, list[str]] = {}
        for problem in problems:
            fields.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(fields)
    made = Organisation.objects.bulk_create(
        Organisation(system=system, name=new.name.strip(), sector=new.sector, ods_code=normalise_ods_code(new.ods_code))
        for new in organisations
    )
    links = [
        Organisation.places.through(organisation_id=org.pk, place_id=place_id)
        for org, new in zip(made, organisations, strict=True)
        for place_id in dict.fromkeys(new.place_ids)
    ]
    Organisation.places.through.objects.bulk_create(links)
    return made
