"""Who may apply: a programme's eligibility rules as plain data, and the reasons a person falls outside them.

`problems` is pure so the application form, nominations and the importer all give the same reasons;
`check_eligibility` applies it to what an applicant tells us (`ApplicantDetails`).
"""

from dataclasses import dataclass

from commonground.accounts.models import Seniority
from commonground.programmes.models import Cohort, Organisation, Place, Programme, Sector, Team


@dataclass(frozen=True)
class Rules:
    """A snapshot of one programme's eligibility rules."""

    system_id: int
    system_name: str
    sectors: frozenset[str] = frozenset()
    seniority: frozenset[str] = frozenset()
    place_ids: frozenset[int] = frozenset()
    place_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """The facts about an applicant that eligibility looks at."""

    organisation_name: str
    organisation_system_id: int
    organisation_sector: str
    organisation_place_ids: frozenset[int]
    place_id: int
    place_system_id: int
    seniority: str


@dataclass(frozen=True)
class ApplicantDetails:
    """What an applicant tells us, already parsed by a form or the importer."""

    full_name: str
    email: str
    organisation: Organisation
    place: Place
    job_title: str
    profession: str
    seniority: str
    why_now: str
    team: Team | None = None
    cohort: Cohort | None = None
    sponsor_name: str = ""
    sponsor_email: str = ""
    access_needs: str = ""


def rules_for(programme: Programme) -> Rules:
    """The programme's rules (anyone in the system's places when it has none)."""
    from commonground.recruitment.models import EligibilityRule

    rule = (
        EligibilityRule.objects.filter(programme=programme)
        .prefetch_related("allowed_places")
        .first()
    )
    system = programme.system
    if rule is None:
        return Rules(system_id=system.pk, system_name=system.name)
    places = sorted(rule.allowed_places.all(), key=lambda p: p.name)
    return Rules(
        system_id=system.pk,
        system_name=system.name,
        sectors=frozenset(rule.allowed_sectors or ()),
        seniority=frozenset(rule.allowed_seniority or ()),
        place_ids=frozenset(p.pk for p in places),
        place_names=tuple(p.name for p in places),
    )


def candidate(
    organisation: Organisation, place: Place, seniority: str, organisation_place_ids: set[int]
) -> Candidate:
    return Candidate(
        organisation_name=organisation.name,
        organisation_system_id=organisation.system_id,
        organisation_sector=organisation.sector,
        organisation_place_ids=frozenset(organisation_place_ids),
        place_id=place.pk,
        place_system_id=place.system_id,
        seniority=seniority,
    )


def problems(rules: Rules, who: Candidate) -> list[str]:
    """Every reason this candidate may not take part, in words an applicant understands; empty if eligible."""
    reasons = []
    if who.organisation_system_id != rules.system_id or not who.organisation_place_ids:
        reasons.append(
            f"{who.organisation_name} does not work in any of {rules.system_name}'s places."
        )
    if who.place_system_id != rules.system_id:
        reasons.append(f"Your place of work is not one of {rules.system_name}'s places.")
    elif rules.place_ids and who.place_id not in rules.place_ids:
        reasons.append(f"This programme is for people working in {_words(rules.place_names)}.")
    if rules.sectors and who.organisation_sector not in rules.sectors:
        allowed = [str(Sector(s).label) for s in Sector.values if s in rules.sectors]
        reasons.append(
            f"This programme is for organisations in these sectors: {_words(allowed)}; "
            f"{who.organisation_name} is {Sector(who.organisation_sector).label}."
        )
    if rules.seniority and who.seniority not in rules.seniority:
        allowed = [
            str(Seniority(s).label).lower() for s in Seniority.values if s in rules.seniority
        ]
        reasons.append(f"This programme is for these seniority bands: {_words(allowed)}.")
    return reasons


def check_eligibility(*, programme: Programme, details: ApplicantDetails) -> list[str]:
    """The reasons this applicant may not take part (empty when eligible)."""
    place_ids = set(details.organisation.places.values_list("pk", flat=True))
    who = candidate(details.organisation, details.place, details.seniority, place_ids)
    reasons = problems(rules_for(programme), who)
    if details.team is not None and details.team.organisation_id != details.organisation.pk:
        reasons.append(f"{details.team.name} is not a team of {details.organisation.name}.")
    if details.cohort is not None and details.cohort.programme_id != programme.pk:
        reasons.append("That cohort is not part of this programme.")
    return reasons


def _words(items: tuple[str, ...] | list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
