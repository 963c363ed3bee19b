"""Saving a programme as a template, and starting the next intake from one.

`plan_intake` works out the new programme without writing anything (the review page shows it);
`start_programme` writes what it planned in one transaction, through each app's own services
(sessions and modules through the schedule's, rounds through development's and the relationship
survey's, funders and budget lines through the ledger), so if any step refuses, nothing of the new
programme is left behind. Every date is the template's day shifted to the new start.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction

from commonground.accounts import audit
from commonground.accounts.models import AuditAction, Person
from commonground.blueprints import blueprint as bp
from commonground.blueprints.models import Intake, ProgrammeTemplate
from commonground.blueprints.queries import blueprint_of, describe
from commonground.core import codec
from commonground.core.inputs import one_line
from commonground.development import catalogue
from commonground.development import services as development
from commonground.development.models import Instrument
from commonground.network import services as network
from commonground.programmes import ledger
from commonground.programmes.models import (
    Cohort,
    Funder,
    Membership,
    Organisation,
    Place,
    Programme,
    ProgrammeStatus,
    Role,
    System,
)
from commonground.recruitment.models import EligibilityRule, Quota
from commonground.schedule.services.sessions import create_session, save_module

LONDON = ZoneInfo("Europe/London")
LATEST_START = dt.date(2100, 1, 1)


@transaction.atomic
def save_as_template(programme: Programme, *, name: str, by: Person | None) -> ProgrammeTemplate:
    """Keep the programme's shape as a template of its system, to start the next intake from."""
    name = one_line(name)
    if not name:
        raise ValidationError({"name": "Enter a name for the template."})
    taken = ProgrammeTemplate.objects.filter(system_id=programme.system_id, name__iexact=name).first()
    if taken is not None:
        raise ValidationError({"name": f"{programme.system} already has a template called {taken.name}."})
    description = describe(programme)
    template = ProgrammeTemplate(
        system_id=programme.system_id, name=name, description=codec.encode(description),
        saved_from=programme, created_by=by,
    )
    template.full_clean()
    template.save()
    return template


@dataclass(frozen=True)
class CohortChoice:
    """One of the template's cohorts (by name) as the new intake runs it: where, and how many places."""

    cohort: str
    place: Place | None
    capacity: int


@dataclass(frozen=True)
class PlannedCohort:
    name: str
    template_name: str
    place: Place | None
    capacity: int
    starts_on: dt.date
    ends_on: dt.date
    same_place: bool  # meets where the template's cohort met, so its venues still hold


@dataclass(frozen=True)
class PlannedSession:
    plan: bp.SessionPlan
    title: str
    cohort: str  # the new cohort's name; empty: the whole programme
    starts_at: dt.datetime
    ends_at: dt.datetime
    keeps_venue: bool


@dataclass(frozen=True)
class PlannedRound:
    plan: bp.RoundPlan
    cohort: str
    opens_at: dt.datetime
    closes_at: dt.datetime


@dataclass(frozen=True)
class IntakePlan:
    """The new programme as `start_programme` will write it, and what it leaves out, and why."""

    title: str
    starts_on: dt.date
    ends_on: dt.date
    blueprint: bp.Blueprint
    cohorts: list[PlannedCohort]
    sessions: list[PlannedSession]
    development_rounds: list[PlannedRound]
    survey_rounds: list[PlannedRound]
    partners: dict[str, Organisation | None]  # module title -> its partner in this system
    notes: list[str] = field(default_factory=list)


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=LONDON)


def default_choices(template: ProgrammeTemplate, system: System) -> list[CohortChoice]:
    """Every cohort of the template at the system's place of the same name or, failing that, the
    system's places in turn (a shipped template meets a system with places of its own)."""
    places = list(Place.objects.filter(system=system).order_by("name"))
    by_name = {p.name: p for p in places}
    spare = [p for p in places if p.name not in {c.place for c in blueprint_of(template).cohorts}]
    choices = []
    for c in blueprint_of(template).cohorts:
        place = by_name.get(c.place) if c.place else None
        if c.place and place is None and spare:
            place = spare.pop(0)
        choices.append(CohortChoice(cohort=c.name, place=place, capacity=c.capacity))
    return choices


def plan_intake(
    template: ProgrammeTemplate, *, system: System, title: str, starts_on: dt.date,
    places: Sequence[CohortChoice] | None = None,
) -> IntakePlan:
    """The intake the template makes in `system` from `starts_on`, written nowhere. Bad input is a
    `ValidationError` naming the field (title, starts_on, places) and the cohort at fault."""
    if template.system_id not in (None, system.pk):
        raise ValidationError("That template belongs to another system.")
    blueprint = blueprint_of(template)
    problems = bp.problems(blueprint)
    if problems:
        raise ValidationError({"template": problems})
    title = one_line(title)
    errors: dict[str, list[str]] = {}
    if not title:
        errors.setdefault("title", []).append("Enter the new programme's title.")
    elif Programme.objects.filter(system=system, title__iexact=title).exists():
        errors.setdefault("title", []).append(f"{system} already has a programme called {title}.")
    if not dt.date(2000, 1, 1) <= starts_on <= LATEST_START:
        errors.setdefault("starts_on", []).append("The start date must be a real date this century.")
    chosen = list(places) if places is not None else _named_places(blueprint, system, errors)
    if not chosen:
        errors.setdefault("places", []).append("Choose at least one cohort to run.")
    seen: set[str] = set()
    for choice in chosen:
        if blueprint.cohort(choice.cohort) is None:
            errors.setdefault("places", []).append(f"The template has no cohort called {choice.cohort}.")
        elif choice.cohort in seen:
            errors.setdefault("places", []).append(f"{choice.cohort} is chosen twice.")
        if choice.place is not None and choice.place.system_id != system.pk:
            errors.setdefault("places", []).append(f"{choice.cohort}: {choice.place.name} is not a place of {system}.")
        if choice.capacity < 1:
            errors.setdefault("places", []).append(f"{choice.cohort}: capacity must be at least 1.")
        seen.add(choice.cohort)
    if errors:
        raise ValidationError(errors)  # type: ignore[arg-type]

    notes: list[str] = []
    cohorts = [_cohort(blueprint.cohort(c.cohort), c, starts_on) for c in chosen]  # type: ignore[arg-type]
    left_out = [c.name for c in blueprint.cohorts if c.name not in seen]
    names = {c.template_name: c.name for c in cohorts}
    taken = [c.name for c in cohorts]
    twice = sorted({n for n in taken if taken.count(n) > 1})
    if twice:
        raise ValidationError({"places": [f"Two cohorts would both be called {twice[0]}: choose different places."]})
    if left_out:
        notes.append(f"Left out with their sessions, rounds and quotas: {', '.join(left_out)}.")
    same = {c.template_name: c.same_place for c in cohorts}
    sessions = [
        PlannedSession(
            plan=s, title=bp.renamed(s.title, names), cohort=names.get(s.cohort, ""),
            starts_at=_at(starts_on + dt.timedelta(days=s.day), s.starts),
            ends_at=_at(starts_on + dt.timedelta(days=s.day), s.ends),
            keeps_venue=same.get(s.cohort, True),
        )
        for s in blueprint.sessions
        if not s.cohort or s.cohort in names
    ]
    if any(not s.keeps_venue and s.plan.venue_name for s in sessions):
        notes.append("Cohorts meeting in another place than the template's keep no venue: add their venues later.")
    shipped_keys = {spec["key"] for spec in catalogue.BUILTIN}
    own = sorted({r.instrument for r in blueprint.development_rounds if r.instrument not in shipped_keys})
    if own:
        notes.append(f"Rounds of a programme's own instruments stay with that programme: {', '.join(own)}.")
    partners = _partners(blueprint, system)
    missing = sorted(title for title, org in partners.items() if org is None and _partner_of(blueprint, title))
    if missing:
        notes.append(f"No partner organisation of this name in {system} for: {', '.join(missing)}; choose one later.")
    return IntakePlan(
        title=title, starts_on=starts_on, ends_on=starts_on + dt.timedelta(days=blueprint.length_days),
        blueprint=blueprint, cohorts=cohorts, sessions=sessions,
        development_rounds=_rounds(
            [r for r in blueprint.development_rounds if r.instrument in shipped_keys], names, starts_on
        ),
        survey_rounds=_rounds(blueprint.survey_rounds, names, starts_on), partners=partners, notes=notes,
    )


def _named_places(blueprint: bp.Blueprint, system: System, errors: dict[str, list[str]]) -> list[CohortChoice]:
    by_name = {p.name: p for p in Place.objects.filter(system=system)}
    chosen = []
    for c in blueprint.cohorts:
        place = by_name.get(c.place) if c.place else None
        if c.place and place is None:
            errors.setdefault("places", []).append(
                f"{c.name} is for {c.place}, which is not a place of {system}: choose its place."
            )
        chosen.append(CohortChoice(cohort=c.name, place=place, capacity=c.capacity))
    return chosen


def _cohort(plan: bp.CohortPlan, choice: CohortChoice, starts_on: dt.date) -> PlannedCohort:
    new_place = choice.place.name if choice.place else ""
    name = plan.name.replace(plan.place, new_place) if plan.place and new_place else plan.name
    if not new_place and plan.place:
        name = plan.name.replace(plan.place, "System-wide").strip()
    return PlannedCohort(
        name=name, template_name=plan.name, place=choice.place, capacity=choice.capacity,
        starts_on=starts_on + dt.timedelta(days=plan.starts_day), ends_on=starts_on + dt.timedelta(days=plan.ends_day),
        same_place=new_place == plan.place,
    )


def _rounds(plans: Sequence[bp.RoundPlan], names: dict[str, str], starts_on: dt.date) -> list[PlannedRound]:
    return [
        PlannedRound(
            plan=r, cohort=names.get(r.cohort, ""),
            opens_at=_at(starts_on + dt.timedelta(days=r.opens_day), r.opens),
            closes_at=_at(starts_on + dt.timedelta(days=r.closes_day), r.closes),
        )
        for r in plans
        if not r.cohort or r.cohort in names
    ]


def _partner_of(blueprint: bp.Blueprint, module_title: str) -> str:
    return next((m.partner for m in blueprint.modules if m.title == module_title), "")


def _partners(blueprint: bp.Blueprint, system: System) -> dict[str, Organisation | None]:
    wanted = {m.partner for m in blueprint.modules if m.partner}
    found = {o.name: o for o in Organisation.objects.filter(system=system, name__in=wanted)}
    return {m.title: found.get(m.partner) for m in blueprint.modules}


@transaction.atomic
def start_programme(
    template: ProgrammeTemplate, *, system: System, title: str, starts_on: dt.date, by: Person | None,
    places: Sequence[CohortChoice] | None = None, open_applications: bool = True,
) -> Programme:
    """Start a new intake of `template` in `system` on `starts_on`: the programme, its cohorts and
    quotas, who may apply, modules, sessions, survey rounds, funders and budget lines, every date
    shifted to the new start; `by` leads it. With `open_applications` (the default) it is
    recruiting with its application form open. All of it, or nothing."""
    plan = plan_intake(template, system=system, title=title, starts_on=starts_on, places=places)
    blueprint = plan.blueprint
    programme = Programme(
        system=system, title=plan.title, summary=blueprint.summary, starts_on=plan.starts_on, ends_on=plan.ends_on,
        status=ProgrammeStatus.RECRUITING if open_applications else ProgrammeStatus.DRAFT,
        min_module_days_to_complete=blueprint.min_module_days_to_complete,
    )
    programme.full_clean()
    programme.save()
    if by is not None:
        lead = Membership.objects.create(person=by, programme=programme, role=Role.LEAD)
        audit.changes(
            audit.Change("membership", [by.pk], ["role"], lead.pk, AuditAction.ROLE_GRANTED),
            actor_id=by.pk, programme_id=programme.pk,
        )
    cohorts = _write_cohorts(programme, plan)
    _write_eligibility(programme, plan, open_applications=open_applications)
    modules = {
        m.title: save_module(
            programme=programme, title=m.title, outcomes=m.outcomes, order=m.order,
            partner_id=org.pk if (org := plan.partners.get(m.title)) else None,
        )
        for m in blueprint.modules
    }
    for s in plan.sessions:
        venue = s.plan if s.keeps_venue else None
        create_session(
            programme=programme, cohorts=[cohorts[s.cohort]] if s.cohort else [],
            module=modules.get(s.plan.module), kind=s.plan.kind, title=s.title, description=s.plan.description,
            starts_at=s.starts_at, ends_at=s.ends_at, online_url=s.plan.online_url, capacity=s.plan.capacity,
            table_size=s.plan.table_size, open_to_system=s.plan.open_to_system,
            venue_name=venue.venue_name if venue else "",
            address=venue.address if venue else "", access_information=venue.access_information if venue else "",
        )
    _write_rounds(programme, plan, cohorts)
    _write_funding(programme, plan, by=by)
    Intake.objects.create(programme=programme, template=template, started_by=by)
    return programme


def _write_cohorts(programme: Programme, plan: IntakePlan) -> dict[str, Cohort]:
    cohorts: dict[str, Cohort] = {}
    organisations = {o.name: o for o in Organisation.objects.filter(system_id=programme.system_id)}
    for planned in plan.cohorts:
        cohort = Cohort(
            programme=programme, name=planned.name, place=planned.place, capacity=planned.capacity,
            starts_on=planned.starts_on, ends_on=planned.ends_on,
        )
        cohort.full_clean()
        cohort.save()
        cohorts[planned.name] = cohort
        template_cohort = plan.blueprint.cohort(planned.template_name)
        assert template_cohort is not None
        for q in template_cohort.quotas:
            organisation = organisations.get(q.organisation) if q.organisation else None
            if q.organisation and organisation is None:
                continue  # an organisation this system does not have: the review page said so
            quota = Quota(
                cohort=cohort, dimension=q.dimension, sector=q.sector, organisation=organisation,
                min_share=q.min_share, max_share=q.max_share,
            )
            quota.full_clean()
            quota.save()
    return cohorts


def _write_eligibility(programme: Programme, plan: IntakePlan, *, open_applications: bool) -> None:
    rules = plan.blueprint.eligibility
    rule = EligibilityRule(
        programme=programme, applications_open=open_applications, allowed_sectors=list(rules.sectors),
        allowed_seniority=list(rules.seniority), offer_days=rules.offer_days, reminder_hours=rules.reminder_hours,
    )
    if rules.privacy_notice:
        rule.privacy_notice = rules.privacy_notice
    rule.full_clean()
    rule.save()
    if rules.places:
        # The template's places, as the cohorts that met there now meet, or by their own name.
        moved = {
            c.template_name: c.place for c in plan.cohorts
        }
        by_template_place = {
            tc.place: moved[tc.name] for tc in plan.blueprint.cohorts if tc.name in moved and tc.place
        }
        by_name = {p.name: p for p in Place.objects.filter(system_id=programme.system_id)}
        allowed = {p.pk: p for name in rules.places if (p := by_template_place.get(name) or by_name.get(name))}
        rule.allowed_places.set(list(allowed.values()))


def _write_rounds(programme: Programme, plan: IntakePlan, cohorts: dict[str, Cohort]) -> None:
    keys = {r.plan.instrument for r in plan.development_rounds}
    instruments = {i.key: i for i in Instrument.objects.filter(key__in=keys, programme__isnull=True)}
    if keys - set(instruments):
        development.install_builtin_instruments()
        instruments = {i.key: i for i in Instrument.objects.filter(key__in=keys, programme__isnull=True)}
    for r in plan.development_rounds:
        instrument = instruments.get(r.plan.instrument)
        if instrument is None:
            continue  # a programme's own instrument stays with its programme: the review page said so
        development.create_round(
            programme=programme, cohort=cohorts[r.cohort] if r.cohort else None, instrument=instrument,
            kind=r.plan.kind, opens_at=r.opens_at, closes_at=r.closes_at, title=r.plan.title,
        )
    for r in plan.survey_rounds:
        network.create_survey_round(
            programme=programme, cohort=cohorts[r.cohort] if r.cohort else None, kind=r.plan.kind,
            opens_at=r.opens_at, closes_at=r.closes_at,
        )


def _write_funding(programme: Programme, plan: IntakePlan, *, by: Person | None) -> None:
    """The template's funders (the system's own of that name when it has one) and its budget lines;
    what each funder commits to this intake is the lead's to enter."""
    existing = {f.name.casefold() for f in Funder.objects.filter(system_id=programme.system_id)}
    for f in plan.blueprint.funders:
        if f.name.casefold() in existing:
            continue
        ledger.create_funder(
            programme=programme, by=by,
            details=ledger.FunderDetails(
                name=f.name, charity_number=f.charity_number, company_number=f.company_number,
                org_identifier=f.org_identifier, commercial=f.commercial,
            ),
        )
    for line in plan.blueprint.budget_lines:
        ledger.create_budget_line(
            programme=programme, by=by,
            details=ledger.BudgetLineDetails(name=line.name, amount_budgeted=line.amount, order=line.order),
        )
