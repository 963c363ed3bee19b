"""Reads: a template's description, a programme described as a template, the templates a system may
start from, whom a person may start an intake for, and a programme's next intake."""

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from commonground.accounts.models import Person
from commonground.blueprints.blueprint import (
    Blueprint,
    BudgetLinePlan,
    CohortPlan,
    EligibilityPlan,
    FunderPlan,
    ModulePlan,
    QuotaPlan,
    RoundPlan,
    SessionPlan,
)
from commonground.blueprints.models import Intake, ProgrammeTemplate
from commonground.core import codec
from commonground.development.models import Round, RoundKind
from commonground.network.models import SurveyRound
from commonground.programmes.models import (
    BudgetLine,
    Contribution,
    Funder,
    Membership,
    Programme,
    ProgrammeStatus,
    Role,
    System,
    SystemAdmin,
)
from commonground.recruitment.models import EligibilityRule, Quota
from commonground.schedule.models import Module, Session, SessionStatus


def blueprint_of(template: ProgrammeTemplate) -> Blueprint:
    return codec.decode(Blueprint, template.description)


def templates_for(system: System) -> QuerySet[ProgrammeTemplate]:
    """The system's own templates and those shipped with Common Ground, shipped first."""
    return ProgrammeTemplate.objects.filter(Q(system=system) | Q(system__isnull=True)).order_by(
        F("system_id").asc(nulls_first=True), "name", "pk"
    )


def template_for(system: System, template_id: int) -> ProgrammeTemplate:
    """One template the system may start from; 404 for another system's."""
    found = templates_for(system).filter(pk=template_id).first()
    if found is None:
        raise Http404("No such template.")
    return found


def may_start_intakes(person: Person, system_id: int) -> bool:
    """A system's administrators and the leads of its programmes start its intakes."""
    return (
        SystemAdmin.objects.filter(system_id=system_id, person=person).exists()
        or Membership.objects.filter(person=person, role=Role.LEAD, programme__system_id=system_id).exists()
    )


def starting_system(person: Person, system_id: int) -> System:
    """The system, when the person may start its intakes; 404 otherwise (another system's included)."""
    if not may_start_intakes(person, system_id):
        raise Http404("No such system.")
    return System.objects.get(pk=system_id)


def next_intake(programme: Programme) -> Programme | None:
    """The next programme of the same system from the same template (the one this programme was
    started from, or saved as), starting after this one and not yet over; None when there is none."""
    templates = Q(intake__template__saved_from=programme) | Q(intake__template__intakes__programme=programme)
    return (
        Programme.objects.filter(templates, system_id=programme.system_id, starts_on__gt=programme.starts_on)
        .exclude(pk=programme.pk)
        .exclude(status__in=[ProgrammeStatus.COMPLETED, ProgrammeStatus.ARCHIVED])
        .order_by("starts_on", "pk")
        .first()
    )


def intake_of(programme: Programme) -> Intake | None:
    return Intake.objects.filter(programme=programme).select_related("template").first()


# -- A programme described as a template ---------------------------------------------------------


def _clock(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _day(moment: dt.datetime, start: dt.date) -> int:
    return (timezone.localtime(moment).date() - start).days


def describe(programme: Programme) -> Blueprint:
    """The programme as a template: its cohorts with quotas, who may apply, modules with partners,
    the sessions still scheduled, the survey rounds (not a session's feedback, which follows its
    session), funders and budget lines; every date a day from the programme's first."""
    start = programme.starts_on
    cohorts = list(programme.cohorts.select_related("place").order_by("starts_on", "name"))
    names = {c.pk: c.name for c in cohorts}
    quotas: dict[int, list[QuotaPlan]] = {}
    for q in Quota.objects.filter(cohort__programme=programme).select_related("organisation").order_by("pk"):
        quotas.setdefault(q.cohort_id, []).append(QuotaPlan(
            dimension=q.dimension, sector=q.sector, organisation=q.organisation.name if q.organisation else "",
            min_share=q.min_share, max_share=q.max_share,
        ))
    rule = EligibilityRule.objects.filter(programme=programme).prefetch_related("allowed_places").first()
    eligibility = EligibilityPlan() if rule is None else EligibilityPlan(
        sectors=tuple(rule.allowed_sectors or ()), seniority=tuple(rule.allowed_seniority or ()),
        places=tuple(sorted(p.name for p in rule.allowed_places.all())), offer_days=rule.offer_days,
        reminder_hours=rule.reminder_hours, privacy_notice=rule.privacy_notice,
    )
    modules = list(Module.objects.filter(programme=programme).select_related("partner").order_by("order", "title"))
    sessions = (
        Session.objects.filter(programme=programme, status=SessionStatus.SCHEDULED)
        .select_related("module").prefetch_related("cohorts").order_by("starts_at", "pk")
    )
    session_plans = []
    for s in sessions:
        own = [names[c.pk] for c in s.cohorts.all() if c.pk in names]
        # A session for several cohorts (but not all) is kept once per cohort it was for.
        for cohort in own or [""]:
            session_plans.append(SessionPlan(
                kind=s.kind, title=s.title, day=_day(s.starts_at, start), starts=_clock(s.starts_at),
                ends=_clock(s.ends_at) if timezone.localtime(s.ends_at).date() == timezone.localtime(s.starts_at).date()
                else "23:59",
                cohort=cohort, module=s.module.title if s.module else "", description=s.description,
                venue_name=s.venue_name, address=s.address, access_information=s.access_information,
                online_url=s.online_url, capacity=s.capacity, table_size=s.table_size,
                open_to_system=s.open_to_system,
            ))
    development = [
        _round(r.kind, r.opens_at, r.closes_at, start, cohort=names.get(r.cohort_id or 0, ""),
               instrument=r.instrument_version.instrument.key, title=r.title)
        for r in Round.objects.filter(programme=programme).exclude(kind=RoundKind.SESSION)
        .select_related("instrument_version__instrument").order_by("opens_at", "pk")
    ]
    survey = [
        _round(r.kind, r.opens_at, r.closes_at, start, cohort=names.get(r.cohort_id or 0, ""))
        for r in SurveyRound.objects.filter(programme=programme).order_by("opens_at", "pk")
    ]
    funder_ids = Contribution.objects.filter(programme=programme).values("funder_id")
    funders = [
        FunderPlan(name=f.name, charity_number=f.charity_number, company_number=f.company_number,
                   org_identifier=f.org_identifier, commercial=f.commercial)
        for f in Funder.objects.filter(pk__in=funder_ids).order_by("name")
    ]
    lines = [
        BudgetLinePlan(name=b.name, amount=b.amount_budgeted, order=b.order)
        for b in BudgetLine.objects.filter(programme=programme).order_by("order", "name")
    ]
    return Blueprint(
        summary=programme.summary,
        length_days=(programme.ends_on - start).days,
        min_module_days_to_complete=programme.min_module_days_to_complete,
        cohorts=tuple(
            CohortPlan(
                name=c.name, place=c.place.name if c.place else "", capacity=c.capacity,
                starts_day=(c.starts_on - start).days, ends_day=(c.ends_on - start).days,
                quotas=tuple(quotas.get(c.pk, ())),
            )
            for c in cohorts
        ),
        eligibility=eligibility,
        modules=tuple(
            ModulePlan(title=m.title, outcomes=m.outcomes, partner=m.partner.name if m.partner else "", order=m.order)
            for m in modules
        ),
        sessions=tuple(session_plans),
        development_rounds=tuple(development),
        survey_rounds=tuple(survey),
        funders=tuple(funders),
        budget_lines=tuple(lines),
    )


def _round(
    kind: str, opens_at: dt.datetime, closes_at: dt.datetime, start: dt.date, *, cohort: str,
    instrument: str = "", title: str = "",
) -> RoundPlan:
    return RoundPlan(
        kind=kind, opens_day=_day(opens_at, start), closes_day=_day(closes_at, start), opens=_clock(opens_at),
        closes=_clock(closes_at), cohort=cohort, instrument=instrument, title=title,
    )
